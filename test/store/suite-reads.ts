/**
 * Store suite, everything but commits and the inbox: process versions, the event log, timers
 * and the outbox.
 */
import { describe, expect, it } from 'vitest';
import type { EventRecord, Store } from '../../engine/runtime/store.js';
import { advanceCase, message, openCase, schedule } from './fixtures.js';
import type { CurrentStore } from './store-suite.js';
import { rejectionCode } from './suite-commits.js';

function draft(processId: string, message?: string) {
  return { processId, name: `${processId} process`, yaml: `id: ${processId}\n`, files: { 'reply.hbs': 'Hello {{data.name}}' }, publishedBy: 'owner', publishedAt: 1000, message };
}

/** Opens `count` cases with `eventsEach` events each, in one batch per round. */
async function seedEvents(store: Store, count: number, eventsEach: number): Promise<EventRecord[]> {
  const all: EventRecord[] = [];
  let changes = Array.from({ length: count }, (_, i) => openCase(`case-${String.fromCharCode(97 + ((i * 7) % count))}`));
  for (let round = 0; round < eventsEach; round++) {
    await Promise.all(changes.map((change) => store.commit(change)));
    all.push(...changes.map((change) => change.event));
    changes = changes.map((change) => advanceCase(change.case));
  }
  return all.sort((a, b) => (a.caseId === b.caseId ? a.seq - b.seq : a.caseId < b.caseId ? -1 : 1));
}

/** Registers the tests of versions, events, timers and outbox. */
export function describeReads(current: CurrentStore): void {
  describe('process versions', () => {
    it('numbers the versions of each process from 1 and keeps the YAML and files', async () => {
      const first = await current().publishVersion(draft('fee-approval', 'first cut'));
      const second = await current().publishVersion(draft('fee-approval'));
      const other = await current().publishVersion(draft('complaint-handling'));

      expect([first.version, second.version, other.version]).toEqual([1, 2, 1]);
      expect(await current().getVersion('fee-approval', 1)).toEqual({ ...draft('fee-approval', 'first cut'), version: 1 });
      expect(await current().getVersion('fee-approval')).toEqual(second);
      expect((await current().listVersions('fee-approval')).map((v) => v.version)).toEqual([1, 2]);
    });

    it('lists the latest version of each process', async () => {
      await current().publishVersion(draft('fee-approval'));
      await current().publishVersion(draft('fee-approval'));
      await current().publishVersion(draft('complaint-handling'));

      const latest = await current().listProcesses();
      expect(latest.map((v) => [v.processId, v.version])).toEqual([['complaint-handling', 1], ['fee-approval', 2]]);
    });

    it('answers undefined or nothing for an unknown process', async () => {
      expect(await current().getVersion('nope')).toBeUndefined();
      expect(await current().getVersion('nope', 3)).toBeUndefined();
      expect(await current().listVersions('nope')).toEqual([]);
    });

    it('applies migrations again without harm', async () => {
      await current().migrate();
      await current().migrate();
      expect(await current().listProcesses()).toEqual([]);
    });
  });

  describe('events', () => {
    it('returns the events of a case in sequence order', async () => {
      const all = await seedEvents(current(), 3, 4);
      expect(await current().getEvents('case-b')).toEqual(all.filter((event) => event.caseId === 'case-b'));
      expect(await current().getEvents('unknown')).toEqual([]);
    });

    it('scans every event of every case in (case, seq) order, page by page', async () => {
      const all = await seedEvents(current(), 5, 3);
      const scanned: EventRecord[] = [];
      let after: { caseId: string; seq: number } | undefined;
      for (;;) {
        const page = await current().scanEvents(after, 4);
        expect(page.length).toBeLessThanOrEqual(4);
        if (page.length === 0) break;
        scanned.push(...page);
        const last = page[page.length - 1];
        after = { caseId: last.caseId, seq: last.seq };
      }
      expect(scanned).toEqual(all);
    });
  });

  describe('timers', () => {
    it('lists due timers earliest first, up to the limit', async () => {
      await current().commit(openCase('a', {}, { timers: [schedule('late', 9000), schedule('soon', 3000)] }));
      await current().commit(openCase('b', {}, { timers: [schedule('first', 1000), schedule('tie', 3000)] }));

      expect(await current().dueTimers(4000, 10)).toEqual([
        { caseId: 'b', key: 'first', dueAt: 1000, count: 1 },
        { caseId: 'a', key: 'soon', dueAt: 3000, count: 1 },
        { caseId: 'b', key: 'tie', dueAt: 3000, count: 1 },
      ]);
      expect((await current().dueTimers(4000, 2)).map((timer) => timer.key)).toEqual(['first', 'soon']);
      expect(await current().dueTimers(500, 10)).toEqual([]);
    });

    it('hands a server alone on the store every due timer to fire, earliest first, up to the limit', async () => {
      await current().commit(openCase('a', {}, { timers: [schedule('late', 9000), schedule('soon', 3000)] }));
      await current().commit(openCase('b', {}, { timers: [schedule('first', 1000)] }));
      expect((await current().claimDueTimers(4000, 10)).map((timer) => `${timer.caseId}/${timer.key}`)).toEqual(['b/first', 'a/soon']);
      expect((await current().claimDueTimers(4000, 1)).map((timer) => timer.key)).toEqual(['first']);
      expect(await current().claimDueTimers(500, 10)).toEqual([]);
    });

    it('knows when the next timer falls due, and that none is pending', async () => {
      expect(await current().nextTimerDue()).toBeUndefined();
      const opening = openCase('a', {}, { timers: [schedule('late', 9000), schedule('soon', 3000)] });
      await current().commit(opening);
      expect(await current().nextTimerDue()).toBe(3000);

      await current().commit(advanceCase(opening.case, { state: 'closed', status: 'done' }, {
        firedTimer: { key: 'soon', count: 1 },
        timers: [{ kind: 'timer.cancel', key: 'late' }],
      }));
      expect(await current().nextTimerDue()).toBeUndefined();
    });
  });

  describe('outbox', () => {
    it('hands out pending and failed messages whose attempt is due, and records attempts', async () => {
      await current().commit(openCase('a', {}, {
        outbox: [
          message(1000, { template: 'due-now' }),
          message(1000, { template: 'retry', status: 'failed', attempts: 2, nextAttemptAt: 1500 }),
          message(1000, { template: 'later', nextAttemptAt: 9000 }),
          message(1000, { template: 'gave-up', status: 'dead', attempts: 5 }),
        ],
      }));

      const due = await current().dueOutbox(2000, 10);
      expect(due.map((row) => row.template)).toEqual(['due-now', 'retry']);
      expect(await current().claimDueOutbox(2000, 10)).toEqual(due);

      await current().updateOutbox(due[0].id, { status: 'sent', attempts: 1 });
      await current().updateOutbox(due[1].id, { attempts: 3, nextAttemptAt: 5000, lastError: 'SMTP 451' });

      expect((await current().dueOutbox(2000, 10)).map((row) => row.template)).toEqual([]);
      expect(await current().listOutbox({ status: 'sent', limit: 10 })).toEqual([{ ...due[0], status: 'sent', attempts: 1 }]);
      expect((await current().listOutbox({ status: 'failed', limit: 10 }))[0]).toMatchObject({ attempts: 3, nextAttemptAt: 5000, lastError: 'SMTP 451' });
    });

    it('refuses to update a message that does not exist', async () => {
      expect(await rejectionCode(current().updateOutbox(404, { status: 'sent' }))).toBe('not-found');
    });
  });
}
