/**
 * Applying one event to a case: load, step the compiled machine, and commit the event, the case
 * row, its timers, outbox rows and linked cases in ONE transaction. Rejections change nothing.
 */
import type { Actor, CompiledProcess } from '../compile/types.js';
import { CaseflowError } from '../errors.js';
import { buildCaseRecord } from './case-record.js';
import { toCaseView } from './case-view.js';
import type { RuntimeContext } from './context.js';
import { nameOutbox, namedText } from './directory-names.js';
import { openChild } from './create-case.js';
import { commitParts } from './effects.js';
import { sealEvent, type HashedEventFields } from './hash-chain.js';
import { earlierAnswer, requestHash } from './idempotency.js';
import { assertMayAct, holdAllows, visibleCase } from './permissions.js';
import { checkUnit, STAFF_EVENTS } from './staff-events.js';
import { decideAssignment, staffNotices, withStaff } from './staffing.js';
import type { AssignmentChange, CaseCommit, CaseRecord } from './store.js';
import type { ApplyOptions, CaseView, EventOutcome } from './types.js';

/** How often a write that lost a race with another writer is recomputed before giving up. */
const STALE_RETRIES = 5;

/** An event as callers send it. */
export interface IncomingEvent {
  type: string;
  input?: Record<string, unknown>;
}

/** The committed result of an event, before it is shown to anyone. */
export interface AppliedEvent {
  record: CaseRecord;
  compiled: CompiledProcess;
  now: number;
  /** The case's title after the event, with the directory's names in it. */
  title: string;
}

/** Options of the internal path: those of `applyEvent`, plus the timer row that fired. */
export interface ApplyInternalOptions extends ApplyOptions {
  firedTimer?: { key: string; count: number };
  /** The change of assignee an assignment operation ($assign, $claim, $release) makes. */
  assignment?: AssignmentChange;
}

function isStale(error: unknown): boolean {
  return error instanceof CaseflowError && error.code === 'stale-revision';
}

/** Applies an event and answers with the case as this actor sees it, after the commit. */
export async function applyEvent(
  ctx: RuntimeContext,
  caseId: string,
  event: IncomingEvent,
  actor: Actor,
  options: ApplyOptions = {},
): Promise<CaseView> {
  const { idempotencyKey, expectedRevision } = options;
  if (idempotencyKey === undefined) {
    const applied = await commitEvent(ctx, caseId, event, actor, options);
    return toCaseView(applied.record, applied.compiled, actor, applied.now, applied.title);
  }
  const request = requestHash({ op: 'event', caseId, type: event.type, input: event.input, expectedRevision, actor: actor.id });
  const earlier = await earlierAnswer(ctx.store, idempotencyKey, request);
  if (earlier) return earlier;
  try {
    let view: CaseView | undefined;
    await commitEvent(ctx, caseId, event, actor, options, (applied, commit) => {
      view = toCaseView(applied.record, applied.compiled, actor, applied.now, applied.title);
      commit.idempotency = { key: idempotencyKey, requestHash: request, response: view };
    });
    if (!view) throw new CaseflowError('internal', 'event committed without an answer');
    return view;
  } catch (error) {
    // A concurrent request with the same key may have won; its answer is ours.
    const winner = await earlierAnswer(ctx.store, idempotencyKey, request);
    if (winner) return winner;
    throw error;
  }
}

/**
 * Applies an event and answers with its outcome only. With an idempotency key the full view is
 * kept as the answer (a repeat may ask for either) and the outcome is taken from it.
 */
export async function sendEvent(
  ctx: RuntimeContext,
  caseId: string,
  event: IncomingEvent,
  actor: Actor,
  options: ApplyOptions = {},
): Promise<EventOutcome> {
  if (options.idempotencyKey !== undefined) return eventOutcome(await applyEvent(ctx, caseId, event, actor, options));
  return eventOutcome((await commitEvent(ctx, caseId, event, actor, options)).record);
}

/** The outcome of an event: the case's place and revision after it. */
export function eventOutcome(record: CaseRecord): EventOutcome {
  const outcome: EventOutcome = {
    id: record.id, processId: record.processId, version: record.version, state: record.state, status: record.status,
    revision: record.revision, updatedAt: record.updatedAt,
  };
  if (record.assignee !== undefined) outcome.assignee = record.assignee;
  if (record.nextDueAt !== undefined) outcome.nextDueAt = record.nextDueAt;
  return outcome;
}

/**
 * Steps and commits one event, recomputing from the fresh case when another writer got there
 * first (unless the caller pinned `expectedRevision`). `beforeCommit` may add to the commit.
 */
export async function commitEvent(
  ctx: RuntimeContext,
  caseId: string,
  event: IncomingEvent,
  actor: Actor,
  options: ApplyInternalOptions = {},
  beforeCommit?: (applied: AppliedEvent, commit: CaseCommit) => void,
): Promise<AppliedEvent> {
  const attempt = () => commitWithRetries(ctx, caseId, event, actor, options, beforeCommit);
  return ctx.caseLock ? ctx.caseLock(caseId, attempt) : attempt();
}

async function commitWithRetries(
  ctx: RuntimeContext,
  caseId: string,
  event: IncomingEvent,
  actor: Actor,
  options: ApplyInternalOptions,
  beforeCommit?: (applied: AppliedEvent, commit: CaseCommit) => void,
): Promise<AppliedEvent> {
  for (let attempt = 0; ; attempt++) {
    if (attempt > 0) await raceBackoff(attempt);
    if (attempt > 0 && options.firedTimer) await ensureTimerPending(ctx, caseId, options.firedTimer);
    const current = visibleCase(actor, await ctx.store.getCase(caseId), caseId);
    if (options.expectedRevision !== undefined && current.revision !== options.expectedRevision) {
      throw new CaseflowError('stale-revision', `case ${caseId} is at revision ${current.revision}, not ${options.expectedRevision}`, {
        details: { revision: current.revision, expected: options.expectedRevision },
      });
    }
    const { commit, applied } = await stepCase(ctx, current, event, actor, options);
    beforeCommit?.(applied, commit);
    try {
      await ctx.store.commit(commit);
      return applied;
    } catch (error) {
      if (isStale(error) && options.expectedRevision === undefined && attempt < STALE_RETRIES) continue;
      throw error;
    }
  }
}

/**
 * Waits a random while before the `attempt`th try of a write that lost a race (up to 2, 4, 8, 16,
 * 32 ms): two servers writing one case in step would otherwise meet again at every retry.
 */
function raceBackoff(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.random() * 2 ** attempt));
}

/** After losing a race, a timer event only goes on if its timer row is still there, unchanged. */
async function ensureTimerPending(ctx: RuntimeContext, caseId: string, timer: { key: string; count: number }): Promise<void> {
  const pending = await ctx.store.pendingTimers(caseId);
  if (!pending.some((t) => t.key === timer.key && t.count === timer.count)) {
    throw new CaseflowError('conflict', `timer ${timer.key} #${timer.count} of case ${caseId} is no longer pending`);
  }
}

/** Runs the machine on the current case and builds the commit; throws the machine's refusal. */
async function stepCase(
  ctx: RuntimeContext,
  current: CaseRecord,
  event: IncomingEvent,
  actor: Actor,
  options: ApplyInternalOptions,
): Promise<{ commit: CaseCommit; applied: AppliedEvent }> {
  const { compiled } = await ctx.processes.load(current.processId, current.version);
  const now = ctx.clock.now();
  const staffEvent = STAFF_EVENTS.has(event.type);
  let onBehalfOf: string | undefined;
  if (!staffEvent) {
    const hold = holdAllows(compiled, current, actor, now);
    if (!hold.allowed) assertMayAct(compiled, current, actor, now, await holderName(ctx, hold.assignee));
    else onBehalfOf = hold.onBehalfOf;
  }
  const caseEvent = { type: event.type, input: event.input, actor, timer: options.firedTimer };
  const stepped = staffEvent
    ? { snapshot: current.snapshot, effects: [], state: current.state }
    : compiled.step(current.snapshot, caseEvent, now, current.id);
  const unit = compiled.staffing.unitOf(stepped.snapshot.data, current.id, now);
  if (unit !== current.snapshot.unit) await checkUnit(ctx, compiled, unit);
  const assignment = staffEvent
    ? options.assignment
    : await decideAssignment(ctx, compiled, { before: current.snapshot, after: stepped.snapshot, unit, actor, now, caseId: current.id });
  const assignee = assignment ? assignment.to ?? undefined : current.snapshot.assignee;
  const result = { ...stepped, snapshot: withStaff(stepped.snapshot, unit, assignee) };
  const fields: HashedEventFields = {
    caseId: current.id,
    seq: current.revision + 1,
    type: event.type,
    actor: actor.id,
    actorRoles: actor.roles,
    at: now,
    from: current.state,
    to: result.state,
    input: event.input ?? null,
  };
  if (options.firedTimer) fields.timer = { key: options.firedTimer.key, count: options.firedTimer.count };
  if (assignment) fields.assignment = assignment;
  if (onBehalfOf !== undefined) fields.onBehalfOf = onBehalfOf;
  const sealed = sealEvent(current.lastHash, fields);
  const title = await namedText(ctx.people, compiled.title(result.snapshot.data));
  const record = buildCaseRecord(compiled, result, {
    id: current.id, processId: current.processId, version: current.version, parentId: current.parentId,
    revision: current.revision + 1, createdAt: current.createdAt, createdBy: current.createdBy, now, lastHash: sealed.event.hash, title,
  });
  const parts = await commitParts(result.effects, current.id, actor, now, 0, openChild(ctx));
  await nameOutbox(ctx.people, parts.outbox);
  const commit: CaseCommit = {
    case: record,
    expectedRevision: current.revision,
    event: sealed.event,
    eventJson: sealed.json,
    ...parts,
  };
  const notices = await staffNotices(ctx, {
    assignment, actor, unit, waitingBefore: current.waitingOn ?? [], waitingNow: record.waitingOn ?? [], title, now,
    messages: commit.outbox, roles: compiled.definition.roles,
  });
  if (notices.length > 0) commit.notices = notices;
  if (options.firedTimer) commit.firedTimer = { key: options.firedTimer.key, count: options.firedTimer.count };
  return { commit, applied: { record, compiled, now, title } };
}

/** The display name of a holder, for a refusal that names them. */
async function holderName(ctx: RuntimeContext, userId: string): Promise<string> {
  const person = await ctx.people?.person(userId);
  return person ? (person.displayName ?? person.username) : userId;
}
