/**
 * Work on many cases at once — a selection in the inbox, or everything an absent person holds.
 * Each case is its own event and transaction; the answer says per case what happened and why.
 */
import type { Actor } from '../compile/types.js';
import { CaseflowError, ensureError } from '../errors.js';
import { applyEvent } from './apply-event.js';
import { assignCase, claimCase, releaseCase } from './assign-case.js';
import type { RuntimeContext } from './context.js';
import type { CaseView } from './types.js';

/** What to do to every case of a selection. */
export type BulkAction =
  | { action: 'assign'; to: string; reason?: string }
  | { action: 'claim' }
  | { action: 'release'; reason?: string }
  | { action: 'event'; type: string; input?: Record<string, unknown> };

/** The outcome for one case of a selection. */
export type BulkOutcome =
  | { caseId: string; ok: true; state: string; revision: number; assignee?: string }
  | { caseId: string; ok: false; code: string; message: string };

/** Most cases in one bulk request. */
export const BULK_LIMIT = 200;

function outcomeOf(caseId: string, view: CaseView): BulkOutcome {
  const ok: BulkOutcome = { caseId, ok: true, state: view.state, revision: view.revision };
  if (view.assignee !== undefined) ok.assignee = view.assignee;
  return ok;
}

/** Applies one action to each case, one after another, collecting successes and refusals. */
export async function bulkApply(ctx: RuntimeContext, caseIds: string[], action: BulkAction, actor: Actor): Promise<BulkOutcome[]> {
  const ids = [...new Set(caseIds)];
  if (ids.length === 0 || ids.length > BULK_LIMIT) {
    throw new CaseflowError('invalid-input', `a bulk request takes 1 to ${BULK_LIMIT} cases`, { details: [{ field: 'ids', message: `must list 1 to ${BULK_LIMIT} case ids` }] });
  }
  const outcomes: BulkOutcome[] = [];
  for (const caseId of ids) {
    try {
      const view = await runOne(ctx, caseId, action, actor);
      outcomes.push(outcomeOf(caseId, view));
    } catch (caught) {
      const error = ensureError(caught);
      outcomes.push({ caseId, ok: false, code: error instanceof CaseflowError ? error.code : 'internal', message: error.message });
    }
  }
  return outcomes;
}

function runOne(ctx: RuntimeContext, caseId: string, action: BulkAction, actor: Actor): Promise<CaseView> {
  switch (action.action) {
    case 'assign':
      return assignCase(ctx, caseId, action.to, actor, action.reason);
    case 'claim':
      return claimCase(ctx, caseId, actor);
    case 'release':
      return releaseCase(ctx, caseId, actor, action.reason);
    case 'event':
      return applyEvent(ctx, caseId, { type: action.type, input: action.input }, actor);
  }
}

/**
 * Hands over the active cases a person holds (an absence): to their delegate when the delegate
 * can hold each case, otherwise back to the case's queue. Each as an event with reason `absence`.
 */
export async function handOverCases(ctx: RuntimeContext, userId: string, mode: 'delegate' | 'queue', actor: Actor): Promise<BulkOutcome[]> {
  const person = await ctx.people?.person(userId);
  if (!person) throw new CaseflowError('not-found', `user ${userId} does not exist`);
  const delegate = mode === 'delegate' ? person.absence?.delegateId : undefined;
  if (mode === 'delegate' && delegate === undefined) {
    throw new CaseflowError('invalid-input', `${person.username} has no absence with a delegate`, { details: [{ field: 'mode', message: 'needs an absence with a delegate' }] });
  }
  const held: string[] = [];
  for (let cursor: string | undefined, first = true; first || cursor !== undefined; first = false) {
    const page = await ctx.store.queryCases({ assignee: userId, status: 'active', limit: 500, cursor });
    held.push(...page.items.map((item) => item.id));
    cursor = page.nextCursor;
  }
  const system: Actor = { id: actor.id, roles: [...actor.roles, 'system'] };
  const outcomes: BulkOutcome[] = [];
  for (const caseId of held) {
    try {
      const view = delegate !== undefined
        ? await assignCase(ctx, caseId, delegate, system, 'absence').catch(() => releaseCase(ctx, caseId, system, 'absence'))
        : await releaseCase(ctx, caseId, system, 'absence');
      outcomes.push(outcomeOf(caseId, view));
    } catch (caught) {
      const error = ensureError(caught);
      outcomes.push({ caseId, ok: false, code: error instanceof CaseflowError ? error.code : 'internal', message: error.message });
    }
  }
  return outcomes;
}
