/**
 * Two Caseflow servers (`server/main.ts`, as `npm start` runs it) on one throw-away PostgreSQL
 * database. One is killed with SIGKILL while it holds leases on due timers; the other fires
 * those timers once their leases expire, each exactly once. A token revoked on one server is
 * refused by the other within the account cache's stated bound; a manual clock moved on one
 * moves on the others.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT_CACHE_TTL_MS } from '../../server/auth/account-cache.js';
import { adminSession, call, startServer, tokenFor, type ServerProcess } from '../reliability/server-process.js';
import { postgresAvailable, startPgCluster, type PgCluster } from '../support/pg-cluster.js';

const START = '2025-03-03T01:00:00.000Z';
/** How long a dead server's claims outlive it here (30 s by default). */
const LEASE = '2s';
const CASES = 150;

const REMINDER_YAML = `id: callback-reminder
name: 回电提醒 Callback reminder
roles: [agent]
starters: [agent]
data:
  type: object
  properties:
    customer: { type: string }
    late: { type: boolean, readOnly: true }
initial: open
states:
  open:
    timers:
      - id: remind
        in: 1h
        actions: [{ set: { late: "true" } }]
    on:
      finish: { roles: [agent], to: done }
  done: { final: true }
`;

describe.runIf(postgresAvailable())('two Caseflow servers on one PostgreSQL database', () => {
  let cluster: PgCluster | undefined;
  let url = '';
  let db: pg.Pool | undefined;
  const folder = mkdtempSync(join(tmpdir(), 'caseflow-two-servers-'));
  const servers: ServerProcess[] = [];

  const start = async (node: string) => {
    const server = await startServer({
      dbFile: url,
      clockStart: START,
      env: {
        CASEFLOW_NODE_ID: node,
        CASEFLOW_LEASE: LEASE,
        CASEFLOW_SEAL_KEY: 'b'.repeat(64),
        CASEFLOW_CHECKPOINT_INTERVAL: 'off',
        CASEFLOW_OUTBOX_LOG: join(folder, `${node}-outbox.log`),
      },
    });
    servers.push(server);
    return server;
  };
  const query = async <T extends pg.QueryResultRow>(text: string, values: unknown[] = []) => {
    if (!db) throw new Error('The database is not open');
    return (await db.query<T>(text, values)).rows;
  };

  beforeAll(async () => {
    cluster = await startPgCluster();
    url = await cluster.createDatabase();
    db = new pg.Pool({ connectionString: url, max: 2 });
  }, 60_000);
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await db?.end();
    await cluster?.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('fires the timers a killed server held, on the other server once their leases expire, each exactly once', async () => {
    const east = await start('east');
    const west = await start('west');
    const admin = await adminSession(east.url);
    const owner = await tokenFor(east.url, admin, 'owner', ['process-owner']);
    const agent = await tokenFor(east.url, admin, 'li.na', ['agent']);
    const published = await call(east.url, 'POST', '/api/processes', { token: owner, json: { yaml: REMINDER_YAML } });
    expect(published.status).toBe(201);
    for (let n = 0; n < CASES; n += 20) {
      const batch = Array.from({ length: Math.min(20, CASES - n) }, (_, i) => {
        const server = (n + i) % 2 === 0 ? east : west;
        return call(server.url, 'POST', '/api/cases', { token: agent, json: { process: 'callback-reminder', data: { customer: `customer ${n + i}` } } });
      });
      for (const answer of await Promise.all(batch)) expect(answer.status).toBe(201);
    }
    const due = await query<{ count: number }>("SELECT count(*)::int AS count FROM timers WHERE key LIKE '%remind'");
    expect(due[0].count).toBe(CASES);

    // The east server's clock moves past the due time: it claims the due timers and starts firing.
    const advancing = call(east.url, 'POST', '/api/clock/advance', { token: undefined, headers: admin, json: { by: '2h' } }).catch(() => undefined);
    await expect.poll(async () => (await query<{ count: number }>("SELECT count(*)::int AS count FROM timers WHERE lease_node = 'east'"))[0].count,
      { timeout: 30_000, interval: 5 }).toBeGreaterThan(0);
    await east.kill();
    const killedAt = Date.now();
    await advancing;
    const held = (await query<{ count: number }>("SELECT count(*)::int AS count FROM timers WHERE lease_node = 'east'"))[0].count;
    expect(held).toBeGreaterThan(0);

    // The west server moves its own clock as far; what east held waits for the lease to expire.
    const moved = await call<{ fired: number }>(west.url, 'POST', '/api/clock/advance', { headers: await adminSession(west.url), json: { by: '2h' } });
    expect(moved.status).toBe(200);
    await expect.poll(async () => (await query<{ count: number }>('SELECT count(*)::int AS count FROM timers'))[0].count, { timeout: 30_000, interval: 100 }).toBe(0);
    console.info(`the killed server held ${held} of ${CASES} due timers; the other had fired them all ${Date.now() - killedAt} ms after the kill (lease ${LEASE})`);

    const fired = await query<{ case_id: string; count: number }>("SELECT case_id, count(*)::int AS count FROM events WHERE type = '$timer' GROUP BY case_id");
    expect(fired).toHaveLength(CASES);
    expect(fired.filter((row) => row.count !== 1)).toEqual([]);
    const late = await query<{ count: number }>("SELECT count(*)::int AS count FROM cases WHERE snapshot::jsonb -> 'data' ->> 'late' = 'true'");
    expect(late[0].count).toBe(CASES);
    const verified = await call<{ valid: boolean; casesChecked: number }>(west.url, 'GET', '/api/audit/verify', { headers: await adminSession(west.url) });
    expect(verified.body).toMatchObject({ valid: true, casesChecked: CASES });
    expect(await query("SELECT id FROM nodes WHERE id = 'west'")).toHaveLength(1);
  }, 180_000);

  it('refuses on one server a token revoked on the other, within the account cache\'s bound', async () => {
    const east = servers.find((server) => server.child.exitCode === null && server.child.signalCode === null) ?? (await start('east-2'));
    const west = await start('north');
    const admin = await adminSession(east.url);
    const token = await tokenFor(east.url, admin, 'wang.fang', ['agent']);
    expect((await call(west.url, 'GET', '/api/me', { token })).status).toBe(200);
    const listed = await call<{ items: Array<{ id: string; name: string }> }>(east.url, 'GET', '/api/tokens?user=wang.fang', { headers: admin });
    const revokedAt = Date.now();
    expect((await call(east.url, 'DELETE', `/api/tokens/${listed.body.items[0].id}`, { headers: admin })).status).toBe(204);
    await expect.poll(async () => (await call(west.url, 'GET', '/api/me', { token })).status, { timeout: ACCOUNT_CACHE_TTL_MS, interval: 20 }).toBe(401);
    expect(Date.now() - revokedAt).toBeLessThan(ACCOUNT_CACHE_TTL_MS + 500);
  }, 120_000);

  it('moves the manual clock of every server when one of them is advanced', async () => {
    const [first, second] = servers.filter((server) => server.child.exitCode === null && server.child.signalCode === null);
    const firstAdmin = await adminSession(first.url);
    const secondAdmin = await adminSession(second.url);
    const before = await call<{ now: number }>(second.url, 'GET', '/api/clock', { headers: secondAdmin });
    const moved = await call<{ now: number }>(first.url, 'POST', '/api/clock/advance', { headers: firstAdmin, json: { by: '3d' } });
    expect(moved.status).toBe(200);
    expect(moved.body.now).toBeGreaterThanOrEqual(before.body.now + 3 * 86_400_000);
    await expect.poll(async () => (await call<{ now: number }>(second.url, 'GET', '/api/clock', { headers: secondAdmin })).body.now, { timeout: 5000 }).toBe(moved.body.now);
  }, 60_000);
});
