/**
 * Building a migration plan in the editor, and running it over the API a page at a time: the
 * states and timers of two versions read from their definitions, and the plan sent.
 */
import { client, ok } from '../api.js';
import type { components } from '../api-schema.js';

/** A migration plan as the API takes it. */
export type MigrationPlan = components['schemas']['MigrationPlan'];
/** The result for one case. */
export type CaseMigration = components['schemas']['CaseMigration'];
/** One page of a dry run or of applying. */
export type MigrationReport = components['schemas']['MigrationReport'];

/** What the form holds: a new state per old one ('' for none), a choice per timer owner, data to set. */
export interface PlanForm {
  states: Record<string, string>;
  timers: Record<string, 'keep' | 'recompute'>;
  set: Array<{ field: string; expression: string }>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function eachState(document: Record<string, unknown> | undefined, visit: (name: string, state: Record<string, unknown>) => void): void {
  const walk = (states: unknown) => {
    if (!isRecord(states)) return;
    for (const [name, state] of Object.entries(states)) {
      if (!isRecord(state)) continue;
      visit(name, state);
      walk(state.states);
    }
  };
  walk(document?.states);
}

/** Every state of a definition, nested ones included, in the order written. */
export function stateNames(document: Record<string, unknown> | undefined): string[] {
  const names: string[] = [];
  eachState(document, (name) => names.push(name));
  return names;
}

/** The states with a deadline or timers, and the shared deadlines: what a plan keeps or recomputes. */
export function timerOwners(document: Record<string, unknown> | undefined): string[] {
  const owners: string[] = [];
  eachState(document, (name, state) => {
    if (state.deadline !== undefined || (Array.isArray(state.timers) && state.timers.length > 0)) owners.push(name);
  });
  if (isRecord(document?.deadlines)) owners.push(...Object.keys(document.deadlines).filter((id) => !owners.includes(id)));
  return owners;
}

/** A form where each old state goes to the new state of the same name, every timer keeps its due time. */
export function initialForm(oldStates: string[], newStates: string[]): PlanForm {
  return { states: Object.fromEntries(oldStates.map((name) => [name, newStates.includes(name) ? name : ''])), timers: {}, set: [] };
}

/** The plan the form says: renames only, recomputes only, filled rows of data only. */
export function planOf(form: PlanForm): MigrationPlan {
  const plan: MigrationPlan = {};
  const states = Object.entries(form.states).filter(([from, to]) => to !== '' && to !== from);
  if (states.length > 0) plan.states = Object.fromEntries(states);
  const timers = Object.entries(form.timers).filter(([, choice]) => choice === 'recompute');
  if (timers.length > 0) plan.timers = Object.fromEntries(timers);
  const set = form.set.filter((row) => row.field.trim() !== '' && row.expression.trim() !== '');
  if (set.length > 0) plan.set = Object.fromEntries(set.map((row) => [row.field.trim(), row.expression.trim()]));
  return plan;
}

/** Running cases of a process by version. */
export function runningCases(processId: string): Promise<Record<string, number>> {
  return ok(client.GET('/api/processes/{id}/running-cases', { params: { path: { id: processId } } })).then((answer) => answer.byVersion);
}

/** One page of a dry run (`apply` false) or of applying, from `cursor`. */
export function migrationPage(processId: string, body: { from: number; to: number; plan: MigrationPlan; cursor?: string }, apply: boolean): Promise<MigrationReport> {
  const path = { id: processId };
  return ok(apply
    ? client.POST('/api/processes/{id}/migrations', { params: { path }, body })
    : client.POST('/api/processes/{id}/migrations/dry-run', { params: { path }, body }));
}
