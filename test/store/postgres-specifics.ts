/**
 * Tests only the PostgreSQL store needs: several servers on one database (migrations applied
 * once, a revision race lost with `stale-revision`, a deadlock between their batches retried),
 * no commit settled before its COMMIT, the trigram index behind the inbox search, a database
 * that refuses writes, case reads and batch rows gathered into one statement per kind, and the whole-database chain
 * check agreeing with the scan of records.
 */
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { expect, it, vi } from 'vitest';
import { GENESIS_HASH, hashEvent } from '../../engine/runtime/hash-chain.js';
import { verifyAllChains } from '../../engine/runtime/verify.js';
import { openPostgresStore, type PostgresStore } from '../../engine/store/postgres/index.js';
import { advanceCase, openCase } from './fixtures.js';
import { rejectionCode } from './suite-commits.js';

async function withClient<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** Writes `cases` cases of 1 to 4 events (and their case rows) straight into the tables, inputs in the key order people wrote them. */
async function writeCases(client: pg.Client, cases: number): Promise<void> {
  const events: string[][] = [[], [], [], [], [], [], [], [], [], [], [], []];
  const rows: string[][] = [[], [], []];
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
      const values = [caseId, String(seq), fields.type, fields.actor, '["agent"]', String(fields.at), fields.from ?? '', 'open', JSON.stringify(input), timer ? JSON.stringify(timer) : '', prevHash, hash];
      values.forEach((value, column) => events[column].push(value));
      prevHash = hash;
    }
    [caseId, String(1 + (n % 4)), prevHash].forEach((value, column) => rows[column].push(value));
  }
  await client.query(
    `INSERT INTO events (case_id, seq, type, actor, actor_roles, at, from_state, to_state, input, timer, prev_hash, hash)
     SELECT c, s::int, t, a, r, at::bigint, nullif(f, ''), o, i, nullif(tm, ''), p, h
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[])
       AS e (c, s, t, a, r, at, f, o, i, tm, p, h)`,
    events,
  );
  await client.query(
    `INSERT INTO cases (id, process_id, version, state, status, snapshot, revision, actionable_roles, search_text, created_at, updated_at, created_by, last_hash)
     SELECT id, 'p', 1, 'open', 'active', '{}', revision::int, '[]', '', 0, 0, 'agent-li', last_hash FROM unnest($1::text[], $2::text[], $3::text[]) AS c (id, revision, last_hash)`,
    rows,
  );
}

/** The store's own check and the runtime's scan of records, which must agree. */
async function checkBothWays(store: PostgresStore) {
  return {
    stored: await store.verifyChains?.(),
    records: await verifyAllChains({ store: { scanEvents: (after, limit) => store.scanEvents(after, limit), getCase: (id) => store.getCase(id) } }),
  };
}

/** Registers the PostgreSQL-only tests; `freshDatabase` gives the URL of a new empty database. */
export function describePostgresSpecifics(freshDatabase: () => Promise<string>): void {
  it('applies its migrations once when several servers open one database together', async () => {
    const url = await freshDatabase();
    const stores = await Promise.all([1, 2, 3, 4].map(() => openPostgresStore({ url })));
    await Promise.all(stores.map((store) => store.close()));
    const applied = await withClient(url, (client) => client.query('SELECT hash FROM drizzle.__drizzle_migrations'));
    const tables = await withClient(url, (client) => client.query<{ tablename: string }>("SELECT tablename FROM pg_tables WHERE schemaname = 'public'"));
    // Once each: as many rows as the migrations folder's journal lists.
    const journal: { entries: unknown[] } = JSON.parse(readFileSync(new URL('../../engine/store/postgres/migrations/meta/_journal.json', import.meta.url), 'utf8'));
    expect(applied.rowCount).toBe(journal.entries.length);
    expect(tables.rows.map((row) => row.tablename)).toEqual(expect.arrayContaining(['case_roles', 'cases', 'events', 'idempotency', 'outbox', 'timers', 'users']));
  });

  it('lets one of two servers moving a case from the same revision win, and refuses the other', async () => {
    const url = await freshDatabase();
    const [east, west] = await Promise.all([openPostgresStore({ url }), openPostgresStore({ url })]);
    try {
      const opening = openCase('c1');
      await east.commit(opening);
      const approve = advanceCase(opening.case, { state: 'approved' });
      const reject = advanceCase(opening.case, { state: 'rejected' });
      const results = await Promise.allSettled([east.commit(approve), west.commit(reject)]);
      const landed = results.filter((result) => result.status === 'fulfilled');
      expect(landed).toHaveLength(1);
      const loser = results[0].status === 'rejected' ? west.commit(reject) : east.commit(approve);
      expect(await rejectionCode(loser)).toBe('stale-revision');
      const stored = await west.getCase('c1');
      expect(stored?.revision).toBe(2);
      expect((await east.getEvents('c1')).map((event) => event.to)).toEqual(['new', stored?.state]);
    } finally {
      await Promise.all([east.close(), west.close()]);
    }
  });

  it('answers case reads asked together with one statement, each reader its own record, absent cases undefined', async () => {
    const url = await freshDatabase();
    const store = await openPostgresStore({ url });
    try {
      await Promise.all(['g1', 'g2', 'g3'].map((id) => store.commit(openCase(id, { state: `s-${id}` }))));
      const sent = vi.spyOn(store.pool, 'query');
      const [a, b, again, missing, c] = await Promise.all(['g1', 'g2', 'g1', 'nope', 'g3'].map((id) => store.getCase(id)));
      expect([a?.state, b?.state, again?.state, missing, c?.state]).toEqual(['s-g1', 's-g2', 's-g1', undefined, 's-g3']);
      expect(again).not.toBe(a);
      expect(sent).toHaveBeenCalledTimes(1);
      expect(await store.getCase('g2')).toMatchObject({ id: 'g2', state: 's-g2' });
      expect(sent).toHaveBeenCalledTimes(2);
    } finally {
      await store.close();
    }
  });

  it('writes a batch of many cases with one statement per kind, and when one write fails there, lands the others alone', async () => {
    const url = await freshDatabase();
    const store = await openPostgresStore({ url });
    try {
      const openings = ['b1', 'b2', 'b3', 'b4'].map((id) => openCase(id));
      await Promise.all(openings.map((opening) => store.commit(opening)));
      // Event 2 of b3 is already there although its case row is at revision 1: only the event insert can find out.
      await withClient(url, (client) => client.query(
        `INSERT INTO events (case_id, seq, type, actor, actor_roles, at, to_state, prev_hash, hash) VALUES ('b3', 2, 'x', 'a', '[]', 0, 'x', 'p', 'h')`,
      ));
      const connects = vi.spyOn(store.pool, 'connect');
      const sent: unknown[] = [];
      store.pool.once('acquire', (client) => {
        const query = client.query.bind(client);
        vi.spyOn(client, 'query').mockImplementation(((config: unknown, ...rest: unknown[]) => {
          sent.push(config);
          return (query as (...args: unknown[]) => unknown)(config, ...rest);
        }) as typeof client.query);
      });
      const moves = openings.map((opening) => advanceCase(opening.case, { state: 'approved' }));
      const results = await Promise.allSettled(moves.map((move) => store.commit(move)));
      expect(connects).toHaveBeenCalledTimes(1);
      const named = (name: string) => sent.flatMap((config) => {
        const query = config as unknown as { name?: string; values?: unknown[][] };
        return query.name === `caseflow_${name}` ? [query.values?.[0]?.length] : [];
      });
      // The first try sends each kind once for all four cases; the second lands them one by one.
      expect(named('insert_events')).toEqual([4, 1, 1, 1, 1]);
      expect(named('update_cases')).toEqual([4, 1, 1, 1, 1]);
      expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
      expect(await rejectionCode(store.commit(moves[2]))).toBe('stale-revision');
      const states = await Promise.all(['b1', 'b2', 'b3', 'b4'].map(async (id) => (await store.getCase(id))?.state));
      expect(states).toEqual(['approved', 'approved', 'new', 'approved']);
      expect((await store.getEvents('b2')).map((event) => event.to)).toEqual(['new', 'approved']);
    } finally {
      await store.close();
    }
  });

  it('retries a batch that deadlocks with the batch of another server, so each case still moves once', async () => {
    const url = await freshDatabase();
    const [east, west] = await Promise.all([openPostgresStore({ url }), openPostgresStore({ url })]);
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    try {
      const openings = Array.from({ length: 20 }, (_, i) => openCase(`c${String(i).padStart(2, '0')}`));
      await Promise.all(openings.map((opening) => east.commit(opening)));
      // A third session holds the middle case, so each server's batch stops there holding its half;
      // once it lets go, each batch wants the other's half: a deadlock, which PostgreSQL breaks.
      await holder.query('BEGIN');
      await holder.query("SELECT 1 FROM cases WHERE id = 'c10' FOR UPDATE");
      const eastward = openings.map((opening) => east.commit(advanceCase(opening.case, { state: 'east' })));
      const westward = [...openings].reverse().map((opening) => west.commit(advanceCase(opening.case, { state: 'west' })));
      await expect.poll(async () => (await holder.query("SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock'")).rowCount, { timeout: 10_000 }).toBe(2);
      await holder.query('COMMIT');
      const results = await Promise.allSettled([...eastward, ...westward]);
      const codes = await Promise.all(results.map((result) => (result.status === 'fulfilled' ? 'landed' : rejectionCode(Promise.reject(result.reason)))));
      expect(codes.filter((code) => code === 'landed')).toHaveLength(20);
      expect(codes.filter((code) => code !== 'landed')).toEqual(Array.from({ length: 20 }, () => 'stale-revision'));
      for (const opening of openings) expect((await west.getCase(opening.case.id))?.revision).toBe(2);
    } finally {
      await holder.end();
      await Promise.all([east.close(), west.close()]);
    }
  });

  it('settles no commit of a batch before its COMMIT: a COMMIT that fails rejects them all and leaves nothing', async () => {
    const url = await freshDatabase();
    const store = await openPostgresStore({ url });
    try {
      // A deferred constraint is checked at COMMIT, after every statement of the batch succeeded.
      await withClient(url, (client) => client.query(`
        CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.id = 'poison' THEN RAISE EXCEPTION 'refused at commit'; END IF; RETURN NULL; END $$;
        CREATE CONSTRAINT TRIGGER refuse_poison AFTER INSERT ON cases DEFERRABLE INITIALLY DEFERRED
          FOR EACH ROW EXECUTE FUNCTION refuse_poison();`));
      const settled: string[] = [];
      const results = await Promise.allSettled(['first', 'poison', 'last'].map((id) =>
        store.commit(openCase(id)).then(() => settled.push(id))));
      expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected', 'rejected']);
      expect(settled).toEqual([]);
      const rows = await withClient(url, (client) => client.query('SELECT id FROM cases UNION ALL SELECT case_id FROM events'));
      expect(rows.rowCount).toBe(0);

      await store.commit(openCase('after'));
      const seen = await withClient(url, (client) => client.query<{ id: string }>('SELECT id FROM cases'));
      expect(seen.rows).toEqual([{ id: 'after' }]);
    } finally {
      await store.close();
    }
  });

  it('commits with synchronous_commit on even where the database says off', async () => {
    const url = await freshDatabase();
    const database = new URL(url).pathname.slice(1);
    await withClient(url, (client) => client.query(`ALTER DATABASE "${database}" SET synchronous_commit = off`));
    const store = await openPostgresStore({ url });
    try {
      const { rows } = await store.pool.query<{ synchronous_commit: string }>('SHOW synchronous_commit');
      expect(rows[0].synchronous_commit).toBe('on');
      expect(await withClient(url, async (client) => (await client.query<{ synchronous_commit: string }>('SHOW synchronous_commit')).rows[0].synchronous_commit)).toBe('off');
    } finally {
      await store.close();
    }
  });

  it('answers a search from the trigram index (pg_trgm) when scanning would cost more', async () => {
    const url = await freshDatabase();
    const store = await openPostgresStore({ url });
    await store.close();
    const plan = await withClient(url, async (client) => {
      await client.query('SET enable_seqscan = off');
      const result = await client.query<{ 'QUERY PLAN': string }>("EXPLAIN SELECT id FROM cases WHERE search_text ILIKE '%王小伟%'");
      return result.rows.map((row) => row['QUERY PLAN']).join('\n');
    });
    expect(plan).toContain('cases_search_idx');
  });

  it('refuses commits with read-only on a database that refuses writes, and changes nothing', async () => {
    const url = await freshDatabase();
    const store = await openPostgresStore({ url });
    await store.commit(openCase('c1'));
    const database = new URL(url).pathname.slice(1);
    await withClient(url, (client) => client.query(`ALTER DATABASE "${database}" SET default_transaction_read_only = on`));
    await store.close();
    // Every migration is applied, so opening only reads and succeeds.
    const reopened = await openPostgresStore({ url });
    try {
      const current = await reopened.getCase('c1');
      if (!current) throw new Error('Case c1 is missing');
      expect(await rejectionCode(reopened.commit(advanceCase(current)))).toBe('read-only');
      expect(await rejectionCode(reopened.commit(openCase('c2')))).toBe('read-only');
      expect((await reopened.getCase('c1'))?.revision).toBe(1);
      expect(await reopened.getCase('c2')).toBeUndefined();
    } finally {
      await reopened.close();
    }
  });

  it('checks every chain against its case row as the scan of records does, over many pages, and names what was changed', async () => {
    const url = await freshDatabase();
    const store = await openPostgresStore({ url });
    try {
      await withClient(url, (client) => writeCases(client, 1500));
      let ways = await checkBothWays(store);
      expect(ways.records).toEqual({ valid: true, casesChecked: 1500, eventsChecked: 3750 });
      expect(ways.stored).toEqual(ways.records);
      await withClient(url, async (client) => {
        await client.query(`UPDATE events SET input = '{"text":"nobody called","amount":0.5}' WHERE case_id = 'C1187' AND seq = 2`);
        await client.query(`UPDATE events SET to_state = 'closed' WHERE case_id = 'C1150' AND seq = 3`);
      });
      ways = await checkBothWays(store);
      expect(ways.records).toMatchObject({ valid: false, firstBroken: { caseId: 'C1150', seq: 3, reason: 'hash does not match the event' } });
      expect(ways.stored).toEqual(ways.records);
      await withClient(url, async (client) => {
        await client.query(`UPDATE events SET to_state = 'open' WHERE case_id = 'C1150' AND seq = 3`);
        await client.query(`DELETE FROM events WHERE case_id = 'C0903' AND seq = 4`);
      });
      ways = await checkBothWays(store);
      expect(ways.records).toMatchObject({ valid: false, firstBroken: { caseId: 'C0903', seq: 4, reason: 'the case row is at revision 4 but its events end at seq 3 (events were removed)' } });
      expect(ways.stored).toEqual(ways.records);
      await withClient(url, (client) => client.query(`DELETE FROM events WHERE case_id = 'C0077'`));
      expect(await store.verifyChains?.()).toMatchObject({ valid: false, firstBroken: { caseId: 'C0077', seq: 2, reason: 'the case row has no events (its events were removed)' } });
    } finally {
      await store.close();
    }
  });
}
