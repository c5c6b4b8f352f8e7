/**
 * Store suite, the inbox: filters and cursor pagination over a few hundred cases, checked
 * against the same filter applied to the records in memory.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { CaseQuery, CaseRecord, Store } from '../../engine/runtime/store.js';
import { advanceCase, openCase } from './fixtures.js';
import type { CurrentStore } from './store-suite.js';
import { rejectionCode } from './suite-commits.js';

const BASE = 1_700_000_000_000;
const STATES = ['new', 'review', 'waiting', 'closed'] as const;
const ROLES: Record<(typeof STATES)[number], string[]> = {
  new: ['agent'],
  review: ['supervisor'],
  waiting: ['agent', 'supervisor'],
  closed: [],
};

function searchTextOf(i: number): string {
  if (i === 42) return 'discount 100% off_now';
  if (i === 43) return 'discount 1000 offXnow';
  return `customer ${i} phone 138${String(i).padStart(4, '0')}`;
}

/** 300 cases over two processes and four states; created_at repeats so ids break ties. */
function seedRecords(): CaseRecord[] {
  return Array.from({ length: 300 }, (_, i) => {
    const state = STATES[i % 4];
    const active = state !== 'closed';
    return openCase(`case-${String(i).padStart(3, '0')}`, {
      processId: i % 3 === 0 ? 'fee-approval' : 'complaint-handling',
      state,
      status: active ? 'active' : 'done',
      actionableRoles: ROLES[state],
      createdAt: BASE + (i % 50) * 1000,
      nextDueAt: active ? BASE + 100_000 + ((i * 7919) % 300) * 1000 : undefined,
      searchText: searchTextOf(i),
      parentId: i >= 290 ? 'case-000' : undefined,
    }).case;
  });
}

function newestFirst(a: CaseRecord, b: CaseRecord): number {
  return b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1);
}

function mostOverdueFirst(a: CaseRecord, b: CaseRecord): number {
  return (a.nextDueAt ?? 0) - (b.nextDueAt ?? 0) || (a.id < b.id ? -1 : 1);
}

/** Every page of a query, each no longer than `pageSize`, as one list of ids. */
async function collect(store: Store, query: Omit<CaseQuery, 'limit' | 'cursor'>, pageSize: number): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.queryCases({ ...query, limit: pageSize, cursor });
    expect(page.items.length).toBeLessThanOrEqual(pageSize);
    ids.push(...page.items.map((item) => item.id));
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return ids;
}

/** Registers the inbox tests. */
export function describeQueries(current: CurrentStore): void {
  describe('countTally', () => {
    const mark = (id: string, at: number, key: string, processId = 'complaint-handling') => {
      const commit = openCase(id, { createdAt: at, processId });
      commit.tallyMarks = [{ tally: 'sameCategory', key }, { tally: 'unitMonth', key: '["east"]' }];
      return current().commit(commit);
    };

    beforeEach(async () => {
      for (let i = 0; i < 60; i++) await mark(`t-${String(i).padStart(2, '0')}`, BASE + i * 1000, i % 3 === 0 ? '["east","bill"]' : '["east","network"]');
      await mark('t-other', BASE + 5000, '["east","network"]', 'fee-approval');
      await mark('t-tie', BASE + 59_000, '["east","network"]');
    });

    it('counts the marks of one tally, process and key in the window, both ends included', async () => {
      const query = { processId: 'complaint-handling', tally: 'sameCategory', key: '["east","bill"]', keep: 50 };
      const bill = await current().countTally({ ...query, from: BASE + 3000, to: BASE + 12_000 });
      expect(bill).toEqual({ count: 4, cases: ['t-03', 't-06', 't-09', 't-12'] });
      expect(await current().countTally({ ...query, from: BASE + 60_000, to: BASE + 90_000 })).toEqual({ count: 0, cases: [] });
      expect(await current().countTally({ ...query, tally: 'unitMonth', key: '["east"]', from: BASE, to: BASE + 1000 })).toEqual({ count: 2, cases: ['t-00', 't-01'] });
    });

    it('keeps only the newest ids, oldest first, breaking equal times by id', async () => {
      const all = await current().countTally({ processId: 'complaint-handling', tally: 'sameCategory', key: '["east","network"]', from: BASE, to: BASE + 59_000, keep: 3 });
      expect(all).toEqual({ count: 41, cases: ['t-58', 't-59', 't-tie'] });
    });
  });

  describe('queryCases', () => {
    let records: CaseRecord[] = [];
    const expected = (keep: (record: CaseRecord) => boolean, order = newestFirst) =>
      records.filter(keep).sort(order).map((record) => record.id);

    beforeEach(async () => {
      records = seedRecords();
      await Promise.all(records.map((record) => current().commit(openCase(record.id, record))));
    });

    it('pages through every case newest first, each exactly once', async () => {
      expect(await collect(current(), {}, 37)).toEqual(expected(() => true));
    });

    it('returns whole records and no cursor on the last page', async () => {
      const page = await current().queryCases({ limit: 1000 });
      expect(page.nextCursor).toBeUndefined();
      expect(page.items[0]).toEqual(records.find((record) => record.id === page.items[0].id));
    });

    it('filters by process, by state, by both, and by status', async () => {
      expect(await collect(current(), { processId: 'fee-approval' }, 23)).toEqual(expected((r) => r.processId === 'fee-approval'));
      expect(await collect(current(), { state: 'review' }, 23)).toEqual(expected((r) => r.state === 'review'));
      expect(await collect(current(), { processId: 'complaint-handling', state: 'new' }, 23)).toEqual(
        expected((r) => r.processId === 'complaint-handling' && r.state === 'new'),
      );
      expect(await collect(current(), { status: 'done' }, 23)).toEqual(expected((r) => r.status === 'done'));
    });

    it('keeps the cases created in a window, its start included and its end left out', async () => {
      const from = BASE + 10_000;
      const before = BASE + 20_000;
      const inWindow = (r: CaseRecord) => r.createdAt >= from && r.createdAt < before;
      expect(await collect(current(), { createdFrom: from, createdBefore: before }, 11)).toEqual(expected(inWindow));
      expect(await collect(current(), { processId: 'fee-approval', createdFrom: from, createdBefore: before }, 7)).toEqual(
        expected((r) => r.processId === 'fee-approval' && inWindow(r)),
      );
      expect(await collect(current(), { processId: 'complaint-handling', createdFrom: BASE + 45_000 }, 9)).toEqual(
        expected((r) => r.processId === 'complaint-handling' && r.createdAt >= BASE + 45_000),
      );
      expect(await collect(current(), { roles: ['agent'], createdBefore: BASE + 3000 }, 5)).toEqual(
        expected((r) => r.actionableRoles.includes('agent') && r.createdAt < BASE + 3000),
      );
      expect(await current().queryCases({ createdFrom: before, createdBefore: from, limit: 10 })).toEqual({ items: [] });
    });

    it('finds the cases any of the given roles can act on, each once', async () => {
      expect(await collect(current(), { roles: ['supervisor'] }, 13)).toEqual(expected((r) => r.actionableRoles.includes('supervisor')));
      expect(await collect(current(), { roles: ['agent', 'supervisor'] }, 13)).toEqual(expected((r) => r.actionableRoles.length > 0));
      expect(await collect(current(), { roles: ['agent'], state: 'waiting', processId: 'fee-approval' }, 5)).toEqual(
        expected((r) => r.state === 'waiting' && r.processId === 'fee-approval'),
      );
      expect(await collect(current(), { roles: [] }, 13)).toEqual([]);
    });

    it('lists overdue active cases most overdue first', async () => {
      const now = BASE + 250_000;
      const overdue = (r: CaseRecord) => r.status === 'active' && r.nextDueAt !== undefined && r.nextDueAt < now;
      expect(await collect(current(), { overdueAt: now }, 17)).toEqual(expected(overdue, mostOverdueFirst));
      expect(await collect(current(), { overdueAt: now, roles: ['supervisor', 'agent'] }, 17)).toEqual(expected(overdue, mostOverdueFirst));
      expect(await collect(current(), { overdueAt: now, state: 'review' }, 17)).toEqual(
        expected((r) => overdue(r) && r.state === 'review', mostOverdueFirst),
      );
      expect(await collect(current(), { overdueAt: now, status: 'done' }, 17)).toEqual([]);
    });

    it('searches text literally, so % and _ match only themselves', async () => {
      expect(await collect(current(), { search: 'phone 1380123' }, 10)).toEqual(['case-123']);
      expect(await collect(current(), { search: '100%' }, 10)).toEqual(['case-042']);
      expect(await collect(current(), { search: 'off_now' }, 10)).toEqual(['case-042']);
      expect(await collect(current(), { search: 'customer 29', status: 'active' }, 3)).toEqual(
        expected((r) => r.searchText.includes('customer 29') && r.status === 'active'),
      );
    });

    describe('searching customers by part of a name or phone', () => {
      const CUSTOMERS: Array<[string, string, (typeof STATES)[number]]> = [
        ['case-900', '客户 王小伟 电话 13912347788 投诉 话费', 'new'],
        ['case-901', '客户 李伟 电话 13912340002', 'review'],
        ['case-902', '客户 张伟强 电话 13700007788', 'new'],
        ['case-903', 'order "A-1" NEAR * vip (x:y) ^z', 'waiting'],
      ];
      const matching = (text: string) => expected((r) => r.searchText.toLowerCase().includes(text.toLowerCase()));

      beforeEach(async () => {
        for (const [id, searchText, state] of CUSTOMERS) {
          const change = openCase(id, { searchText, state, actionableRoles: ROLES[state], createdAt: BASE + 60_000 });
          records.push(change.case);
          await current().commit(change);
        }
      });

      it('finds a part of a Chinese name, of three characters or fewer', async () => {
        expect(await collect(current(), { search: '王小伟' }, 10)).toEqual(['case-900']);
        expect(await collect(current(), { search: '小伟' }, 10)).toEqual(['case-900']);
        expect(await collect(current(), { search: '伟' }, 10)).toEqual(['case-902', 'case-901', 'case-900']);
      });

      it('finds a phone by its last digits, a page at a time', async () => {
        expect(await collect(current(), { search: '7788' }, 1)).toEqual(['case-902', 'case-900']);
        expect(await collect(current(), { search: '8001' }, 2)).toEqual(matching('8001'));
        expect(await collect(current(), { search: '0123' }, 1)).toEqual(['case-123']);
      });

      it('ignores case in Latin letters, as before', async () => {
        expect(await collect(current(), { search: 'CUSTOMER 12' }, 7)).toEqual(matching('customer 12'));
      });

      it('treats quotes, *, -, NEAR and other query syntax as plain text', async () => {
        expect(await collect(current(), { search: '"A-1" NEAR *' }, 10)).toEqual(['case-903']);
        expect(await collect(current(), { search: '-1" N' }, 10)).toEqual(['case-903']);
        expect(await collect(current(), { search: '(x:y) ^z' }, 10)).toEqual(['case-903']);
        expect(await collect(current(), { search: 'A-1 NEAR' }, 10)).toEqual([]);
        expect(await collect(current(), { search: 'NEAR(order vip)' }, 10)).toEqual([]);
        expect(await collect(current(), { search: 'cust*' }, 10)).toEqual([]);
        expect(await collect(current(), { search: '"' }, 10)).toEqual(['case-903']);
      });

      it('combines a search with state, role, process and overdue filters across pages', async () => {
        expect(await collect(current(), { search: '7788', state: 'new' }, 1)).toEqual(['case-902', 'case-900']);
        expect(await collect(current(), { search: '7788', state: 'review' }, 1)).toEqual([]);
        expect(await collect(current(), { search: '电话 139', roles: ['supervisor'] }, 1)).toEqual(['case-901']);
        expect(await collect(current(), { search: 'phone 1380', roles: ['agent', 'supervisor'], processId: 'fee-approval' }, 4)).toEqual(
          expected((r) => r.searchText.includes('phone 1380') && r.actionableRoles.length > 0 && r.processId === 'fee-approval'),
        );
        const now = BASE + 250_000;
        expect(await collect(current(), { search: 'phone 1380', overdueAt: now }, 3)).toEqual(
          expected((r) => r.searchText.includes('phone 1380') && r.status === 'active' && r.nextDueAt !== undefined && r.nextDueAt < now, mostOverdueFirst),
        );
      });

      it('matches the new text, and no longer the old, once a case\'s data changes', async () => {
        const record = records.find((r) => r.id === 'case-900');
        if (!record) throw new Error('case-900 is not seeded');
        await current().commit(advanceCase(record, { searchText: '客户 王小伟 电话 13655557777' }));
        expect(await collect(current(), { search: '7788' }, 10)).toEqual(['case-902']);
        expect(await collect(current(), { search: '5557777' }, 10)).toEqual(['case-900']);
        expect(await collect(current(), { search: '王小伟' }, 10)).toEqual(['case-900']);
      });

      it('still finds a case whose commit left its text unchanged', async () => {
        const record = records.find((r) => r.id === 'case-902');
        if (!record) throw new Error('case-902 is not seeded');
        await current().commit(advanceCase(record, { state: 'review', actionableRoles: ['supervisor'] }));
        expect(await collect(current(), { search: '张伟强', state: 'review' }, 10)).toEqual(['case-902']);
      });
    });

    it('lists the children of a case', async () => {
      expect(await collect(current(), { parentId: 'case-000' }, 4)).toEqual(expected((r) => r.parentId === 'case-000'));
      expect(await collect(current(), { parentId: 'case-000', roles: ['supervisor'] }, 4)).toEqual(
        expected((r) => r.parentId === 'case-000' && r.actionableRoles.includes('supervisor')),
      );
    });

    it('follows a case into the inbox of its new roles when it moves on', async () => {
      const record = records.find((r) => r.id === 'case-004');
      if (!record) throw new Error('case-004 is not seeded');
      await current().commit(advanceCase(record, { state: 'review', actionableRoles: ['supervisor'] }));

      expect(await collect(current(), { roles: ['agent'] }, 100)).not.toContain('case-004');
      expect(await collect(current(), { roles: ['supervisor'] }, 100)).toContain('case-004');
      expect(await collect(current(), { state: 'new' }, 100)).not.toContain('case-004');
    });

    it('refuses a cursor that is not one, or belongs to another list', async () => {
      const page = await current().queryCases({ limit: 5 });
      expect(await rejectionCode(current().queryCases({ limit: 5, cursor: 'not-a-cursor' }))).toBe('invalid-input');
      expect(await rejectionCode(current().queryCases({ limit: 5, overdueAt: BASE, cursor: page.nextCursor }))).toBe('invalid-input');
    });
  });
}
