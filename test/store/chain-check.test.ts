/**
 * The whole-database chain check of the SQLite store: split over worker threads by case-id
 * range, on the store's own connection, and the page-by-page scan of records all agree.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GENESIS_HASH, hashEvent } from '../../engine/runtime/hash-chain.js';
import { verifyAllChains } from '../../engine/runtime/verify.js';
import { openSqliteStore, type SqliteStore } from '../../engine/store/sqlite/index.js';
import { createEventReads } from '../../engine/store/sqlite/sql/events.js';

const root = mkdtempSync(join(tmpdir(), 'caseflow-chain-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A store whose file holds `cases` cases of 1 to 4 events (and their case rows), inputs in the key order people wrote them. */
async function storeWithCases(name: string, cases: number): Promise<SqliteStore> {
  const store = openSqliteStore({ file: join(root, name, 'caseflow.db'), synchronous: 'NORMAL' });
  const insert = store.db.$client.prepare(
    `INSERT INTO events (case_id, seq, type, actor, actor_roles, at, from_state, to_state, input, timer, prev_hash, hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertCase = store.db.$client.prepare(
    `INSERT INTO cases (id, process_id, version, state, status, snapshot, revision, actionable_roles, search_text, created_at, updated_at, created_by, last_hash)
     VALUES (?, 'p', 1, 'open', 'active', '{}', ?, '[]', '', 0, 0, 'agent-li', ?)`,
  );
  store.db.$client.transaction(() => {
    for (let n = 0; n < cases; n++) {
      const caseId = `C${String(n).padStart(4, '0')}`;
      let prevHash = GENESIS_HASH;
      for (let seq = 1; seq <= 1 + (n % 4); seq++) {
        const input = seq === 1 ? { customer: { phone: '138', name: `Customer ${n}` }, channel: 'phone' } : { text: `step ${seq}`, amount: seq / 4 };
        const timer = seq === 3 ? { key: 'deadline:reply', count: 1 } : undefined;
        const fields = {
          caseId, seq, type: seq === 1 ? '$start' : 'note', actor: 'agent-li', actorRoles: ['agent'], at: 1_700_000_000_000 + n * 1000 + seq,
          from: seq === 1 ? null : 'open', to: 'open', input, ...(timer ? { timer } : {}),
        };
        const hash = hashEvent(prevHash, fields);
        insert.run(caseId, seq, fields.type, fields.actor, '["agent"]', fields.at, fields.from, 'open', JSON.stringify(input), timer ? JSON.stringify(timer) : null, prevHash, hash);
        prevHash = hash;
      }
      insertCase.run(caseId, 1 + (n % 4), prevHash);
    }
  })();
  return store;
}

/** The three ways of checking: workers, the store's connection, and the scan of records. */
async function checkAllWays(store: SqliteStore) {
  return {
    workers: await createEventReads(store.db.$client, { workersFrom: 0 }).checkChains(),
    here: await createEventReads(store.db.$client, { workersFrom: Infinity }).checkChains(),
    records: await verifyAllChains({ store: { scanEvents: (after, limit) => store.scanEvents(after, limit), getCase: (id) => store.getCase(id) } }),
  };
}

describe('whole-database chain check of the SQLite store', () => {
  it('checks every case in worker threads and counts as the scan of records does', async () => {
    const store = await storeWithCases('valid', 200);
    const { workers, here, records } = await checkAllWays(store);
    expect(records).toEqual({ valid: true, casesChecked: 200, eventsChecked: 500 });
    expect(workers).toEqual(records);
    expect(here).toEqual(records);
    expect(await store.verifyChains?.()).toEqual(records);
    await store.close();
  });

  it('names the first broken event in (case, seq) order when ranges in several workers are broken', async () => {
    const store = await storeWithCases('broken', 200);
    const sqlite = store.db.$client;
    sqlite.prepare(`UPDATE events SET input = '{"text":"nobody called","amount":0.5}' WHERE case_id = 'C0187' AND seq = 2`).run();
    sqlite.prepare(`UPDATE events SET to_state = 'closed' WHERE case_id = 'C0150' AND seq = 3`).run();
    sqlite.prepare(`UPDATE events SET input = '{ "channel": "phone", "customer": {"name": "Customer 31", "phone": "138"} }' WHERE case_id = 'C0031' AND seq = 1`).run();
    const { workers, here, records } = await checkAllWays(store);
    expect(records).toMatchObject({ valid: false, firstBroken: { caseId: 'C0150', seq: 3, reason: 'hash does not match the event' } });
    expect(workers).toEqual(records);
    expect(here).toEqual(records);
    await store.close();
  });
});

describe('each chain compared with its case row', () => {
  it('names a case whose last event was removed while its case row still says otherwise, every way it checks, over many pages', async () => {
    const store = await storeWithCases('tail', 1500);
    expect((await checkAllWays(store)).here).toEqual({ valid: true, casesChecked: 1500, eventsChecked: 3750 });
    store.db.$client.prepare(`DELETE FROM events WHERE case_id = 'C1203' AND seq = 4`).run();
    const { workers, here, records } = await checkAllWays(store);
    expect(records).toMatchObject({ valid: false, firstBroken: { caseId: 'C1203', seq: 4, reason: 'the case row is at revision 4 but its events end at seq 3 (events were removed)' } });
    expect(workers).toEqual(records);
    expect(here).toEqual(records);
    await store.close();
  });

  it('names events whose case row is gone, and a case row whose events are all gone', async () => {
    const store = await storeWithCases('rows', 200);
    store.db.$client.prepare(`DELETE FROM cases WHERE id = 'C0150'`).run();
    let ways = await checkAllWays(store);
    expect(ways.records).toMatchObject({ valid: false, firstBroken: { caseId: 'C0150', seq: 3, reason: 'the events have no case row (the case row was removed)' } });
    expect(ways.workers).toEqual(ways.records);
    expect(ways.here).toEqual(ways.records);
    store.db.$client.prepare(`DELETE FROM events WHERE case_id = 'C0150'`).run();
    store.db.$client.prepare(`DELETE FROM events WHERE case_id = 'C0077'`).run();
    ways = await checkAllWays(store);
    expect(ways.here).toMatchObject({ valid: false, firstBroken: { caseId: 'C0077', seq: 2, reason: 'the case row has no events (its events were removed)' } });
    expect(ways.workers).toEqual(ways.here);
    await store.close();
  });
});
