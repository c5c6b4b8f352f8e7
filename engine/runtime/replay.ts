/**
 * Replay: re-run a case's recorded events through its pinned version, with the recorded times and
 * actors, and show step by step that they reach the recorded states and data; verify its chain.
 */
import type { CaseEvent, CaseSnapshot, CompiledProcess, StepOptions, StepResult } from '../compile/types.js';
import { MIGRATED_EVENT, migrateSnapshot, processPlan } from './migrate-snapshot.js';
import { readMigrationPlan } from './migration-plan.js';
import { CaseflowError, ensureError } from '../errors.js';
import { ChainWalk } from './chain-walk.js';
import type { RuntimeContext } from './context.js';
import type { LoadedProcess } from './process-cache.js';
import { STAFF_EVENTS } from './staff-events.js';
import { replayedStaff } from './staffing.js';
import type { CaseRecord, EventRecord } from './store.js';
import type { ReplayResult, ReplayStep } from './types.js';

/** Paths at which two JSON values differ (`data.amount`, `value.open`), at most `limit`. */
function jsonDifferences(recorded: unknown, replayed: unknown, path = '', limit = 20, out: string[] = []): string[] {
  if (out.length >= limit) return out;
  const here = path === '' ? '(root)' : path;
  if (recorded === replayed) return out;
  if (typeof recorded !== 'object' || typeof replayed !== 'object' || recorded === null || replayed === null) {
    out.push(here);
    return out;
  }
  if (Array.isArray(recorded) !== Array.isArray(replayed)) {
    out.push(here);
    return out;
  }
  const keys = new Set([...Object.keys(recorded), ...Object.keys(replayed)]);
  for (const key of [...keys].sort()) {
    const a: unknown = Reflect.get(recorded, key);
    const b: unknown = Reflect.get(replayed, key);
    if (a === undefined && b === undefined) continue;
    jsonDifferences(a, b, path === '' ? key : `${path}.${key}`, limit, out);
  }
  return out;
}

/** Re-runs one recorded event; the first event opens the case with its input as data. */
function rerun(compiled: CompiledProcess, snapshot: CaseSnapshot | undefined, event: EventRecord, options: StepOptions): StepResult {
  const result = rerunProcess(compiled, snapshot, event, options);
  return { ...result, snapshot: replayedStaff(compiled, snapshot, result.snapshot, event) };
}

/** The process part of a recorded event; assignment changes and notes leave the machine alone. */
function rerunProcess(compiled: CompiledProcess, snapshot: CaseSnapshot | undefined, event: EventRecord, options: StepOptions): StepResult {
  const actor = { id: event.actor, roles: event.actorRoles };
  if (snapshot === undefined) return compiled.start({ data: event.input ?? {}, actor, now: event.at, caseId: event.caseId }, options);
  if (STAFF_EVENTS.has(event.type)) return { snapshot, effects: [], state: event.from ?? event.to };
  const caseEvent: CaseEvent = { type: event.type, actor };
  if (event.input !== null) caseEvent.input = event.input;
  if (event.timer !== undefined) caseEvent.timer = event.timer;
  return compiled.step(snapshot, caseEvent, event.at, event.caseId, options);
}

/** Checks a case's chain (seq order, links, hashes) and that the case row points at its last event. */
function verifyCaseChain(record: CaseRecord, events: EventRecord[]): { valid: boolean; brokenAt?: number } {
  const walk = new ChainWalk(true);
  walk.checkRecords(events);
  const verdict = walk.finish([[record.id, record.revision, record.lastHash]]);
  return verdict.firstBroken ? { valid: false, brokenAt: verdict.firstBroken.seq } : { valid: true };
}

/** One re-run event: the step it gives, or why the machine refused it. */
export interface RerunStep {
  event: EventRecord;
  result?: StepResult;
  error?: Error;
}

/** The version a case's chain starts on: the `from` of its first `$migrated` event, else its row's. */
function firstVersion(events: EventRecord[], rowVersion: number): number {
  const moved = events.find((e) => e.type === MIGRATED_EVENT);
  const from = moved?.input?.from;
  return typeof from === 'number' ? from : rowVersion;
}

/** Moves the replayed snapshot as the recorded `$migrated` event did, onto the version it names. */
function rerunMigration(versions: Map<number, LoadedProcess>, from: LoadedProcess, snapshot: CaseSnapshot | undefined, event: EventRecord) {
  const to = event.input?.to;
  const loaded = typeof to === 'number' ? versions.get(to) : undefined;
  if (snapshot === undefined || loaded === undefined || event.input?.plan === undefined) {
    throw new CaseflowError('internal', `event ${event.seq} records no migration`);
  }
  const next = loaded.compiled;
  const moved = migrateSnapshot({
    plan: readMigrationPlan(event.input.plan), from: from.compiled, fromVersion: from.record.version, to: next,
    toPlan: processPlan(next, loaded.record.files, loaded.record.version), snapshot,
    actor: { id: event.actor, roles: event.actorRoles }, now: event.at, caseId: event.caseId,
  });
  const result: StepResult = { snapshot: replayedStaff(next, snapshot, moved.snapshot, event), effects: [], state: moved.state };
  return { loaded, result };
}

/** Every version a case's chain runs on, loaded: the first, and the one each `$migrated` event names. */
async function chainVersions(ctx: RuntimeContext, record: CaseRecord, events: EventRecord[]): Promise<Map<number, LoadedProcess>> {
  const numbers = new Set([firstVersion(events, record.version)]);
  for (const event of events) {
    const to = event.type === MIGRATED_EVENT ? event.input?.to : undefined;
    if (typeof to === 'number') numbers.add(to);
  }
  const loaded = await Promise.all([...numbers].map((version) => ctx.processes.load(record.processId, version)));
  return new Map(loaded.map((process) => [process.record.version, process]));
}

/**
 * Re-runs a case's recorded events in order through the version each was recorded on (the old
 * one up to a `$migrated` event, the new one after it): each step, or why it was refused.
 * With `{ effects: false }` the steps give their snapshots alone.
 */
export async function rerunEvents(ctx: RuntimeContext, record: CaseRecord, events: EventRecord[], options: StepOptions = {}): Promise<RerunStep[]> {
  const versions = await chainVersions(ctx, record, events);
  let current = versions.get(firstVersion(events, record.version));
  if (!current) throw new CaseflowError('internal', `case ${record.id} runs on no loaded version`);
  const steps: RerunStep[] = [];
  let snapshot: CaseSnapshot | undefined;
  for (const event of events) {
    try {
      let result: StepResult;
      if (event.type === MIGRATED_EVENT) {
        const moved = rerunMigration(versions, current, snapshot, event);
        current = moved.loaded;
        result = moved.result;
      } else {
        result = rerun(current.compiled, snapshot, event, options);
      }
      snapshot = result.snapshot;
      steps.push({ event, result });
    } catch (caught) {
      steps.push({ event, error: ensureError(caught) });
    }
  }
  return steps;
}

/** Replays a case and verifies its chain. */
export async function replayCase(ctx: RuntimeContext, caseId: string): Promise<ReplayResult> {
  const record = await ctx.store.getCase(caseId);
  if (!record) throw new CaseflowError('not-found', `case ${caseId} does not exist`);
  const events = await ctx.store.getEvents(caseId);
  const steps: ReplayStep[] = [];
  let snapshot: CaseSnapshot | undefined;
  // Replay compares states and snapshots: the messages and timers each step would ask for are not built.
  for (const { event, result, error } of await rerunEvents(ctx, record, events, { effects: false })) {
    const step: ReplayStep = {
      seq: event.seq,
      type: event.type,
      recorded: { to: event.to, revision: event.seq },
      replayed: { to: '', snapshot: null },
      consistent: true,
    };
    if (result) {
      snapshot = result.snapshot;
      step.replayed = { to: result.state, snapshot: result.snapshot };
      if (result.state !== event.to) {
        step.consistent = false;
        step.differences = ['to'];
      }
    } else {
      step.consistent = false;
      step.differences = [`refused: ${error?.message ?? 'unknown'}`];
    }
    steps.push(step);
  }
  const last = steps[steps.length - 1];
  if (last && snapshot !== undefined && events.length === record.revision) {
    const differences = jsonDifferences(record.snapshot, snapshot).map((p) => `snapshot.${p}`);
    if (differences.length > 0) {
      last.consistent = false;
      last.differences = [...(last.differences ?? []), ...differences];
    }
  }
  const chain = verifyCaseChain(record, events);
  const result: ReplayResult = {
    caseId,
    consistent: steps.every((s) => s.consistent) && events.length === record.revision,
    chainValid: chain.valid,
    steps,
  };
  if (chain.brokenAt !== undefined) result.brokenAt = chain.brokenAt;
  return result;
}
