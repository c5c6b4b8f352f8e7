/**
 * Moving running cases of one version of a process onto a later one by a migration plan. The
 * dry run reports per case what would happen; applying moves case by case, each in its own
 * transaction with a `$migrated` event in its hash chain, a page at a time (resumable by cursor).
 * A case that cannot move stays on its version and is listed with the reasons.
 */
import { SYSTEM_ACTOR } from '../compile/index.js';
import { clockCalendar, wallTimeOf } from '../compile/clocks.js';
import { addSpan } from '../compile/durations.js';
import type { ExpressionScope } from '../compile/expressions.js';
import type { ProcessPlan } from '../compile/plan.js';
import { scheduleTimer } from '../compile/timers.js';
import type { Actor, CaseSnapshot, CompiledProcess, Effect } from '../compile/types.js';
import { CaseflowError, ensureError, type FieldError } from '../errors.js';
import { buildCaseRecord } from './case-record.js';
import type { RuntimeContext } from './context.js';
import { namedText } from './directory-names.js';
import { sealEvent } from './hash-chain.js';
import { checkSetExpressions, MIGRATED_EVENT, migrateSnapshot, processPlan, renamedState, type MigratedInput } from './migrate-snapshot.js';
import { checkMigrationPlan, type MigrationPlan, type TimerChoice } from './migration-plan.js';
import { assertMayMigrate } from './permissions.js';
import { rerunEvents } from './replay.js';
import { checkUnit } from './staff-events.js';
import { withStaff } from './staffing.js';
import type { CaseCommit, CaseRecord, TimerRecord } from './store.js';

/** Cases looked at per call when the caller names no limit. */
const DEFAULT_BATCH = 100;
/** Most cases looked at per call. */
const MAX_BATCH = 1000;

/** Which cases move where, and how. */
export interface MigrationRequest {
  processId: string;
  from: number;
  to: number;
  plan: MigrationPlan;
  /** Where the previous page stopped. */
  cursor?: string;
  /** Cases looked at in this page (of every version; only those at `from` are reported). */
  limit?: number;
}

/** What happens to one pending timer. */
export interface TimerMove {
  key: string;
  /** The timer's key in the new version (absent when dropped). */
  newKey?: string;
  action: TimerChoice | 'drop';
  dueAt: number;
  newDueAt?: number;
  /** Due at or before the time of the migration: it fires at once. */
  firesAtOnce?: boolean;
  note?: string;
}

/** The result for one case. */
export interface CaseMigration {
  caseId: string;
  state: string;
  newState?: string;
  /** `ready` in a dry run, `migrated` when applied, `blocked` when it cannot move. */
  outcome: 'ready' | 'migrated' | 'blocked';
  /** Why a blocked case cannot move. */
  reasons: string[];
  unmappedStates: string[];
  fieldErrors: FieldError[];
  timers: TimerMove[];
  notes: string[];
}

/** One page of a dry run or of applying. */
export interface MigrationReport {
  processId: string;
  from: number;
  to: number;
  applied: boolean;
  cases: CaseMigration[];
  /** Set while more cases remain: pass it back to go on. */
  nextCursor?: string;
}

/** `timer:<state>:<id>` or `deadline:<id>:<mark>` with its state (or deadline id) renamed. */
function renamedKey(plan: MigrationPlan, key: string): { key: string; owner: string; oldOwner: string } {
  const [kind, owner, ...rest] = key.split(':');
  const renamed = renamedState(plan, owner ?? '');
  return { key: [kind, renamed, ...rest].join(':'), owner: renamed, oldOwner: owner ?? '' };
}

function activeNames(value: CaseSnapshot['value'], out = new Set<string>()): Set<string> {
  if (typeof value === 'string') return out.add(value);
  for (const [name, child] of Object.entries(value)) {
    out.add(name);
    if (child !== undefined) activeNames(child, out);
  }
  return out;
}

/** When each pending state timer was scheduled: the time of the last recorded event that scheduled it. */
async function scheduledAt(ctx: RuntimeContext, record: CaseRecord): Promise<Map<string, number>> {
  const anchors = new Map<string, number>();
  for (const { event, result } of await rerunEvents(ctx, record, await ctx.store.getEvents(record.id))) {
    for (const effect of result?.effects ?? []) {
      if (effect.kind === 'timer.schedule') anchors.set(effect.key, event.at);
      else if (effect.kind === 'timer.cancel') anchors.delete(effect.key);
    }
  }
  return anchors;
}

interface TimerContext {
  plan: MigrationPlan;
  next: ProcessPlan;
  snapshot: CaseSnapshot;
  now: number;
  caseId: string;
  anchors: () => Promise<Map<string, number>>;
}

/** What becomes of one pending timer, and its due time under the new version when recomputed. */
async function moveTimer(timer: TimerRecord, t: TimerContext): Promise<TimerMove> {
  const { key, owner, oldOwner } = renamedKey(t.plan, timer.key);
  const base = { key: timer.key, dueAt: timer.dueAt };
  const active = activeNames(t.snapshot.value);
  const stateTimer = t.next.timers.get(key);
  const mark = t.next.marks.get(key);
  if (!stateTimer && !mark) return { ...base, action: 'drop', note: `the new version has no timer ${key}` };
  if (stateTimer && !active.has(stateTimer.state)) return { ...base, action: 'drop', note: `state ${stateTimer.state} of timer ${key} is not active after the move` };
  if (mark && !t.snapshot.clocks[mark.deadline.id]) return { ...base, action: 'drop', note: `deadline ${mark.deadline.id} has no clock after the move` };
  const choices = t.plan.timers ?? {};
  const action = choices[timer.key] ?? choices[key] ?? choices[oldOwner] ?? choices[owner] ?? 'keep';
  let newDueAt = timer.dueAt;
  if (action === 'recompute') {
    const scope: ExpressionScope = { data: t.snapshot.data, actor: SYSTEM_ACTOR, now: t.now, caseId: t.caseId };
    if (stateTimer) {
      const anchor = (await t.anchors()).get(timer.key) ?? t.now;
      const at = { ...scope, now: anchor };
      newDueAt = timer.count > 1 && stateTimer.every ? addSpan(stateTimer.every.resolve(at), anchor) : scheduleTimer(stateTimer, at, anchor).dueAt;
    } else if (mark) {
      const clock = t.snapshot.clocks[mark.deadline.id];
      newDueAt = wallTimeOf(clock, mark.mark.at.resolve(scope).ms, clockCalendar(mark.deadline, scope));
    }
  }
  const move: TimerMove = { ...base, newKey: key, action, newDueAt };
  if (newDueAt <= t.now) move.firesAtOnce = true;
  return move;
}

/** The timer effects that carry the moves out: old keys removed, new ones written with their counts. */
function timerEffects(timers: TimerRecord[], moves: TimerMove[]): Effect[] {
  const cancels: Effect[] = [];
  const schedules: Effect[] = [];
  moves.forEach((move, i) => {
    const count = timers[i].count;
    if (move.newKey === undefined || move.newKey !== move.key) cancels.push({ kind: 'timer.cancel', key: move.key });
    if (move.newKey !== undefined && (move.newKey !== move.key || move.newDueAt !== move.dueAt)) {
      schedules.push({ kind: 'timer.schedule', key: move.newKey, dueAt: move.newDueAt ?? move.dueAt, count });
    }
  });
  return [...cancels, ...schedules];
}

/** Timers of the states the case is in after the move that the new version has and nothing carries over: they do not start. */
function unstartedTimers(next: ProcessPlan, snapshot: CaseSnapshot, moves: TimerMove[]): string[] {
  const carried = new Set(moves.map((move) => move.newKey));
  const active = activeNames(snapshot.value);
  return [...next.timers.values()]
    .filter((timer) => active.has(timer.state) && !carried.has(timer.key))
    .map((timer) => `${timer.key} is new in this version: it starts when ${timer.state} is next entered`);
}

interface Versions {
  from: CompiledProcess;
  to: CompiledProcess;
  toPlan: ProcessPlan;
}

/** Works out one case's move; the commit is set when it can move. */
async function prepareCase(ctx: RuntimeContext, request: MigrationRequest, versions: Versions, record: CaseRecord, actor: Actor) {
  const now = ctx.clock.now();
  const moved = migrateSnapshot({
    plan: request.plan, from: versions.from, fromVersion: request.from, to: versions.to, toPlan: versions.toPlan, snapshot: record.snapshot, actor, now, caseId: record.id,
  });
  const unit = versions.to.staffing.unitOf(moved.snapshot.data, record.id, now);
  const snapshot = withStaff(moved.snapshot, unit, record.snapshot.assignee);
  const timers = await ctx.store.pendingTimers(record.id);
  let anchors: Promise<Map<string, number>> | undefined;
  const t: TimerContext = { plan: request.plan, next: versions.toPlan, snapshot, now, caseId: record.id, anchors: () => (anchors ??= scheduledAt(ctx, record)) };
  const moves: TimerMove[] = [];
  for (const timer of timers) moves.push(await moveTimer(timer, t));
  const report: CaseMigration = {
    caseId: record.id, state: record.state, newState: moved.state, outcome: 'ready', reasons: [],
    unmappedStates: moved.unmappedStates, fieldErrors: moved.fieldErrors, timers: moves, notes: [...moved.notes],
  };
  for (const name of moved.unmappedStates) report.reasons.push(`state ${name} has no place in version ${request.to}`);
  for (const error of moved.fieldErrors) report.reasons.push(`${error.field}: ${error.message}`);
  for (const move of moves) if (move.note) report.notes.push(`${move.key} dropped: ${move.note}`);
  report.notes.push(...unstartedTimers(versions.toPlan, snapshot, moves));
  if (report.reasons.length === 0 && unit !== record.snapshot.unit) {
    try {
      await checkUnit(ctx, versions.to, unit);
    } catch (caught) {
      report.reasons.push(ensureError(caught).message);
    }
  }
  if (report.reasons.length > 0) return { report: { ...report, outcome: 'blocked' as const } };
  const input: MigratedInput = { plan: request.plan, from: request.from, to: request.to };
  const sealed = sealEvent(record.lastHash, {
    caseId: record.id, seq: record.revision + 1, type: MIGRATED_EVENT, actor: actor.id, actorRoles: actor.roles, at: now,
    from: record.state, to: moved.state, input: { ...input },
  });
  const row = buildCaseRecord(versions.to, { snapshot, effects: [], state: moved.state }, {
    id: record.id, processId: record.processId, version: request.to, parentId: record.parentId,
    revision: record.revision + 1, createdAt: record.createdAt, createdBy: record.createdBy, now, lastHash: sealed.event.hash,
    title: await namedText(ctx.people, versions.to.title(snapshot.data)),
  });
  const commit: CaseCommit = {
    case: row, expectedRevision: record.revision, event: sealed.event, eventJson: sealed.json,
    timers: timerEffects(timers, moves), outbox: [], children: [],
  };
  return { report, commit };
}

async function loadVersions(ctx: RuntimeContext, request: MigrationRequest): Promise<Versions> {
  if (!Number.isInteger(request.from) || !Number.isInteger(request.to) || request.to <= request.from) {
    throw new CaseflowError('invalid-input', `cases move onto a later version: ${request.to} does not come after ${request.from}`, {
      details: [{ field: 'to', message: `must be a version after ${request.from}` }],
    });
  }
  const [from, to] = await Promise.all([ctx.processes.load(request.processId, request.from), ctx.processes.load(request.processId, request.to)]);
  checkMigrationPlan(request.plan, from.compiled.definition, to.compiled.definition);
  checkSetExpressions(request.plan, from.compiled.definition, request.from);
  return { from: from.compiled, to: to.compiled, toPlan: processPlan(to.compiled, to.record.files, request.to) };
}

/** One page of running cases of the process, and those of them still at `from`. */
async function pageOf(ctx: RuntimeContext, request: MigrationRequest) {
  const limit = Math.min(Math.max(1, Math.floor(request.limit ?? DEFAULT_BATCH)), MAX_BATCH);
  const query = { processId: request.processId, status: 'active' as const, limit };
  const page = await ctx.store.queryCases(request.cursor === undefined ? query : { ...query, cursor: request.cursor });
  return { cases: page.items.filter((c) => c.version === request.from), nextCursor: page.nextCursor };
}

function reportOf(request: MigrationRequest, applied: boolean, cases: CaseMigration[], nextCursor: string | undefined): MigrationReport {
  const report: MigrationReport = { processId: request.processId, from: request.from, to: request.to, applied, cases };
  if (nextCursor !== undefined) report.nextCursor = nextCursor;
  return report;
}

/** Dry run: what moving one page of cases would do, nothing written. */
export async function planMigration(ctx: RuntimeContext, request: MigrationRequest, actor: Actor): Promise<MigrationReport> {
  assertMayMigrate(actor);
  const versions = await loadVersions(ctx, request);
  const page = await pageOf(ctx, request);
  const cases: CaseMigration[] = [];
  for (const record of page.cases) cases.push((await prepareCase(ctx, request, versions, record, actor)).report);
  return reportOf(request, false, cases, page.nextCursor);
}

/** Moves one page of cases, each in its own transaction; a case that cannot move stays and is listed. */
export async function migrateCases(ctx: RuntimeContext, request: MigrationRequest, actor: Actor): Promise<MigrationReport> {
  assertMayMigrate(actor);
  const versions = await loadVersions(ctx, request);
  const page = await pageOf(ctx, request);
  const cases: CaseMigration[] = [];
  for (const listed of page.cases) {
    const attempt = async (): Promise<CaseMigration | undefined> => {
      const record = await ctx.store.getCase(listed.id);
      if (!record || record.version !== request.from || record.status !== 'active') return undefined;
      const prepared = await prepareCase(ctx, request, versions, record, actor);
      if (!prepared.commit) return prepared.report;
      try {
        await ctx.store.commit(prepared.commit);
        return { ...prepared.report, outcome: 'migrated' };
      } catch (caught) {
        return { ...prepared.report, outcome: 'blocked', reasons: [ensureError(caught).message] };
      }
    };
    const result = await (ctx.caseLock ? ctx.caseLock(listed.id, attempt) : attempt());
    if (result) cases.push(result);
  }
  return reportOf(request, true, cases, page.nextCursor);
}

/** Running cases of a process by the version they run on (every active case, read a page at a time). */
export async function runningCases(ctx: RuntimeContext, processId: string): Promise<Record<string, number>> {
  await ctx.processes.load(processId);
  const counts: Record<string, number> = {};
  let cursor: string | undefined;
  do {
    const query = { processId, status: 'active' as const, limit: MAX_BATCH };
    const page = await ctx.store.queryCases(cursor === undefined ? query : { ...query, cursor });
    for (const record of page.items) counts[record.version] = (counts[record.version] ?? 0) + 1;
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return counts;
}
