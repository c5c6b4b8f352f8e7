/**
 * Which units a person sees, and whom they may manage: pure functions of their roles, their
 * units and the organisation directory. Case routes call `scopeOf` to hide what is outside it.
 */
import type { OrgDirectory } from '../../engine/accounts/types.js';

/** What `scopeOf` needs to know of a person (a user record, or a request's principal). */
export interface ScopedPerson {
  roles: readonly string[];
  units: readonly string[];
}

/** Every unit, or the listed ones. */
export type Scope = { all: true } | { all: false; units: string[] };

/** The scope of someone who sees every unit. */
export const EVERY_UNIT: Scope = { all: true };

/** Roles that see every unit whatever the directory says: they read (auditor) or run (admin) the whole system. */
const EVERYWHERE_ROLES = ['admin', 'auditor'];

/**
 * The units `person` sees: all of them for a city-level role, an auditor or an admin; otherwise
 * their own units.
 * @example scopeOf({ roles: ['agent'], units: ['east-district'] }, directory) // { all: false, units: ['east-district'] }
 */
export function scopeOf(person: ScopedPerson, directory: Pick<OrgDirectory, 'cityRoles'>): Scope {
  const wide = person.roles.some((role) => EVERYWHERE_ROLES.includes(role) || directory.cityRoles.includes(role));
  return wide ? { all: true } : { all: false, units: [...person.units] };
}

/**
 * The scope a request is held to: `undefined` (every unit) while the directory keeps no units, so
 * an installation without an organisation directory works as one unit; `scopeOf` once it has some.
 */
export function enforcedScope(person: ScopedPerson, directory: Pick<OrgDirectory, 'cityRoles' | 'units'>): Scope | undefined {
  return directory.units.length === 0 ? undefined : scopeOf(person, directory);
}

/** True when `scope` includes `unit`. */
export function inScope(scope: Scope, unit: string): boolean {
  return scope.all || scope.units.includes(unit);
}

/** True when `scope` sees `other` (someone sharing a unit, or anyone for a wide scope). */
export function seesPerson(scope: Scope, other: ScopedPerson): boolean {
  return scope.all || other.units.some((unit) => scope.units.includes(unit));
}

/** True when two people belong to a common unit. */
export function shareUnit(a: ScopedPerson, b: ScopedPerson): boolean {
  return a.units.some((unit) => b.units.includes(unit));
}

/**
 * True when `manager` may manage `person`'s absence: an admin, themselves, a city-level role,
 * or a supervisor role sharing a unit with them.
 */
export function managesPerson(manager: ScopedPerson & { id: string }, person: ScopedPerson & { id: string }, directory: Pick<OrgDirectory, 'cityRoles' | 'supervisorRoles'>): boolean {
  if (manager.id === person.id || manager.roles.includes('admin')) return true;
  if (manager.roles.some((role) => directory.cityRoles.includes(role))) return true;
  return manager.roles.some((role) => directory.supervisorRoles.includes(role)) && shareUnit(manager, person);
}
