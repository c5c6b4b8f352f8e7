/**
 * One step of a case in progress: the machine's transitions, the effects they cause (timers,
 * clocks, notifications, linked cases) and the snapshot that results. Never touches its input.
 */
import { createActor, type AnyActorScope, type ExecutableActionObject, type StateValue, type transition } from 'xstate';
import { notifyEffect, startEffect } from './actions.js';
import { startClock, stopClock, syncClock } from './clocks.js';
import type { ExpressionScope } from './expressions.js';
import { actionApplies, type CaseContext, type CaseMachine, type CaseMachineEvent, type StepEnv } from './machine.js';
import type { ProcessPlan } from './plan.js';
import { surfaceOverBudget } from './expression-guard.js';
import { cancelStateTimers, scheduleTimer } from './timers.js';
import type { Actor, CaseSnapshot, ClockState, Effect, StepResult } from './types.js';

type Transition = ReturnType<typeof transition<CaseMachine>>;
type MachineAction = Transition[1][number];

const MACHINE_ACTIONS = new Set(['caseflow.enter', 'caseflow.exit', 'caseflow.taken', 'caseflow.notify', 'caseflow.start', 'caseflow.set']);

function isMachineAction(action: ExecutableActionObject): action is MachineAction {
  return MACHINE_ACTIONS.has(action.type) || action.type.startsWith('xstate.');
}

/**
 * xstate's `transition()` and `initialTransition()` build a new inert actor on every call, and
 * building one computes the machine's whole initial snapshot: half the CPU of a step (profiled
 * with `npm run bench`). One such scope per machine is built once and reused instead; a step is
 * synchronous, so two never share it at once.
 */
const scopes = new WeakMap<CaseMachine, { scope: AnyActorScope; executed: MachineAction[] }>();

function inertScope(machine: CaseMachine, input: CaseContext): { scope: AnyActorScope; executed: MachineAction[] } {
  let entry = scopes.get(machine);
  if (!entry) {
    const self = createActor(machine, { input });
    const executed: MachineAction[] = [];
    const scope: AnyActorScope = {
      self, id: '', sessionId: '', system: self.system, logger: () => {}, defer: () => {}, emit: () => {}, stopChild: () => {},
      actionExecutor: (action) => {
        if (isMachineAction(action)) executed.push(action);
      },
    };
    entry = { scope, executed };
    scopes.set(machine, entry);
  }
  return entry;
}

/** Runs one transition of `machine` on its reusable scope; the actions it asks to execute come back with the snapshot. */
function runOnScope(machine: CaseMachine, input: CaseContext, run: (scope: AnyActorScope) => Transition[0]): Transition {
  const { scope, executed } = inertScope(machine, input);
  executed.length = 0;
  const snapshot = run(scope);
  return [snapshot, executed.splice(0)];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Names of every active state in a state value, nested ones included. */
export function activeStates(value: StateValue): Set<string> {
  return addActive(value, new Set<string>());
}

function addActive(node: StateValue, names: Set<string>): Set<string> {
  if (typeof node === 'string') return names.add(node);
  for (const name in node) {
    names.add(name);
    const child = node[name];
    if (child !== undefined) addActive(child, names);
  }
  return names;
}

/** Name of the active top-level state. */
export function topState(value: StateValue): string {
  return typeof value === 'string' ? value : (Object.keys(value)[0] ?? '');
}

/** Keeps only the last timer effect of each key: the runtime sees one intent per timer. */
function compactTimerEffects(effects: Effect[]): Effect[] {
  const last = new Map<string, number>();
  effects.forEach((effect, i) => {
    if (effect.kind === 'timer.schedule' || effect.kind === 'timer.cancel') last.set(effect.key, i);
  });
  return effects.filter((effect, i) => (effect.kind !== 'timer.schedule' && effect.kind !== 'timer.cancel') || last.get(effect.key) === i);
}

/** The working state of one `start` or `step`. */
export class StepRun {
  data: Record<string, unknown>;
  value: StateValue;
  done: boolean;
  clocks: Record<string, ClockState>;
  readonly effects: Effect[] = [];
  /** States left during this step (a re-entered state is in here too). */
  readonly exited = new Set<string>();
  /**
   * Timer steps skip a notification or linked case whose expressions fail (a missing field),
   * and treat a transition that fails as not taken, so a timer always fires and never sticks.
   */
  skipFailures = false;
  /** Whether the step builds its messages, linked cases and state timers; replay needs the snapshot alone. */
  withEffects = true;

  constructor(
    private readonly plan: ProcessPlan,
    private readonly machine: CaseMachine,
    snapshot: CaseSnapshot,
    readonly now: number,
    readonly caseId: string,
    readonly actor: Actor,
  ) {
    this.data = snapshot.data;
    this.value = snapshot.value;
    this.done = snapshot.status === 'done';
    this.clocks = { ...snapshot.clocks };
    this.assignee = snapshot.assignee;
  }

  /** The case's assignee as the step began: who `assignee` in a notify action reaches. */
  readonly assignee: string | undefined;

  /** The expression scope of the case as it stands in this step. */
  scope(data: Record<string, unknown> = this.data, input?: Record<string, unknown>): ExpressionScope {
    return { data, input, actor: this.actor, now: this.now, caseId: this.caseId };
  }

  private env(checkRoles: boolean): StepEnv {
    return { now: this.now, caseId: this.caseId, actor: this.actor, dataBefore: this.data, checkRoles };
  }

  /** Enters the initial state. */
  begin(): void {
    const input = { data: this.data, env: this.env(false) };
    this.absorb(runOnScope(this.machine, input, (scope) => this.machine.getInitialSnapshot(scope, input)));
  }

  /**
   * Sends an event to the machine; returns whether a transition was taken. A refused event
   * changes nothing. `checkRoles` is off for events sent by timers (actor `system`).
   */
  send(event: CaseMachineEvent, checkRoles: boolean): boolean {
    const current = this.machine.resolveState({ value: this.value, context: { data: this.data, env: this.env(checkRoles) } });
    let result: Transition;
    try {
      result = surfaceOverBudget(() => runOnScope(this.machine, current.context, (scope) => this.machine.transition(current, event, scope)));
    } catch (error) {
      if (this.skipFailures) return false;
      throw error;
    }
    if (!result[1].some((action) => action.type === 'caseflow.taken')) return false;
    this.absorb(result);
    return true;
  }

  private absorb([snapshot, actions]: Transition): void {
    for (const action of actions) {
      if (!this.withEffects && action.type !== 'caseflow.enter' && action.type !== 'caseflow.exit') continue;
      const data = isRecord(action.info.context.data) ? action.info.context.data : this.data;
      const event: Record<string, unknown> = { ...action.info.event };
      const scope = this.scope(data, isRecord(event.input) ? event.input : undefined);
      const params = action.params;
      if (action.type === 'caseflow.enter' && 'state' in params) this.enter(params.state, scope);
      else if (action.type === 'caseflow.exit' && 'state' in params) this.exit(params.state, scope);
      else if ('action' in params && !actionApplies(params.action, scope)) continue;
      else if ('action' in params && params.action.kind === 'notify') {
        const { action: notify, owner } = params;
        this.attempt(() => notifyEffect(this.plan, notify, scope, { state: owner, assignee: this.assignee }));
      } else if ('action' in params && params.action.kind === 'start') {
        const start = params.action;
        this.attempt(() => startEffect(start, scope));
      }
    }
    this.value = snapshot.value;
    this.data = snapshot.context.data;
    this.done = snapshot.status === 'done';
  }

  /** Adds the effect `make` builds, if any; in a timer step a failing one is skipped. */
  private attempt(make: () => Effect | undefined): void {
    try {
      const effect = make();
      if (effect !== undefined) this.effects.push(effect);
    } catch (error) {
      if (!this.skipFailures) throw error;
    }
  }

  private enter(name: string, scope: ExpressionScope): void {
    const state = this.plan.states.get(name);
    if (!state) return;
    if (this.withEffects) for (const timer of state.timers) this.attempt(() => scheduleTimer(timer, scope, this.now));
    const deadline = state.deadline;
    if (deadline) {
      try {
        const change = startClock(deadline, scope, this.now);
        this.clocks[deadline.id] = change.clock;
        this.effects.push(...change.effects);
      } catch (error) {
        if (!this.skipFailures) throw error;
      }
    }
  }

  private exit(name: string, scope: ExpressionScope): void {
    const state = this.plan.states.get(name);
    if (!state) return;
    this.exited.add(name);
    if (this.withEffects) this.effects.push(...cancelStateTimers(state));
    const clock = state.deadline ? this.clocks[state.deadline.id] : undefined;
    if (state.deadline && clock && clock.status !== 'stopped') {
      const change = stopClock(state.deadline, clock, scope, this.now);
      this.clocks[state.deadline.id] = change.clock;
      this.effects.push(...change.effects);
    }
  }

  /** Starts, pauses, resumes or stops clocks for where the case now is. */
  syncClocks(): void {
    const position = { active: activeStates(this.value), done: this.done };
    const scope = this.scope();
    for (const deadline of this.plan.deadlines.values()) {
      let change: ReturnType<typeof syncClock>;
      try {
        change = syncClock(deadline, this.clocks[deadline.id], position, scope, this.now);
      } catch (error) {
        if (this.skipFailures) continue;
        throw error;
      }
      if (!change) continue;
      this.clocks[deadline.id] = change.clock;
      this.effects.push(...change.effects);
    }
  }

  /** The snapshot and effects of this step. */
  result(): StepResult {
    this.syncClocks();
    return {
      snapshot: { value: this.value, data: this.data, clocks: this.clocks, status: this.done ? 'done' : 'active' },
      effects: this.withEffects ? compactTimerEffects(this.effects) : [],
      state: topState(this.value),
    };
  }
}
