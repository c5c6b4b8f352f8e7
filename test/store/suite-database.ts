/**
 * The database suite: what an opened database holds beside the case store — the admin log and
 * sealed checkpoints, saved filters and the outbox browser — run against every store driver with
 * its own factory (as the store suite is).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAdminLog, sealKey, verifyAdminLog, writeCheckpoint } from '../../engine/audit/index.js';
import { manualClock } from '../../engine/runtime/clock.js';
import type { OpenedStore } from '../../engine/store/opened-store.js';
import { advanceCase, message, openCase } from './fixtures.js';

const KEY = sealKey(Buffer.alloc(32, 7));
const ADMIN = { id: 'u-admin', name: 'admin' };
const LEAD = { id: 'u-lead', name: 'li.na' };

/** Runs the database tests against databases opened by `open` (a fresh, empty one per test). */
export function runDatabaseSuite(name: string, open: () => Promise<OpenedStore>): void {
  describe(`${name} database`, () => {
    let db: OpenedStore | undefined;
    const current = (): OpenedStore => {
      if (!db) throw new Error('The database of this test is not open');
      return db;
    };
    beforeEach(async () => {
      db = await open();
    });
    afterEach(async () => {
      await db?.close();
      db = undefined;
    });

    describe('admin log', () => {
      it('chains administrative actions and lists them newest first, by action, actor and time', async () => {
        const clock = manualClock(1000);
        const log = createAdminLog(current().store, clock);
        await log.record({ actor: ADMIN, action: 'user.create', target: 'li.na', details: { roles: ['team-lead'] } });
        clock.advance(1000);
        await log.record({ actor: LEAD, action: 'unit.create', target: 'east' });
        clock.advance(1000);
        await log.record({ actor: ADMIN, action: 'user.roles', target: 'li.na', details: { roles: ['agent'] } });

        expect((await log.list({ limit: 10 })).map((e) => e.seq)).toEqual([3, 2, 1]);
        expect((await log.list({ limit: 10, actor: 'admin' })).map((e) => e.action)).toEqual(['user.roles', 'user.create']);
        expect((await log.list({ limit: 10, action: 'unit.create' })).map((e) => e.target)).toEqual(['east']);
        expect((await log.list({ limit: 10, from: 2000, to: 3000 })).map((e) => e.seq)).toEqual([2]);
        expect((await log.list({ limit: 1, before: 3 })).map((e) => e.seq)).toEqual([2]);
        expect((await current().store.scanAdminLog(1, 10)).map((e) => e.seq)).toEqual([2, 3]);
        expect(await verifyAdminLog(current().store)).toMatchObject({ valid: true, entriesChecked: 3, head: { seq: 3 } });
      });
    });

    describe('checkpoints', () => {
      it('records the heads of the cases changed since the last checkpoint, and what is stored at them now', async () => {
        const clock = manualClock(5000);
        const first = openCase('c1');
        await current().store.commit(first);
        await current().store.commit(openCase('c2'));
        await createAdminLog(current().store, clock).record({ actor: ADMIN, action: 'clock.advance', target: 'clock' });

        expect(await writeCheckpoint(current().store, KEY, clock)).toMatchObject({ seq: 1, caseCount: 2, adminSeq: 1, keyId: KEY.id });
        expect(await current().store.checkpointHeads(1)).toEqual([{ caseId: 'c1', seq: 1, hash: 'c1#1' }, { caseId: 'c2', seq: 1, hash: 'c2#1' }]);
        expect(await writeCheckpoint(current().store, KEY, clock)).toBeUndefined();

        await current().store.commit(advanceCase(first.case));
        const second = await writeCheckpoint(current().store, KEY, clock);
        expect(second).toMatchObject({ seq: 2, caseCount: 1 });
        expect(await current().store.checkpointHeads(2)).toEqual([{ caseId: 'c1', seq: 2, hash: 'c1#2' }]);
        const [one, two] = await current().store.scanCheckpoints(0, 10);
        expect([one.seq, two.seq, two.prevHash]).toEqual([1, 2, one.hash]);
        expect(await current().store.scanCheckedHeads(undefined, 10)).toEqual([
          { checkpoint: 1, caseId: 'c1', seq: 1, hash: 'c1#1', storedHash: 'c1#1' },
          { checkpoint: 2, caseId: 'c1', seq: 2, hash: 'c1#2', storedHash: 'c1#2' },
          { checkpoint: 1, caseId: 'c2', seq: 1, hash: 'c2#1', storedHash: 'c2#1' },
        ]);
      });
    });

    describe('saved filters', () => {
      it('shows a person their own filters and those shared with one of their units or roles', async () => {
        const { filters } = current();
        await filters.save({ id: 'f1', ownerId: 'ann', name: 'Mine', query: { view: 'mine' }, createdAt: 1 });
        await filters.save({ id: 'f2', ownerId: 'bob', name: 'East overdue', query: { overdue: 'true' }, sharedUnit: 'east', createdAt: 2 });
        await filters.save({ id: 'f3', ownerId: 'bob', name: 'Leads', query: { view: 'queue' }, sharedRole: 'team-lead', createdAt: 3 });
        await filters.save({ id: 'f4', ownerId: 'bob', name: 'Private', query: {}, createdAt: 4 });

        expect((await filters.list({ userId: 'ann', units: ['east'], roles: ['agent'] })).map((f) => f.id)).toEqual(['f2', 'f1']);
        expect((await filters.list({ userId: 'ann', units: [], roles: ['team-lead'] })).map((f) => f.id)).toEqual(['f3', 'f1']);
        expect(await filters.get('f2')).toEqual({ id: 'f2', ownerId: 'bob', name: 'East overdue', query: { overdue: 'true' }, sharedUnit: 'east', createdAt: 2 });
        expect(await filters.remove('f2')).toBe(true);
        expect(await filters.remove('f2')).toBe(false);
        expect(await filters.get('f2')).toBeUndefined();
      });
    });

    describe('outbox browser', () => {
      it('pages messages newest first, counts them, and keeps a unit reader to its cases', async () => {
        const east = openCase('e1', {}, { outbox: [message(1000, { template: 'a' }), message(1000, { template: 'b' }), message(1000, { template: 'c', status: 'failed' })] });
        east.case.unit = 'east';
        const west = openCase('w1', {}, { outbox: [message(1000, { template: 'd' })] });
        west.case.unit = 'west';
        await current().store.commit(east);
        await current().store.commit(west);
        const { outbox } = current();

        const first = await outbox.page({ limit: 2 });
        expect(first.items.map((m) => m.template)).toEqual(['d', 'c']);
        expect(first.nextBefore).toBe(first.items[1].id);
        expect((await outbox.page({ limit: 2, before: first.nextBefore })).items.map((m) => m.template)).toEqual(['b', 'a']);
        expect((await outbox.page({ limit: 10, units: ['east'], status: 'pending' })).items.map((m) => m.template)).toEqual(['b', 'a']);
        expect(await outbox.counts()).toEqual({ pending: 3, failed: 1, dead: 0, sent: 0 });
        expect(await outbox.counts(['west'])).toEqual({ pending: 1, failed: 0, dead: 0, sent: 0 });
        const d = first.items[0];
        expect(await outbox.get(d.id)).toEqual(d);
        expect(await outbox.get(d.id, ['east'])).toBeUndefined();
      });

      it('writes a notice once under its key, as a message of no case and no unit', async () => {
        const { outbox } = current();
        const notice = { key: 'digest:2025-W13', channel: 'email', template: 'warning-digest', to: ['lead@example.cn'], subject: 'Week 13', body: 'Three warnings' };
        const written = await outbox.addNotice(notice, 7000);
        expect(written).toMatchObject({ caseId: 'digest:2025-W13', eventSeq: 0, status: 'pending', attempts: 0, nextAttemptAt: 7000, to: ['lead@example.cn'] });
        expect(await outbox.addNotice({ ...notice, body: 'again' }, 8000)).toBeUndefined();
        expect(await outbox.counts()).toEqual({ pending: 1, failed: 0, dead: 0, sent: 0 });
        expect(await outbox.counts(['east'])).toEqual({ pending: 0, failed: 0, dead: 0, sent: 0 });
      });
    });
  });
}
