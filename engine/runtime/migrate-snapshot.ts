/**
 * Moving one case's snapshot onto a new version by a migration plan: states renamed, data set
 * by CEL over the old data, deadline clocks renamed or dropped. Pure, so the apply path and
 * replay (which re-applies the plan recorded in the `$migrated` event) compute the same result.
 */
import type { StateValue } from 'xstate';
import { wallTimeOf } from '../compile/clocks.js';
import { ExpressionCompiler, type ExpressionScope } from '../compile/expressions.js';
import { buildPlan, type DeadlinePlan, type ProcessPlan } from '../compile/plan.js';
import type { Actor, CaseSnapshot, ClockState, CompiledProcess } from '../compile/types.js';
import type { ProcessDefinition, StateDefinition } from '../dsl/types.js';
import { CaseflowError, ensureError, type FieldError } from '../errors.js';
import type { MigrationPlan } from './migration-plan.js';

/** The kind of event that moves a case onto another version of its process. */
export const MIGRATED_EVENT = '$migrated';

/** The recorded input of a `$migrated` event. */
export interface MigratedInput {
  plan: MigrationPlan;
  from: number;
  to: number;
}

/** A snapshot moved onto the new version, or why it cannot move. */
export interface SnapshotMigration {
  snapshot: CaseSnapshot;
  /** Top-level state in the new version. */
  state: string;
  /** Active states that have no place in the new version. */
  unmappedStates: string[];
  /** Data that does not fit the new version's schema (and `set` expressions that failed). */
  fieldErrors: FieldError[];
  /** What was left behind (deadline clocks the new version no longer has). */
  notes: string[];
}

const compilers = new WeakMap<ProcessDefinition, ExpressionCompiler>();

function compilerOf(definition: ProcessDefinition, version: number): ExpressionCompiler {
  let compiler = compilers.get(definition);
  if (!compiler) compilers.set(definition, (compiler = new ExpressionCompiler(definition, version)));
  return compiler;
}

const plans = new WeakMap<CompiledProcess, ProcessPlan>();

/** The compiled plan of a version (its timers and deadlines by key), built once per compiled process. */
export function processPlan(compiled: CompiledProcess, files: Record<string, string>, version: number): ProcessPlan {
  let plan = plans.get(compiled);
  if (!plan) plans.set(compiled, (plan = buildPlan(compiled.definition, files, version)));
  return plan;
}

/** A clock whose length the new version gives anew: its due time follows, the time it has used stays. */
function relengthened(clock: ClockState, deadline: DeadlinePlan, scope: ExpressionScope): ClockState {
  const within = deadline.within.resolve(scope);
  const next: ClockState = { ...clock, withinMs: within.ms };
  if (clock.dueAt !== undefined) next.dueAt = wallTimeOf(next, within.ms, within.calendar);
  return next;
}

/** Refuses `set` expressions that do not compile over the old version's data, naming each (`invalid-input`). */
export function checkSetExpressions(plan: MigrationPlan, from: ProcessDefinition, fromVersion: number): void {
  const problems: FieldError[] = [];
  for (const [field, source] of Object.entries(plan.set ?? {})) {
    try {
      compilerOf(from, fromVersion).compile(source, undefined, `set.${field}`);
    } catch (caught) {
      problems.push({ field: `set.${field}`, message: ensureError(caught).message });
    }
  }
  if (problems.length > 0) {
    throw new CaseflowError('invalid-input', `the migration plan does not fit the versions: ${problems[0].field} ${problems[0].message}`, { details: problems });
  }
}

/** The new name of a state under the plan (itself when not renamed). */
export function renamedState(plan: MigrationPlan, name: string): string {
  return plan.states?.[name] ?? name;
}

function renameValue(plan: MigrationPlan, value: StateValue): StateValue {
  if (typeof value === 'string') return renamedState(plan, value);
  const out: Exclude<StateValue, string> = {};
  for (const [name, child] of Object.entries(value)) out[renamedState(plan, name)] = child === undefined ? child : renameValue(plan, child);
  return out;
}

/** Names in a state value that do not fit the states of the new version (unknown, or at the wrong depth). */
function misfits(value: StateValue, states: Record<string, StateDefinition> | undefined, out: string[] = []): string[] {
  if (typeof value === 'string') {
    const state = states?.[value];
    if (!state) out.push(value);
    else if (state.states) out.push(`${value} (a compound state in the new version)`);
    return out;
  }
  for (const [name, child] of Object.entries(value)) {
    const state = states?.[name];
    if (!state) out.push(name);
    else if (child !== undefined) misfits(child, state.states, out);
  }
  return out;
}

function setPath(data: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const [head, ...rest] = path.split('.');
  if (rest.length === 0) return { ...data, [head]: value };
  const inner = data[head];
  const base = typeof inner === 'object' && inner !== null && !Array.isArray(inner) ? { ...inner } : {};
  return { ...data, [head]: setPath(base, rest.join('.'), value) };
}

/**
 * Moves a snapshot from `from` onto `to` under the plan at `now`, acting as `actor` (what CEL
 * sees). Never throws for a case-level problem: it reports unmapped states and field errors.
 */
export function migrateSnapshot(args: {
  plan: MigrationPlan;
  from: CompiledProcess;
  fromVersion: number;
  to: CompiledProcess;
  /** The plan of `to` (see `processPlan`). */
  toPlan: ProcessPlan;
  snapshot: CaseSnapshot;
  actor: Actor;
  now: number;
  caseId: string;
}): SnapshotMigration {
  const { plan, from, to, snapshot, actor, now, caseId } = args;
  const value = renameValue(plan, snapshot.value);
  const unmappedStates = misfits(value, to.definition.states);
  const fieldErrors: FieldError[] = [];
  let data = snapshot.data;
  const compiler = compilerOf(from.definition, args.fromVersion);
  for (const [field, source] of Object.entries(plan.set ?? {})) {
    try {
      data = setPath(data, field, compiler.compile(source, undefined, `set.${field}`).value({ data: snapshot.data, actor, now, caseId }));
    } catch (caught) {
      fieldErrors.push({ field: `set.${field}`, message: ensureError(caught).message });
    }
  }
  if (fieldErrors.length === 0) fieldErrors.push(...to.validateData(data));
  const notes: string[] = [];
  const clocks: Record<string, ClockState> = {};
  const scope: ExpressionScope = { data, actor, now, caseId };
  for (const [id, clock] of Object.entries(snapshot.clocks)) {
    const renamed = renamedState(plan, id);
    const deadline = args.toPlan.deadlines.get(renamed);
    if (!deadline) {
      notes.push(`deadline ${id} is not in the new version: its clock is dropped`);
      continue;
    }
    const choice = plan.timers?.[id] ?? plan.timers?.[renamed];
    clocks[renamed] = choice === 'recompute' && fieldErrors.length === 0 ? relengthened(clock, deadline, scope) : clock;
  }
  const state = typeof value === 'string' ? value : Object.keys(value)[0];
  return { snapshot: { ...snapshot, value, data, clocks }, state, unmappedStates, fieldErrors, notes };
}
