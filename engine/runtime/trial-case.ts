/**
 * A case driven purely in memory on a manual clock: the pending timers its steps asked for,
 * fired in due order as `$timer` events as the scheduler fires them, and the messages and
 * linked cases its steps produced. No store, no I/O: the simulator and scenario tests use it.
 */
import { withNames, type DirectoryNames } from '../compile/directory-names.js';
import { stampTallies, type OpenedCase } from '../compile/index.js';
import type { Actor, CaseSnapshot, CompiledProcess, Effect, Notify, StartCase, StepResult } from '../compile/types.js';
import { SYSTEM_ACTOR, TIMER_EVENT } from './scheduler.js';
import { trialAssignment, withStaff } from './staffing.js';

/** A timer the case is waiting for. */
export interface PendingTimer {
  key: string;
  dueAt: number;
  /** Repeat count, 1 for the first firing. */
  count: number;
}

/** A message a step produced, with the clock time it was produced at. */
export interface TrialMessage extends Notify {
  at: number;
}

/** Opening arguments of a trial case. */
export interface TrialCaseStart {
  data: Record<string, unknown>;
  actor: Actor;
  now: number;
  caseId?: string;
  /** Cases of the same process opened earlier, that the process's tallies count. */
  earlier?: readonly OpenedCase[];
  /** Names of units and people for the messages; without them, their ids stand in. */
  names?: DirectoryNames;
  /** Leaves the name markers in the messages, for a caller that names them from the directory. */
  keepNameMarkers?: boolean;
}

/** The runtime keeps one pending timer per key; ties in due time go by key, as the store reads them. */
function soonestFirst(a: PendingTimer, b: PendingTimer): number {
  return a.dueAt - b.dueAt || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

/** One case of a compiled process, stepped by hand; `start` refusals throw from the constructor. */
export class TrialCase {
  snapshot: CaseSnapshot;
  state: string;
  now: number;
  readonly caseId: string;
  /** Every notification produced, oldest first. */
  readonly messages: TrialMessage[] = [];
  /** Every linked case the steps asked to open (not opened: there is no store). */
  readonly started: StartCase[] = [];
  private readonly timers = new Map<string, PendingTimer>();
  private readonly names: DirectoryNames | undefined;
  private readonly keepNameMarkers: boolean;

  constructor(readonly process: CompiledProcess, args: TrialCaseStart) {
    this.caseId = args.caseId ?? `${process.definition.id}-1`;
    this.now = args.now;
    this.names = args.names;
    this.keepNameMarkers = args.keepNameMarkers ?? false;
    const data = stampTallies(process.tallies, args.data, this.caseId, args.now, args.earlier ?? []);
    const result = process.start({ data, actor: args.actor, now: args.now, caseId: this.caseId });
    this.snapshot = this.staffed(undefined, result.snapshot, args.actor);
    this.state = result.state;
    this.applyEffects(result.effects);
  }

  /** The case data. */
  get data(): Record<string, unknown> {
    return this.snapshot.data;
  }

  /** Sends a person's event now; a refusal throws the machine's CaseflowError and changes nothing. */
  send(type: string, actor: Actor, input?: Record<string, unknown>): StepResult {
    const result = this.process.step(this.snapshot, { type, actor, input }, this.now, this.caseId);
    this.accept(result, actor);
    return result;
  }

  /** Fires the soonest pending timer due by `until` (the clock moves to its due time); none when nothing is due. */
  fireNext(until: number): PendingTimer | undefined {
    const next = [...this.timers.values()].filter((timer) => timer.dueAt <= until).sort(soonestFirst)[0];
    if (!next) return undefined;
    this.timers.delete(next.key);
    this.now = Math.max(this.now, next.dueAt);
    const event = { type: TIMER_EVENT, actor: SYSTEM_ACTOR, timer: { key: next.key, count: next.count } };
    this.accept(this.process.step(this.snapshot, event, this.now, this.caseId), SYSTEM_ACTOR);
    return next;
  }

  /** Moves the clock forward by `ms`, firing every timer that falls due on the way, in due order. */
  advance(ms: number): void {
    this.advanceTo(this.now + ms);
  }

  /** Moves the clock to `until` (epoch ms), firing due timers on the way. */
  advanceTo(until: number): void {
    while (this.fireNext(until));
    this.now = Math.max(this.now, until);
  }

  /** Pending timers, soonest first. */
  pending(): PendingTimer[] {
    return [...this.timers.values()].sort(soonestFirst).map(({ key, dueAt, count }) => ({ key, dueAt, count }));
  }

  /** The snapshot with its unit and the holder the rules give it (no directory: queues stay unassigned). */
  private staffed(before: CaseSnapshot | undefined, after: CaseSnapshot, actor: Actor): CaseSnapshot {
    const unit = this.process.staffing.unitOf(after.data, this.caseId, this.now);
    const change = trialAssignment(this.process, { before, after, unit, actor, now: this.now, caseId: this.caseId });
    return withStaff(after, unit, change ? change.to ?? undefined : before?.assignee);
  }

  private accept(result: StepResult, actor: Actor): void {
    this.snapshot = this.staffed(this.snapshot, result.snapshot, actor);
    this.state = result.state;
    this.applyEffects(result.effects);
  }

  private applyEffects(effects: Effect[]): void {
    for (const effect of effects) {
      switch (effect.kind) {
        case 'timer.schedule':
          this.timers.set(effect.key, { key: effect.key, dueAt: effect.dueAt, count: effect.count });
          break;
        case 'timer.cancel':
          this.timers.delete(effect.key);
          break;
        case 'notify':
          this.messages.push(this.keepNameMarkers ? { ...effect, at: this.now } : {
            ...effect, body: withNames(effect.body, this.names), ...(effect.subject === undefined ? {} : { subject: withNames(effect.subject, this.names) }), at: this.now,
          });
          break;
        case 'start-case':
          this.started.push(effect);
          break;
      }
    }
  }
}
