/**
 * `start` and `step`: open a case, and apply one event purely. A person's event is checked in
 * this order: known to the process, a role that may ever send it, accepted in the current
 * state, a role that may send it here, valid input, its conditions (`guard-refused` when they do
 * not hold). A `$timer` event runs the timer's or mark's actions and then sends its `send` event,
 * if the case accepts it now.
 */
import { CaseflowError } from '../errors.js';
import { spanInChinese } from '../dsl/duration-text.js';
import { clockCalendar, elapsedAt } from './clocks.js';
import { resolveRoles, runActions, type MessageExtras } from './actions.js';
import type { ExpressionScope } from './expressions.js';
import { actorMay } from './machine.js';
import type { CaseMachine } from './machine.js';
import type { EventPlan, ProcessPlan, RulePlan } from './plan.js';
import { activeStates, StepRun, topState } from './step-run.js';
import { nextRepeat } from './timers.js';
import type { Actor, CaseEvent, CaseSnapshot, StepOptions, StepResult } from './types.js';

/** The actor timers send as. */
export const SYSTEM_ACTOR: Actor = { id: 'system', roles: ['system'] };

const eventsByValue = new WeakMap<ProcessPlan, Map<string, readonly EventPlan[]>>();

/** Event plans of the active states, deepest state first; worked out once per plan and state value. */
export function eventsInState(plan: ProcessPlan, snapshot: CaseSnapshot): readonly EventPlan[] {
  let known = eventsByValue.get(plan);
  if (!known) {
    known = new Map();
    eventsByValue.set(plan, known);
  }
  const key = typeof snapshot.value === 'string' ? snapshot.value : JSON.stringify(snapshot.value);
  const cached = known.get(key);
  if (cached) return cached;
  const states = [...activeStates(snapshot.value)]
    .map((name) => plan.states.get(name))
    .filter((state) => state !== undefined)
    .sort((a, b) => b.depth - a.depth);
  const events = Object.freeze(states.flatMap((state) => state.events));
  // A process has few state configurations; the bound only guards against odd stored values.
  if (known.size >= 1024) known.clear();
  known.set(key, events);
  return events;
}

function refuse(snapshot: CaseSnapshot, message: string): CaseflowError {
  const state = topState(snapshot.value);
  return new CaseflowError('event-not-allowed', `${message} in state ${state}`, { details: { state } });
}

/** Why an event's own `if` refused: the named conditions that do not hold, or its expression. */
function guardRefusal(event: EventPlan, scope: ExpressionScope): { text: string; rules: RulePlan[] } | undefined {
  if (!event.guard || event.guard.holds(scope)) return undefined;
  const failed = event.rules.filter((rule) => !rule.check.holds(scope));
  if (failed.length === 0) return { text: `${event.guard.source} does not hold`, rules: [] };
  return { text: failed.map((rule) => rule.label ?? `${rule.name} does not hold`).join('; '), rules: failed };
}

/**
 * The refusal of an event its condition does not allow now (`guard-refused`): it names the
 * named conditions that failed (by their labels), else the guard's label or expression, else
 * the branch conditions none of which held.
 */
function guardRefused(event: EventPlan, scope: ExpressionScope, snapshot: CaseSnapshot, type: string): CaseflowError {
  const refusal = guardRefusal(event, scope);
  const rules = refusal?.rules ?? [];
  let condition: string;
  if (rules.length > 0) condition = rules.map((rule) => rule.label ?? rule.name).join('; ');
  else if (refusal !== undefined) condition = event.definition.ifLabel ?? event.guard?.source ?? '';
  else condition = event.branches.flatMap((branch) => branch.guards.map((guard) => guard.source)).join(' or ');
  const state = topState(snapshot.value);
  const details = { state, condition, ...(rules.length > 0 ? { rules: rules.map(({ name, label }) => (label === undefined ? { name } : { name, label })) } : {}) };
  return new CaseflowError('guard-refused', `${type} is not allowed now: ${condition || 'no branch applies'} does not hold in state ${state}`, { details });
}

/** Opens a case: checks data and starter role, enters the initial state. */
export function startCase(plan: ProcessPlan, machine: CaseMachine, args: { data: Record<string, unknown>; actor: Actor; now: number; caseId: string }, options: StepOptions = {}): StepResult {
  const errors = plan.checkData(args.data);
  if (errors.length > 0) throw new CaseflowError('invalid-input', `case data of ${plan.definition.id} is invalid`, { details: errors });
  const starters = plan.definition.starters ?? plan.definition.roles;
  if (!args.actor.roles.some((role) => role === 'system' || starters.includes(role))) {
    throw new CaseflowError('role-not-allowed', `opening a ${plan.definition.id} case needs one of the roles ${starters.join(', ')}`);
  }
  const empty: CaseSnapshot = { value: plan.definition.initial, data: structuredClone(args.data), clocks: {}, status: 'active' };
  // Messages of the opening step name the person who opened the case as its holder (首问负责);
  // the runtime settles who holds it after the step.
  if (!args.actor.roles.includes('system')) empty.assignee = args.actor.id;
  const run = new StepRun(plan, machine, empty, args.now, args.caseId, args.actor);
  run.withEffects = options.effects !== false;
  run.begin();
  return run.result();
}

/** Applies one event to a snapshot. */
export function stepCase(plan: ProcessPlan, machine: CaseMachine, snapshot: CaseSnapshot, event: CaseEvent, now: number, caseId: string, options: StepOptions = {}): StepResult {
  if (event.type === '$timer') {
    if (!event.actor.roles.includes('system')) throw new CaseflowError('role-not-allowed', 'only the system fires timers');
    return fireTimer(plan, machine, snapshot, event, now, caseId, options.effects !== false);
  }
  if (snapshot.status === 'done') throw refuse(snapshot, `the case is closed; ${event.type} is not allowed`);
  const run = new StepRun(plan, machine, snapshot, now, caseId, event.actor);
  run.withEffects = options.effects !== false;
  const scope = run.scope();
  const everywhere = plan.eventsByType.get(event.type) ?? [];
  if (everywhere.length === 0) throw refuse(snapshot, `${plan.definition.id} has no event ${event.type}; it is not allowed`);
  if (!everywhere.some((candidate) => actorMay(candidate.roles, scope))) {
    throw new CaseflowError('role-not-allowed', `${event.actor.id} may not send ${event.type}: it needs ${rolesText(everywhere, scope)}`);
  }
  const here = eventsInState(plan, snapshot).filter((candidate) => candidate.type === event.type);
  if (here.length === 0) throw refuse(snapshot, `${event.type} is not allowed`);
  const chosen = here.find((candidate) => actorMay(candidate.roles, scope));
  if (!chosen) throw new CaseflowError('role-not-allowed', `${event.actor.id} may not send ${event.type} here: it needs ${rolesText(here, scope)}`);
  const input = event.input ?? {};
  const errors = chosen.checkInput?.(input) ?? [];
  if (errors.length > 0) throw new CaseflowError('invalid-input', `input of ${event.type} is invalid`, { details: errors });
  if (!run.send({ type: event.type, input: structuredClone(input) }, true)) {
    throw guardRefused(chosen, run.scope(run.data, input), snapshot, event.type);
  }
  return run.result();
}

/** The roles that may send these events now, for a refusal message. */
function rolesText(events: EventPlan[], scope: ExpressionScope): string {
  const roles = new Set(events.flatMap((event) => {
    if ('roles' in event.roles) return event.roles.roles;
    try {
      return resolveRoles(event.roles, scope);
    } catch {
      return [];
    }
  }));
  return roles.size === 0 ? 'a timer (no person may send it)' : `one of the roles ${[...roles].join(', ')}`;
}

function unchanged(snapshot: CaseSnapshot): StepResult {
  return { snapshot, effects: [], state: topState(snapshot.value) };
}

/** A timer or deadline mark fired. Keys that no longer apply are a no-op. */
function fireTimer(plan: ProcessPlan, machine: CaseMachine, snapshot: CaseSnapshot, event: CaseEvent, now: number, caseId: string, withEffects: boolean): StepResult {
  const key = event.timer?.key;
  const count = event.timer?.count ?? 1;
  if (key === undefined || snapshot.status === 'done') return unchanged(snapshot);
  const run = new StepRun(plan, machine, snapshot, now, caseId, SYSTEM_ACTOR);
  run.skipFailures = true;
  run.withEffects = withEffects;

  const timer = plan.timers.get(key);
  if (timer) {
    if (!activeStates(snapshot.value).has(timer.state)) return unchanged(snapshot);
    perform(run, plan, timer.actions, timer.send, { state: timer.state, timer: { id: timer.id, count } });
    if (run.withEffects && !run.exited.has(timer.state) && activeStates(run.value).has(timer.state)) {
      const next = skipOnFailure(() => nextRepeat(timer, count, run.scope(), now));
      if (next) run.effects.push(next);
    }
    return run.result();
  }

  const entry = plan.marks.get(key);
  const clock = entry ? snapshot.clocks[entry.deadline.id] : undefined;
  if (!entry || !clock || clock.status !== 'running' || clock.fired.includes(entry.mark.name)) return unchanged(snapshot);
  const { deadline, mark } = entry;
  run.clocks[deadline.id] = { ...clock, fired: [...clock.fired, mark.name] };
  // Messages are Chinese: spans read `1天2小时`, not `1d 2h`.
  const elapsed = spanInChinese(skipOnFailure(() => elapsedAt(clock, now, clockCalendar(deadline, run.scope()))) ?? clock.elapsedMs);
  const view = {
    id: deadline.id,
    label: deadline.label ?? deadline.id,
    mark: mark.name,
    within: spanInChinese(clock.withinMs),
    elapsed,
    dueAt: clock.dueAt === undefined ? undefined : new Date(clock.dueAt).toISOString(),
    pauses: clock.pauses,
  };
  perform(run, plan, mark.actions, mark.send, { state: deadline.state ?? topState(snapshot.value), elapsed, deadline: view });
  return run.result();
}

/** A timer step never sticks on a failing expression: what cannot be computed is skipped. */
function skipOnFailure<T>(compute: () => T): T | undefined {
  try {
    return compute();
  } catch {
    return undefined;
  }
}

/** Runs timer or mark actions, then sends its event if the current state accepts it. */
function perform(run: StepRun, plan: ProcessPlan, actions: EventPlan['actions'], send: string | undefined, extras: MessageExtras): void {
  const outcome = runActions(plan, actions, run.scope(), { ...extras, assignee: run.assignee }, run.withEffects);
  run.data = outcome.data;
  run.effects.push(...outcome.effects);
  if (send !== undefined && !run.done) run.send({ type: send, input: {} }, false);
}
