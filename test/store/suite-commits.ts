/**
 * Store suite, writes: one commit is one transaction, stale work is refused whole, and the
 * group commit keeps every caller's result apart.
 */
import { describe, expect, it } from 'vitest';
import { CaseflowError } from '../../engine/errors.js';
import type { CaseRecord } from '../../engine/runtime/store.js';
import { advanceCase, cancel, message, openCase, schedule } from './fixtures.js';
import type { CurrentStore } from './store-suite.js';

/** Resolves to the CaseflowError code a promise is rejected with. */
export async function rejectionCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CaseflowError) return error.code;
    throw error;
  }
  throw new Error('Expected a rejection, but the promise resolved');
}

async function stored(current: CurrentStore, id: string): Promise<CaseRecord> {
  const record = await current().getCase(id);
  if (!record) throw new Error(`Case ${id} is missing`);
  return record;
}

/** Registers the write tests. */
export function describeCommits(current: CurrentStore): void {
  describe('commit', () => {
    it('creates a case with its first event, timers and outbox in one commit', async () => {
      const opening = openCase('c1', { nextDueAt: 5000, actionableRoles: ['agent', 'supervisor'] }, {
        timers: [schedule('first-reply', 5000)],
        outbox: [message(1000, { subject: 'New complaint' })],
        input: { channel: 'phone' },
      });
      await current().commit(opening);

      expect(await current().getCase('c1')).toEqual(opening.case);
      expect(await current().getEvents('c1')).toEqual([opening.event]);
      expect(await current().pendingTimers('c1')).toEqual([{ caseId: 'c1', key: 'first-reply', dueAt: 5000, count: 1 }]);
      expect(await current().listOutbox({ caseId: 'c1', limit: 10 })).toEqual([
        { id: expect.any(Number), caseId: 'c1', eventSeq: 1, ...message(1000, { subject: 'New complaint' }) },
      ]);
    });

    it('moves a case onto another version of its process, with or without a change of state', async () => {
      const opening = openCase('c1');
      await current().commit(opening);
      const moved = advanceCase(opening.case, { version: 2 });
      await current().commit(moved);
      expect(await stored(current, 'c1')).toEqual(moved.case);
      expect((await current().queryCases({ limit: 10 })).items.map((c) => c.version)).toEqual([2]);
      const renamed = advanceCase(moved.case, { version: 3, state: 'replied' });
      await current().commit(renamed);
      expect(await stored(current, 'c1')).toMatchObject({ version: 3, state: 'replied', revision: 3 });
      expect((await current().queryCases({ limit: 10 })).items.map((c) => c.version)).toEqual([3]);
    });

    it('moves a case forward, applying its timer effects in order', async () => {
      const opening = openCase('c1', {}, { timers: [schedule('first-reply', 5000), schedule('survey', 8000)] });
      await current().commit(opening);
      const step = advanceCase(opening.case, { state: 'replied' }, {
        timers: [cancel('first-reply'), schedule('remind', 9000), schedule('remind', 12000, 2)],
      });
      await current().commit(step);

      expect(await current().getCase('c1')).toEqual(step.case);
      expect(await current().getEvents('c1')).toEqual([opening.event, step.event]);
      expect(await current().pendingTimers('c1')).toEqual([
        { caseId: 'c1', key: 'survey', dueAt: 8000, count: 1 },
        { caseId: 'c1', key: 'remind', dueAt: 12000, count: 2 },
      ]);
    });

    it('refuses a commit from a stale revision and changes nothing', async () => {
      const opening = openCase('c1', {}, { timers: [schedule('first-reply', 5000)] });
      await current().commit(opening);
      const accepted = advanceCase(opening.case, { state: 'replied' });
      await current().commit(accepted);

      const late = advanceCase(opening.case, { state: 'closed', status: 'done' }, {
        timers: [cancel('first-reply')],
        outbox: [message(2000)],
      });
      expect(await rejectionCode(current().commit(late))).toBe('stale-revision');

      expect(await current().getCase('c1')).toEqual(accepted.case);
      expect(await current().getEvents('c1')).toHaveLength(2);
      expect(await current().pendingTimers('c1')).toHaveLength(1);
      expect(await current().listOutbox({ caseId: 'c1', limit: 10 })).toEqual([]);
    });

    it('refuses to open a case whose id is taken', async () => {
      await current().commit(openCase('c1', { state: 'new' }));
      expect(await rejectionCode(current().commit(openCase('c1', { state: 'other' })))).toBe('stale-revision');
      expect((await stored(current, 'c1')).state).toBe('new');
    });

    it('refuses to move a case that does not exist', async () => {
      const ghost = advanceCase(openCase('ghost').case);
      expect(await rejectionCode(current().commit(ghost))).toBe('not-found');
    });

    it('lets one of two commits from the same revision land when they share a batch', async () => {
      const opening = openCase('c1');
      await current().commit(opening);
      const approve = advanceCase(opening.case, { state: 'approved' });
      const reject = advanceCase(opening.case, { state: 'rejected' });

      const results = await Promise.allSettled([current().commit(approve), current().commit(reject)]);

      expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected']);
      const refused = results[1];
      expect(refused.status === 'rejected' && refused.reason).toMatchObject({ code: 'stale-revision' });
      expect((await stored(current, 'c1')).state).toBe('approved');
      expect(await current().getEvents('c1')).toHaveLength(2);
    });

    it('applies a commit built on another commit of the same batch', async () => {
      const opening = openCase('c1');
      await current().commit(opening);
      const first = advanceCase(opening.case, { state: 'review' });
      const second = advanceCase(first.case, { state: 'approved' });

      await Promise.all([current().commit(first), current().commit(second)]);

      expect(await current().getCase('c1')).toEqual(second.case);
      expect((await current().getEvents('c1')).map((event) => event.seq)).toEqual([1, 2, 3]);
    });

    it('fires a timer once: a second commit consuming it is refused', async () => {
      const opening = openCase('c1', {}, { timers: [schedule('first-reply', 5000)] });
      await current().commit(opening);
      const fired = advanceCase(opening.case, { state: 'breached' }, { firedTimer: { key: 'first-reply', count: 1 } });
      await current().commit(fired);

      const again = advanceCase(fired.case, { state: 'escalated' }, { firedTimer: { key: 'first-reply', count: 1 } });
      expect(await rejectionCode(current().commit(again))).toBe('stale-revision');

      expect(await current().getCase('c1')).toEqual(fired.case);
      expect(await current().pendingTimers('c1')).toEqual([]);
    });

    it('lets a repeating timer reschedule itself and refuses its old firing', async () => {
      const opening = openCase('c1', {}, { timers: [schedule('remind', 1000, 1)] });
      await current().commit(opening);
      const firstReminder = advanceCase(opening.case, {}, {
        firedTimer: { key: 'remind', count: 1 },
        timers: [schedule('remind', 2000, 2)],
      });
      await current().commit(firstReminder);
      expect(await current().pendingTimers('c1')).toEqual([{ caseId: 'c1', key: 'remind', dueAt: 2000, count: 2 }]);

      const replayedFirst = advanceCase(firstReminder.case, {}, { firedTimer: { key: 'remind', count: 1 } });
      expect(await rejectionCode(current().commit(replayedFirst))).toBe('stale-revision');
      expect(await current().pendingTimers('c1')).toEqual([{ caseId: 'c1', key: 'remind', dueAt: 2000, count: 2 }]);
    });

    it('keeps the first answer of an idempotency key and refuses a commit reusing it', async () => {
      await current().commit(openCase('c1', {}, { idempotency: { key: 'req-1', requestHash: 'h1', response: { id: 'c1', revision: 1 } } }));
      expect(await current().findIdempotency('req-1')).toEqual({ requestHash: 'h1', response: { id: 'c1', revision: 1 } });

      const reuse = openCase('c2', {}, { idempotency: { key: 'req-1', requestHash: 'h2', response: { id: 'c2' } } });
      expect(await rejectionCode(current().commit(reuse))).toBe('conflict');
      expect(await current().getCase('c2')).toBeUndefined();
      expect(await current().findIdempotency('req-1')).toEqual({ requestHash: 'h1', response: { id: 'c1', revision: 1 } });
      expect(await current().findIdempotency('req-2')).toBeUndefined();
    });

    it('opens linked child cases in the same commit as their parent event', async () => {
      const child = openCase('c1-complaint', { processId: 'complaint-handling', parentId: 'c1' }, {
        timers: [schedule('first-reply', 7000)],
      });
      const opening = openCase('c1', { processId: 'appointment-confirmation' });
      await current().commit(opening);
      await current().commit(advanceCase(opening.case, { state: 'complaint-opened' }, { children: [child] }));

      expect(await current().getCase('c1-complaint')).toEqual(child.case);
      expect(await current().getEvents('c1-complaint')).toEqual([child.event]);
      expect(await current().pendingTimers('c1-complaint')).toHaveLength(1);
      expect((await current().queryCases({ parentId: 'c1', limit: 10 })).items.map((item) => item.id)).toEqual(['c1-complaint']);
    });

    it('writes nothing of a parent event when one of its children cannot be opened', async () => {
      await current().commit(openCase('taken'));
      const opening = openCase('c1');
      await current().commit(opening);
      const step = advanceCase(opening.case, { state: 'complaint-opened' }, { children: [openCase('taken', { parentId: 'c1' })] });

      expect(await rejectionCode(current().commit(step))).toBe('stale-revision');
      expect(await current().getCase('c1')).toEqual(opening.case);
      expect((await stored(current, 'taken')).parentId).toBeUndefined();
    });

    it('rolls back a commit that collides with itself halfway and lands the rest of its batch', async () => {
      const opening = openCase('c1');
      await current().commit(opening);
      const twins = [openCase('twin', { parentId: 'c1' }), openCase('twin', { parentId: 'c1' })];
      const step = advanceCase(opening.case, { state: 'complaint-opened' }, { children: twins, outbox: [message(3000)] });
      const batch = [openCase('before'), step, openCase('after')];

      const results = await Promise.allSettled(batch.map((change) => current().commit(change)));

      expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      const refused = results[1];
      expect(refused.status === 'rejected' && refused.reason).toMatchObject({ code: 'stale-revision' });
      expect(await current().getCase('c1')).toEqual(opening.case);
      expect(await current().getCase('twin')).toBeUndefined();
      expect(await current().getEvents('c1')).toHaveLength(1);
      expect(await current().listOutbox({ caseId: 'c1', limit: 10 })).toEqual([]);
      expect(await current().getCase('before')).toBeDefined();
      expect(await current().getCase('after')).toBeDefined();
    });

    it('commits 500 concurrent cases and keeps every one', async () => {
      const openings = Array.from({ length: 500 }, (_, i) => openCase(`case-${i}`, { createdAt: 1000 + i }));
      await Promise.all(openings.map((opening) => current().commit(opening)));

      const page = await current().queryCases({ limit: 1000 });
      expect(page.items).toHaveLength(500);
      expect(page.nextCursor).toBeUndefined();
      expect(await current().getEvents('case-250')).toEqual([openings[250].event]);
    });

    it('refuses a bad commit in a batch alone and lands the others', async () => {
      await current().commit(openCase('taken'));
      const batch = [openCase('a'), openCase('taken', { state: 'other' }), openCase('b')];
      const results = await Promise.allSettled(batch.map((change) => current().commit(change)));

      expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect(await current().getCase('a')).toBeDefined();
      expect(await current().getCase('b')).toBeDefined();
      expect((await stored(current, 'taken')).state).toBe('new');
    });
  });
}
