/**
 * What the compiler gives the runtime: a pure `step` over JSON snapshots, with timers,
 * notifications and linked cases coming out as data (effects). Nothing here does I/O or reads
 * a clock: `now` is always passed in.
 */
import type { AnyStateMachine, StateValue } from 'xstate';
import type { FieldError } from '../errors.js';
import type { JsonSchema, ProcessDefinition } from '../dsl/types.js';
import type { TallyPlan } from './tallies.js';
import type { Staffing } from './staffing.js';

/** Who sends an event. Timers send as `{ id: 'system', roles: ['system'] }`. */
export interface Actor {
  id: string;
  roles: string[];
  /**
   * The units whose cases this actor may see and act on; absent or `all` sees every unit
   * (city-level roles, auditors, the system). Expressions never see it.
   */
  scope?: ActorScope;
  /** Users who are absent now and named this actor their delegate: it may act on their cases. */
  delegateFor?: string[];
}

/** Which units' cases an actor sees. */
export type ActorScope = { all: true } | { all: false; units: string[] };

/** An event as the runtime hands it to `step`. */
export interface CaseEvent {
  type: string;
  input?: Record<string, unknown>;
  actor: Actor;
  /** Set when a timer fires: the key and repeat count of the timer row. */
  timer?: { key: string; count: number };
}

/** State of one deadline clock, kept in the snapshot so replay and restarts agree. */
export interface ClockState {
  status: 'running' | 'paused' | 'stopped';
  /** Clock time used so far in ms (business ms for business-calendar clocks). */
  elapsedMs: number;
  /** Wall time (epoch ms) the clock last started or resumed. */
  resumedAt: number;
  /** Total length of the clock in ms, on its own calendar. */
  withinMs: number;
  /** Wall time the deadline falls due, while running. */
  dueAt?: number;
  /** Times the clock has been paused. */
  pauses: number;
  /** Marks already fired: `warn`, `escalate.0`, `breach`. Each fires once. */
  fired: string[];
}

/** The persisted state of a case: everything needed to continue or replay it. JSON-safe. */
export interface CaseSnapshot {
  /** XState state value. */
  value: StateValue;
  data: Record<string, unknown>;
  clocks: Record<string, ClockState>;
  status: 'active' | 'done';
  /** The unit (业务单元) the case belongs to, from the process's `unit` expression. */
  unit?: string;
  /** User id of the person who holds the case; absent when nobody does (queued). */
  assignee?: string;
}

/** A timer row to create (replacing any pending timer with the same key of the case). */
export interface ScheduleTimer {
  kind: 'timer.schedule';
  key: string;
  dueAt: number;
  /** Repeat count, 1 for the first firing. */
  count: number;
}

/** Remove the pending timer with this key, if any. */
export interface CancelTimer {
  kind: 'timer.cancel';
  key: string;
}

/** A message to deliver; rendered at step time so replay shows the same text. */
export interface Notify {
  kind: 'notify';
  template: string;
  /** Recipients as `resolveRecipients` wrote them (roles, user ids, contact addresses). */
  to: string[];
  /** What the action named but reaches nobody, with why; kept on the outbox row. */
  unresolved?: string[];
  channel?: string;
  subject?: string;
  body: string;
}

/** Open a linked case of another process, with this case as its parent. */
export interface StartCase {
  kind: 'start-case';
  process: string;
  data: Record<string, unknown>;
}

/** Something the runtime must do after committing a step. */
export type Effect = ScheduleTimer | CancelTimer | Notify | StartCase;

/** Result of `start` or `step`. */
export interface StepResult {
  snapshot: CaseSnapshot;
  effects: Effect[];
  /** Name of the active top-level state (`booked`); nested detail is in `snapshot.value`. */
  state: string;
}

/** An event a given user may send now, with its input schema (for the UI form). */
export interface AvailableEvent {
  type: string;
  label?: string;
  input?: JsonSchema;
}

/** A deadline clock as it stands at some `now`, measured on its own calendar. */
export interface DeadlineView {
  id: string;
  label?: string;
  status: ClockState['status'];
  dueAt?: number;
  elapsedMs: number;
  withinMs: number;
  pauses: number;
  /** Running or paused with its time used up. */
  overdue: boolean;
  /**
   * The last date the deadline's calendar lists holidays for, when the due time falls after it:
   * that stretch was counted on weekdays alone, so the due time may be wrong.
   */
  beyondCalendar?: string;
}

/**
 * How a step is worked out. `effects: false` gives the snapshot alone, as replay needs it: no
 * effects, and the messages, linked cases and state timers are not even built (clock state,
 * which the snapshot carries, still is).
 */
export interface StepOptions {
  effects?: boolean;
}

/** A validated definition turned into a runnable machine. */
export interface CompiledProcess {
  definition: ProcessDefinition;
  machine: AnyStateMachine;
  /** Opens a case: validates data (`invalid-input`), enters the initial state. */
  start(args: { data: Record<string, unknown>; actor: Actor; now: number; caseId: string }, options?: StepOptions): StepResult;
  /**
   * Applies one event purely. Throws CaseflowError `event-not-allowed` (with the state),
   * `guard-refused` (with the state and the condition), `role-not-allowed` or `invalid-input`
   * (with FieldError[] details); never mutates its input.
   */
  step(snapshot: CaseSnapshot, event: CaseEvent, now: number, caseId: string, options?: StepOptions): StepResult;
  /** Events the roles may send in this snapshot (role and guard checked). */
  availableEvents(snapshot: CaseSnapshot, actor: Actor, now: number, caseId: string): AvailableEvent[];
  /** The case's deadlines at `now` (elapsed clock time, due time, overdue), in declaration order. */
  deadlines(snapshot: CaseSnapshot, now: number, caseId: string): DeadlineView[];
  /** Schema check of case data. */
  validateData(data: Record<string, unknown>): FieldError[];
  /**
   * One line naming the case, from the process's `title` (or its data's first short texts).
   * Plain text, not HTML: show it as text, which escapes it once. Never throws.
   */
  title(data: Record<string, unknown>): string;
  /**
   * What the inbox search finds the case by: its id, its `title` and the details of what the
   * title names (a customer's phone), never everything its events add.
   */
  searchText(caseId: string, data: Record<string, unknown>, title: string): string;
  /** The case's unit, its assignment rules, open states and approvals. */
  staffing: Staffing;
  /** The process's tallies: the runtime stamps them on a new case's data before `start`. */
  tallies: readonly TallyPlan[];
}
