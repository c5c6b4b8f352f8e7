/**
 * Assignment operations on one case — assign, claim, release — and internal notes. Each is an
 * event in the case's chain (`$assign`, `$claim`, `$release`, `$note`), written in its own
 * transaction through the same path as process events, answered after the commit.
 */
import type { Actor } from '../compile/types.js';
import { CaseflowError } from '../errors.js';
import { commitEvent } from './apply-event.js';
import { toCaseView } from './case-view.js';
import type { RuntimeContext } from './context.js';
import { personName } from './people.js';
import { assertAssigner, assertMayClaim, assertMayHold, assertMayRelease, visibleCase } from './permissions.js';
import { ASSIGN_EVENT, CLAIM_EVENT, NOTE_EVENT, RELEASE_EVENT } from './staff-events.js';
import type { AssignmentChange } from './store.js';
import type { CaseView } from './types.js';

/** Longest internal note, in characters. */
export const NOTE_LIMIT = 4000;

async function nameOf(ctx: RuntimeContext, userId: string | undefined): Promise<string | undefined> {
  if (userId === undefined) return undefined;
  const person = await ctx.people?.person(userId);
  return person ? personName(person) : userId;
}

/** Commits one staffing event whose assignment is worked out (and checked) from the fresh case. */
async function commitStaffEvent(
  ctx: RuntimeContext,
  caseId: string,
  actor: Actor,
  type: string,
  input: Record<string, unknown>,
  decide: (current: Awaited<ReturnType<typeof loadVisible>>) => Promise<AssignmentChange | undefined>,
): Promise<CaseView> {
  const current = await loadVisible(ctx, caseId, actor);
  const assignment = await decide(current);
  const applied = await commitEvent(ctx, caseId, { type, input }, actor, { expectedRevision: current.record.revision, assignment });
  return toCaseView(applied.record, applied.compiled, actor, applied.now, applied.title);
}

async function loadVisible(ctx: RuntimeContext, caseId: string, actor: Actor) {
  const record = visibleCase(actor, await ctx.store.getCase(caseId), caseId);
  const { compiled } = await ctx.processes.load(record.processId, record.version);
  return { record, compiled };
}

/** Gives the case to `to` (a user id), by an assigner; the person must be able to hold it. */
export function assignCase(ctx: RuntimeContext, caseId: string, to: string, actor: Actor, reason?: string): Promise<CaseView> {
  return commitStaffEvent(ctx, caseId, actor, ASSIGN_EVENT, reason === undefined ? { to } : { to, reason }, async ({ record, compiled }) => {
    if (to !== actor.id) assertAssigner(compiled, actor);
    const people = ctx.people;
    const person = people ? await people.person(to) : undefined;
    if (people && !person) {
      throw new CaseflowError('invalid-input', `user ${to} does not exist`, { details: [{ field: 'to', message: `user ${to} does not exist` }] });
    }
    if (person && people) assertMayHold(record, person, await people.cityRoles());
    if (record.status === 'done') throw new CaseflowError('event-not-allowed', `case ${caseId} is closed`, { details: { state: record.state } });
    const from = record.snapshot.assignee ?? null;
    if (from === to) throw new CaseflowError('conflict', `${person ? personName(person) : to} already holds case ${caseId}`, { details: { assignee: to } });
    return { from, to, reason: reason ?? 'assign' };
  });
}

/** Takes a queued case: nobody may hold it, and a role of the actor must be able to act now. */
export function claimCase(ctx: RuntimeContext, caseId: string, actor: Actor): Promise<CaseView> {
  return commitStaffEvent(ctx, caseId, actor, CLAIM_EVENT, {}, async ({ record, compiled }) => {
    assertMayClaim(compiled, record, actor, ctx.clock.now(), await nameOf(ctx, record.snapshot.assignee));
    return { from: null, to: actor.id, reason: 'claim' };
  });
}

/** Puts a held case back in its queue (the holder, their delegate, or an assigner). */
export function releaseCase(ctx: RuntimeContext, caseId: string, actor: Actor, reason?: string): Promise<CaseView> {
  return commitStaffEvent(ctx, caseId, actor, RELEASE_EVENT, reason === undefined ? {} : { reason }, async ({ record, compiled }) => {
    assertMayRelease(compiled, record, actor);
    return { from: record.snapshot.assignee ?? null, to: null, reason: reason ?? 'release' };
  });
}

/** Adds an internal note; anyone who can see the case may. */
export function addNote(ctx: RuntimeContext, caseId: string, text: string, actor: Actor): Promise<CaseView> {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.length > NOTE_LIMIT) {
    const message = trimmed === '' ? 'must not be empty' : `must have at most ${NOTE_LIMIT} characters`;
    return Promise.reject(new CaseflowError('invalid-input', `a note ${message}`, { details: [{ field: 'text', message }] }));
  }
  return commitStaffEvent(ctx, caseId, actor, NOTE_EVENT, { text: trimmed }, async () => undefined);
}
