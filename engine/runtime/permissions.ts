/**
 * May this actor do this to this case now? The one place that decides, beyond the process's
 * own role and state checks (in the compiled machine): which units' cases an actor sees, who may
 * act while someone holds a case, who may claim, assign and release. A case outside an actor's
 * units answers `not-found`, as if it did not exist.
 */
import type { Actor, CompiledProcess } from '../compile/types.js';
import { CaseflowError } from '../errors.js';
import { isAbsent, personName, worksIn, type Person } from './people.js';
import type { CaseRecord } from './store.js';

/** The role timers and the engine itself act with. */
const SYSTEM_ROLE = 'system';

/** Whether the actor sees cases of `unit` (a case without a unit is seen by everyone). */
export function seesUnit(actor: Actor, unit: string | undefined): boolean {
  const scope = actor.scope;
  return scope === undefined || scope.all || unit === undefined || scope.units.includes(unit);
}

/** The case, if the actor may see it; `not-found` otherwise (the same answer as for no case). */
export function visibleCase(actor: Actor, record: CaseRecord | undefined, caseId: string): CaseRecord {
  if (record === undefined || !seesUnit(actor, record.unit)) throw new CaseflowError('not-found', `case ${caseId} does not exist`);
  return record;
}

/** The units an actor's list queries are limited to; undefined for every unit. */
export function unitsFilter(actor: Actor): string[] | undefined {
  return actor.scope === undefined || actor.scope.all ? undefined : actor.scope.units;
}

function isAssigner(compiled: CompiledProcess, actor: Actor): boolean {
  return actor.roles.some((role) => compiled.staffing.assigners.includes(role));
}

/** How an actor may act on a held case: as the holder, an assigner, a decider, or for an absent holder. */
export type HoldAnswer = { allowed: true; onBehalfOf?: string } | { allowed: false; assignee: string };

/**
 * Whether the actor may take the case's actions while it is held. Nobody holding it, a state
 * that declares no `assign` (or is `open`), the system, the holder, an assigner, a role the case waits on for a decision, and the
 * delegate of an absent holder (recorded as acting on their behalf) may.
 */
export function holdAllows(compiled: CompiledProcess, record: CaseRecord, actor: Actor, now: number): HoldAnswer {
  const assignee = record.snapshot.assignee;
  if (assignee === undefined || assignee === actor.id || actor.roles.includes(SYSTEM_ROLE)) return { allowed: true };
  if (!compiled.staffing.isHeld(record.snapshot) || isAssigner(compiled, actor)) return { allowed: true };
  const approval = compiled.staffing.approval(record.snapshot, now, record.id);
  if (approval && actor.roles.some((role) => approval.roles.includes(role))) return { allowed: true };
  if (actor.delegateFor?.includes(assignee)) return { allowed: true, onBehalfOf: assignee };
  return { allowed: false, assignee };
}

/** Refuses with `held-by-another` (403, naming the holder) unless `holdAllows`. */
export function assertMayAct(compiled: CompiledProcess, record: CaseRecord, actor: Actor, now: number, holderName?: string): { onBehalfOf?: string } {
  const answer = holdAllows(compiled, record, actor, now);
  if (answer.allowed) return answer.onBehalfOf === undefined ? {} : { onBehalfOf: answer.onBehalfOf };
  throw new CaseflowError('held-by-another', `case ${record.id} is held by ${holderName ?? answer.assignee}; only they, their delegate or an assigner may act on it`, {
    details: { assignee: answer.assignee, assigneeName: holderName ?? answer.assignee },
  });
}

/** A claim: nobody holds the case (409 naming the holder otherwise) and a role of the actor can act now. */
export function assertMayClaim(compiled: CompiledProcess, record: CaseRecord, actor: Actor, now: number, holderName?: string): void {
  if (record.status === 'done') throw new CaseflowError('event-not-allowed', `case ${record.id} is closed; it cannot be claimed`, { details: { state: record.state } });
  const holder = record.snapshot.assignee;
  if (holder === actor.id) throw new CaseflowError('conflict', `you already hold case ${record.id}`, { details: { assignee: holder } });
  if (holder !== undefined) {
    throw new CaseflowError('conflict', `case ${record.id} is held by ${holderName ?? holder}`, { details: { assignee: holder, assigneeName: holderName ?? holder } });
  }
  const queue = compiled.staffing.queueRoles(record.snapshot, now, record.id)?.filter((role) => record.actionableRoles.includes(role)) ?? record.actionableRoles;
  if (!actor.roles.some((role) => queue.includes(role))) {
    throw new CaseflowError('role-not-allowed', `claiming case ${record.id} needs a role whose queue it is in: ${queue.join(', ') || 'none'}`, {
      details: { roles: queue },
    });
  }
}

/** Roles that may move running cases onto another version of their process. */
const MIGRATOR_ROLES = ['process-owner', 'admin', SYSTEM_ROLE];

/** Moving cases between versions: a process owner, an admin or the system; `role-not-allowed` otherwise. */
export function assertMayMigrate(actor: Actor): void {
  if (actor.roles.some((role) => MIGRATOR_ROLES.includes(role))) return;
  throw new CaseflowError('role-not-allowed', `moving cases to another version needs one of the roles ${MIGRATOR_ROLES.slice(0, 2).join(', ')}`, {
    details: { roles: MIGRATOR_ROLES.slice(0, 2) },
  });
}

/** An assignment by someone else than the person: the actor must be an assigner of the process. */
export function assertAssigner(compiled: CompiledProcess, actor: Actor): void {
  if (actor.roles.includes(SYSTEM_ROLE) || isAssigner(compiled, actor)) return;
  const assigners = compiled.staffing.assigners;
  throw new CaseflowError('role-not-allowed', `assigning ${compiled.definition.id} cases needs one of the roles ${assigners.join(', ') || '(none declared)'}`, {
    details: { roles: assigners },
  });
}

/** Releasing: the holder, or an assigner. */
export function assertMayRelease(compiled: CompiledProcess, record: CaseRecord, actor: Actor): void {
  const holder = record.snapshot.assignee;
  if (holder === undefined) throw new CaseflowError('conflict', `nobody holds case ${record.id}`);
  if (holder === actor.id || actor.delegateFor?.includes(holder)) return;
  assertAssigner(compiled, actor);
}

/**
 * Whether `person` may hold the case: enabled, of its unit (or city level), with a role that
 * can act in its state. `invalid-input` (422) naming the person and the roles otherwise.
 */
export function assertMayHold(record: CaseRecord, person: Person, cityRoles: readonly string[]): void {
  const name = personName(person);
  const fail = (message: string) => {
    throw new CaseflowError('invalid-input', message, { details: [{ field: 'to', message }] });
  };
  if (person.disabled) fail(`${name} is disabled`);
  if (!worksIn(person, record.unit, cityRoles)) fail(`${name} does not work in unit ${record.unit ?? ''}`);
  const roles = [...record.actionableRoles, ...(record.waitingOn ?? [])];
  if (!person.roles.some((role) => roles.includes(role))) {
    fail(`${name} has none of the roles that can act in ${record.state}: ${roles.join(', ') || 'none'}`);
  }
}

/** Whether a person can be picked automatically now: enabled, present, of the unit. */
export function available(person: Person, unit: string | undefined, cityRoles: readonly string[], now: number): boolean {
  return !person.disabled && !isAbsent(person, now) && worksIn(person, unit, cityRoles);
}
