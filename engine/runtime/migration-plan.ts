/**
 * A migration plan: how running cases of one published version of a process move onto a later
 * one. It renames states, says per timer or deadline whether its due time is kept or worked out
 * again under the new version, and may set data with CEL over the old data. It is recorded, as
 * given, in the `$migrated` event of each case it moves, so replay can apply it again.
 */
import { parse } from 'yaml';
import type { DeadlineDefinition, ProcessDefinition } from '../dsl/types.js';
import { CaseflowError, ensureError, type FieldError } from '../errors.js';
import { statesByName } from './case-record.js';

/** What happens to a pending timer's due time when its case moves. */
export type TimerChoice = 'keep' | 'recompute';

/** How cases of one version move onto another. */
export interface MigrationPlan {
  /** Old state name -> new state name, for states renamed in the new version. */
  states?: Record<string, string>;
  /**
   * Per timer key (`timer:<state>:<id>`, `deadline:<id>:<mark>`), state or deadline id: keep the
   * due time or recompute it. A timer named nowhere keeps its due time when its key still exists
   * in the new version; otherwise it is dropped, with a note.
   */
  timers?: Record<string, TimerChoice>;
  /** Data field (dotted path) -> CEL expression evaluated over the old data. */
  set?: Record<string, string>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringMap(value: unknown, name: string, problems: FieldError[]): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) {
    problems.push({ field: name, message: 'must be a map' });
    return undefined;
  }
  const out: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) {
    if (typeof item !== 'string' || item.trim() === '') problems.push({ field: `${name}.${key}`, message: 'must be a non-empty text' });
    else out[key] = item;
  }
  return out;
}

/** Reads a plan from parsed YAML or JSON; `invalid-input` naming each bad field. */
export function readMigrationPlan(value: unknown): MigrationPlan {
  const problems: FieldError[] = [];
  const source = value === null || value === undefined ? {} : value;
  if (!isRecord(source)) throw new CaseflowError('invalid-input', 'a migration plan must be a map', { details: [{ field: 'plan', message: 'must be a map' }] });
  for (const key of Object.keys(source)) {
    if (key !== 'states' && key !== 'timers' && key !== 'set') problems.push({ field: key, message: 'is not a member of a migration plan (states, timers, set)' });
  }
  const plan: MigrationPlan = {};
  const states = stringMap(source.states, 'states', problems);
  if (states) plan.states = states;
  const timers = stringMap(source.timers, 'timers', problems);
  if (timers) {
    plan.timers = {};
    for (const [key, choice] of Object.entries(timers)) {
      if (choice === 'keep' || choice === 'recompute') plan.timers[key] = choice;
      else problems.push({ field: `timers.${key}`, message: `must be keep or recompute, not '${choice}'` });
    }
  }
  const set = stringMap(source.set, 'set', problems);
  if (set) plan.set = set;
  if (problems.length > 0) throw new CaseflowError('invalid-input', `the migration plan has ${problems.length} problem(s): ${problems[0].field} ${problems[0].message}`, { details: problems });
  return plan;
}

/** Parses a plan written as YAML; `invalid-input` on bad YAML or a bad member. */
export function parseMigrationPlan(text: string): MigrationPlan {
  let value: unknown;
  try {
    value = parse(text);
  } catch (caught) {
    const message = ensureError(caught).message;
    throw new CaseflowError('invalid-input', `the migration plan is not valid YAML: ${message}`, { details: [{ field: 'plan', message }] });
  }
  return readMigrationPlan(value);
}

/** Timer keys a definition can schedule: state timers and deadline marks. */
export function timerKeys(definition: ProcessDefinition): Set<string> {
  const keys = new Set<string>();
  const marks = (id: string, deadline: DeadlineDefinition) => {
    if (deadline.warn !== undefined) keys.add(`deadline:${id}:warn`);
    (deadline.escalate ?? []).forEach((_, i) => keys.add(`deadline:${id}:escalate.${i}`));
    if (deadline.breach !== undefined) keys.add(`deadline:${id}:breach`);
  };
  for (const [id, deadline] of Object.entries(definition.deadlines ?? {})) marks(id, deadline);
  for (const [name, state] of statesByName(definition)) {
    for (const timer of state.timers ?? []) keys.add(`timer:${name}:${timer.id}`);
    if (state.deadline) marks(name, state.deadline);
  }
  return keys;
}

/**
 * Checks a plan against the two versions: renamed states must exist in the old version and
 * their new names in the new one; timer choices must name a timer key, state or deadline of
 * either. `invalid-input` naming each bad member; nothing is checked per case here.
 */
export function checkMigrationPlan(plan: MigrationPlan, from: ProcessDefinition, to: ProcessDefinition): void {
  const problems: FieldError[] = [];
  const oldStates = statesByName(from);
  const newStates = statesByName(to);
  for (const [oldName, newName] of Object.entries(plan.states ?? {})) {
    if (!oldStates.has(oldName)) problems.push({ field: `states.${oldName}`, message: `is not a state of the old version` });
    if (!newStates.has(newName)) problems.push({ field: `states.${oldName}`, message: `'${newName}' is not a state of the new version` });
  }
  const known = new Set([
    ...timerKeys(from), ...timerKeys(to), ...oldStates.keys(), ...newStates.keys(),
    ...Object.keys(from.deadlines ?? {}), ...Object.keys(to.deadlines ?? {}),
  ]);
  for (const key of Object.keys(plan.timers ?? {})) {
    if (!known.has(key)) problems.push({ field: `timers.${key}`, message: 'names no timer, state or deadline of either version' });
  }
  if (problems.length > 0) {
    throw new CaseflowError('invalid-input', `the migration plan does not fit the versions: ${problems[0].field} ${problems[0].message}`, { details: problems });
  }
}
