/**
 * The people the engine gives work to, as the organisation directory knows them. The server
 * implements it over its accounts; the engine only reads it (to pick an assignee, check that a
 * person may hold a case, and address in-app notifications).
 */

/** A unit (业务单元) of the organisation directory. */
export interface Unit {
  id: string;
  /** Bilingual label: `东城区分公司 East district`. */
  label: string;
}

/** An absence: from, until (epoch ms) and who stands in. */
export interface Absence {
  from: number;
  until: number;
  delegateId: string;
  reason?: string;
}

/** A person of the directory. */
export interface Person {
  id: string;
  username: string;
  displayName?: string;
  roles: string[];
  units: string[];
  disabled: boolean;
  absence?: Absence;
}

/** What the engine reads of the organisation directory. */
export interface PeopleDirectory {
  person(id: string): Promise<Person | undefined>;
  /** Enabled people holding this role. */
  withRole(role: string): Promise<Person[]>;
  /** The units; empty when the directory keeps none (then units are not checked). */
  units(): Promise<Unit[]>;
  /** Roles whose holders work at city level and see every unit. */
  cityRoles(): Promise<string[]>;
}

/** Whether the person is away at `now`. */
export function isAbsent(person: Person, now: number): boolean {
  return person.absence !== undefined && person.absence.from <= now && now < person.absence.until;
}

/** Whether a person may hold cases of `unit`: a member of it, or a city-level role holder. */
export function worksIn(person: Person, unit: string | undefined, cityRoles: readonly string[]): boolean {
  return unit === undefined || person.units.includes(unit) || person.roles.some((role) => cityRoles.includes(role));
}

/** The name to show for a person. */
export function personName(person: Person): string {
  return person.displayName ?? person.username;
}
