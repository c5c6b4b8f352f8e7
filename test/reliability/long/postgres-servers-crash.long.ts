/**
 * Three Caseflow servers (real processes, as `npm start` runs them) on one throw-away PostgreSQL
 * database, behind a round-robin client, under concurrent complaint traffic.
 *
 * First, a server is SIGKILLed while it fires a round of deadline timers, and started again;
 * twice. Afterwards every acknowledged (2xx) event is there, every chain verifies, every case
 * replays to its recorded snapshots, every timer that fell due fired exactly once, and every
 * outbox message reached the webhook receiver (counted by its `X-Caseflow-Delivery` id). Each
 * server posts to a path naming it, so the receiver knows who sent what: a message arrives twice
 * under one attempt number only when a killed server sent it before it died.
 *
 * Then PostgreSQL itself is restarted under load: requests caught by it get a 503 problem with
 * Retry-After, none is half-applied (sent again with the same Idempotency-Key, each lands once),
 * and the servers connect again by themselves.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, manualClock } from '../../../engine/runtime/index.js';
import { openPostgresStore } from '../../../engine/store/postgres/index.js';
import { postgresAvailable, startPgCluster, type PgCluster } from '../../support/pg-cluster.js';
import { adminSession, call, startServer, tokenFor, type ServerProcess } from '../server-process.js';
import { STEPS, complaint, type Ack } from '../complaint-walk.js';

const T0 = Date.parse('2025-03-03T01:00:00Z');
const HOUR = 3_600_000;
/**
 * How long a killed server's claims outlive it (30 s by default). Shorter here so the test does not
 * wait long, yet long enough that a live server's heartbeat, slowed by the load, still keeps its own.
 */
const LEASE = '10s';
const LANES = 9;

/** A request the client got a 503 for, to be sent again with the same Idempotency-Key. */
interface Refused {
  path: string;
  json: unknown;
  key: string;
  type: string;
}

/** One delivery the receiver took: its attempt number (`X-Caseflow-Attempt`) and the server that sent it (the path). */
interface Delivery {
  attempt: string;
  node: string;
}

/** A local webhook receiver keeping each message's deliveries, in arrival order, by message id. */
interface Receiver {
  /** The receiver's base URL: a server posts to `<url>/<its node id>`. */
  url: string;
  deliveries: Map<string, Delivery[]>;
  close(): Promise<void>;
}

async function startReceiver(): Promise<Receiver> {
  const deliveries = new Map<string, Delivery[]>();
  const drain = (request: IncomingMessage) => new Promise<void>((resolve) => {
    request.on('data', () => undefined);
    request.on('end', resolve);
  });
  const server: Server = createServer((request, response) => {
    void drain(request).then(() => {
      const id = String(request.headers['x-caseflow-delivery']);
      const delivery = { attempt: String(request.headers['x-caseflow-attempt']), node: (request.url ?? '').split('/').pop() ?? '' };
      deliveries.set(id, [...(deliveries.get(id) ?? []), delivery]);
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return { url: `http://127.0.0.1:${port}/hook`, deliveries, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.runIf(postgresAvailable())('three Caseflow servers on one PostgreSQL database under load', () => {
  let cluster: PgCluster | undefined;
  let receiver: Receiver | undefined;
  let db: pg.Pool | undefined;
  let url = '';
  const folder = mkdtempSync(join(tmpdir(), 'caseflow-pg-crash-'));
  /** The servers answering now, in round-robin order; a killed one leaves until it is back. */
  const live: ServerProcess[] = [];
  const everyServer: ServerProcess[] = [];
  /** Each server's node id (its row in `nodes`, the owner of its leases). */
  const nodeIds = new Map<ServerProcess, string>();
  /** Node ids of the servers killed so far. */
  const killed = new Set<string>();
  let turn = 0;
  let token = '';
  /** Complaints registered so far, across runs of traffic: each has its own customer name and Idempotency-Key. */
  let flows = 0;

  const start = async (clockStart: number): Promise<ServerProcess> => {
    const node = `server-${everyServer.length + 1}`;
    const server = await startServer({
      dbFile: url,
      clockStart: new Date(clockStart).toISOString(),
      env: {
        CASEFLOW_NODE_ID: node,
        CASEFLOW_LEASE: LEASE,
        CASEFLOW_SEAL_KEY: 'c'.repeat(64),
        CASEFLOW_CHECKPOINT_INTERVAL: 'off',
        CASEFLOW_OUTBOX_LOG: join(folder, `${node}-outbox.log`),
        CASEFLOW_WEBHOOK_URL: `${receiver?.url ?? ''}/${node}`,
        CASEFLOW_WEBHOOK_SECRET: 'shared with the receiver',
        // Every message the processes write (the `log` channel) goes to the receiver.
        CASEFLOW_CHANNEL_ROUTES: 'log=webhook',
        CASEFLOW_CHANNEL_FALLBACK: 'webhook',
      },
    });
    everyServer.push(server);
    nodeIds.set(server, node);
    live.push(server);
    return server;
  };
  const nodeOf = (server: ServerProcess) => nodeIds.get(server) ?? '';
  const next = () => live[turn++ % live.length];
  const query = async <T extends pg.QueryResultRow>(text: string, values: unknown[] = []) => {
    if (!db) throw new Error('The database is not open');
    return (await db.query<T>(text, values)).rows;
  };
  const count = async (text: string, values: unknown[] = []) => (await query<{ n: number }>(text, values))[0].n;

  beforeAll(async () => {
    cluster = await startPgCluster();
    url = await cluster.createDatabase();
    db = new pg.Pool({ connectionString: url, max: 2 });
    db.on('error', () => undefined);
    receiver = await startReceiver();
  }, 60_000);
  afterAll(async () => {
    await Promise.all(everyServer.map((server) => server.kill()));
    await db?.end();
    await receiver?.close();
    await cluster?.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  /** Concurrent lanes over the live servers: a third walk each complaint to its end, the rest only register (and wait for deadlines). */
  const load = (options: { idempotent: boolean }) => {
    const acks: Ack[] = [];
    const refused: Refused[] = [];
    const statuses = new Map<number, number>();
    const problems: Array<{ status: number; retryAfter: string | null; contentType: string | null; code: string }> = [];
    let stopped = false;
    const send = async (path: string, json: unknown, type: string, key: string): Promise<{ id: string } | undefined> => {
      const server = next();
      const headers: Record<string, string> = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', Accept: 'application/json' };
      if (options.idempotent) headers['Idempotency-Key'] = key;
      let response: Response;
      try {
        response = await fetch(new URL(path, server.url), { method: 'POST', headers, body: JSON.stringify(json) });
      } catch {
        return undefined; // the server was killed under this request: no answer, no acknowledgement
      }
      const text = await response.text();
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      if (response.status >= 200 && response.status < 300) {
        const body: { id: string; revision: number } = JSON.parse(text);
        acks.push({ caseId: body.id, revision: body.revision, type });
        return body;
      }
      if (response.status === 503) refused.push({ path, json, key, type });
      const body: { code?: string } = text.startsWith('{') ? JSON.parse(text) : {};
      problems.push({ status: response.status, retryAfter: response.headers.get('Retry-After'), contentType: response.headers.get('Content-Type'), code: body.code ?? '' });
      return undefined;
    };
    const lane = async (walks: boolean) => {
      while (!stopped) {
        const n = flows++;
        const opened = await send('/api/cases', complaint(n), '$start', `start-${n}`);
        if (!opened) {
          await sleep(5);
          continue;
        }
        if (!walks) continue;
        for (const [i, step] of STEPS.entries()) {
          if (stopped || !(await send(`/api/cases/${opened.id}/events`, step, step.type, `step-${n}-${i}`))) break;
        }
      }
    };
    const lanes = Array.from({ length: LANES }, (_, i) => lane(i % 3 === 0));
    return {
      acks,
      refused,
      statuses,
      problems,
      async until(acknowledged: number) {
        while (acks.length < acknowledged) await sleep(20);
      },
      async stop() {
        stopped = true;
        await Promise.all(lanes);
      },
    };
  };

  /**
   * Advances the clock on `victim` and SIGKILLs it while it holds leases on the timers falling
   * due; the other servers then move to the same time and fire the rest, and the victim starts again.
   */
  const killWhileFiring = async (victim: ServerProcess, by: string, to: number) => {
    const firing = call(victim.url, 'POST', '/api/clock/advance', { headers: await adminSession(victim.url), json: { by } }).catch(() => undefined);
    let held = 0;
    for (let i = 0; i < 5000 && held === 0; i++) {
      held = await count('SELECT count(*)::int AS n FROM timers WHERE lease_node = $1', [nodeOf(victim)]);
      if (held === 0) await sleep(2);
    }
    killed.add(nodeOf(victim));
    await victim.kill();
    live.splice(live.indexOf(victim), 1);
    await firing;
    const stillHeld = await count('SELECT count(*)::int AS n FROM timers WHERE lease_node = $1', [nodeOf(victim)]);
    expect(held, 'the killed server held no due timer').toBeGreaterThan(0);
    const survivor = live[0];
    const moved = await call<{ now: number }>(survivor.url, 'POST', '/api/clock/advance', { headers: await adminSession(survivor.url), json: { by } });
    expect(moved.body.now).toBe(to);
    await start(to);
    return stillHeld;
  };

  it('keeps every acknowledged event, fires each due timer once and delivers each message, across two SIGKILLs mid-load', async () => {
    for (let i = 0; i < 3; i++) await start(T0);
    token = await tokenFor(live[0].url, await adminSession(live[0].url), 'load-agent', ['agent']);

    const traffic = load({ idempotent: false });
    await traffic.until(300);
    // 21 hours on, every complaint not yet answered passes its first-reply warning mark.
    const heldAtFirstKill = await killWhileFiring(live[1], '21h', T0 + 21 * HOUR);
    await traffic.until(traffic.acks.length + 200);
    // 4 more hours, and their first-reply deadline is breached (each breach opens an escalation).
    const heldAtSecondKill = await killWhileFiring(live[0], '4h', T0 + 25 * HOUR);
    await traffic.until(traffic.acks.length + 150);
    await traffic.stop();
    const end = T0 + 25 * HOUR;
    const stoppedAt = Date.now();

    // Once the killed servers' leases expire, the live ones fire and send what those held.
    await expect.poll(() => count('SELECT count(*)::int AS n FROM timers WHERE due_at <= $1', [end]), { timeout: 60_000, interval: 200 }).toBe(0);
    await expect.poll(() => count("SELECT count(*)::int AS n FROM outbox WHERE status IN ('pending', 'failed')"), { timeout: 240_000, interval: 200 }).toBe(0);
    const drainedInMs = Date.now() - stoppedAt;

    const acks = traffic.acks;
    const recorded = new Map<string, string[]>();
    for (const row of await query<{ case_id: string; type: string }>('SELECT case_id, type FROM events ORDER BY case_id, seq')) {
      recorded.set(row.case_id, [...(recorded.get(row.case_id) ?? []), row.type]);
    }
    const missing = acks.filter((ack) => recorded.get(ack.caseId)?.[ack.revision - 1] !== ack.type);
    expect(missing).toEqual([]);

    // A timer fires once per arming: a complaint's timers are armed once each; an escalation that climbs arms its
    // level clock again under the same key, due later, so two firings of one arming would share their time.
    expect(await query(`SELECT e.case_id, e.timer FROM events AS e JOIN cases AS c ON c.id = e.case_id
      WHERE e.timer IS NOT NULL AND c.process_id = 'complaint-handling' GROUP BY e.case_id, e.timer HAVING count(*) > 1`)).toEqual([]);
    expect(await query('SELECT case_id, timer, at FROM events WHERE timer IS NOT NULL GROUP BY case_id, timer, at HAVING count(*) > 1')).toEqual([]);
    const fired = await count('SELECT count(*)::int AS n FROM events WHERE timer IS NOT NULL');
    // A complaint registered before any clock move and still unanswered: its warning and its breach, once each.
    // (One registered on a server part-way through a move starts at that moment, and is not yet due.)
    const waiting = await query<{ id: string; timers: number; breached: string | null }>(
      `SELECT c.id, (SELECT count(*)::int FROM events AS e WHERE e.case_id = c.id AND e.timer IS NOT NULL) AS timers,
         c.snapshot::jsonb -> 'data' ->> 'firstReplyBreached' AS breached
       FROM cases AS c WHERE c.process_id = 'complaint-handling' AND c.state = 'received' AND c.created_at = $1`, [T0]);
    expect(waiting.length).toBeGreaterThan(100);
    expect(waiting.filter((row) => row.timers !== 2 || row.breached !== 'true')).toEqual([]);

    const verified = await call<{ valid: boolean; casesChecked: number }>(live[0].url, 'GET', '/api/audit/verify', { headers: await adminSession(live[0].url) });
    expect(verified.body.valid).toBe(true);

    const outbox = await query<{ id: number; status: string; recipients: string }>('SELECT id, status, recipients FROM outbox');
    const sent = outbox.filter((row) => row.status === 'sent').map((row) => String(row.id));
    const deliveries = receiver?.deliveries ?? new Map<string, Delivery[]>();
    expect(sent.length).toBeGreaterThan(300);
    expect(sent.filter((id) => !deliveries.has(id))).toEqual([]);
    expect([...deliveries.keys()].filter((id) => !sent.includes(id))).toEqual([]);
    // Rows that were never sent are those with no one to send to (a deadline warning to an unassigned case).
    expect(outbox.filter((row) => row.status !== 'sent' && row.recipients !== '[]')).toEqual([]);
    // Delivery is at least once, under one X-Caseflow-Delivery id the receiver keeps once. A message goes
    // again after an attempt recorded as failed (a receiver slow past the timeout), under the next attempt
    // number; under the same number only when a killed server sent it and died before recording that, so
    // every delivery of one attempt but the last came from a killed server. Live servers never both send one.
    const repeated = [...deliveries.values()].filter((arrived) => arrived.length > 1);
    const sameAttemptAgain = repeated.filter((arrived) => new Set(arrived.map((delivery) => delivery.attempt)).size < arrived.length);
    const byLiveServers = sameAttemptAgain.filter((arrived) => {
      const attempts = new Set(arrived.map((delivery) => delivery.attempt));
      return [...attempts].some((attempt) => arrived.filter((delivery) => delivery.attempt === attempt).slice(0, -1).some((delivery) => !killed.has(delivery.node)));
    });
    const troubles = everyServer.flatMap((server) => server.output().split('\n').filter((line) => line.includes('outbox'))).slice(0, 5);
    expect(byLiveServers, `killed: ${[...killed].join(', ')}\n${troubles.join('\n')}`).toEqual([]);
    // A server sends one message of a channel at a time, so each kill leaves at most one in flight.
    expect(sameAttemptAgain.length, JSON.stringify(sameAttemptAgain)).toBeLessThanOrEqual(killed.size);

    const store = await openPostgresStore({ url, node: { id: 'replayer' } });
    const engine = createEngine({ store, clock: manualClock(end) });
    let replayed = 0;
    try {
      for (const caseId of recorded.keys()) {
        const replay = await engine.replay(caseId);
        expect({ caseId, consistent: replay.consistent, chainValid: replay.chainValid }).toEqual({ caseId, consistent: true, chainValid: true });
        replayed += 1;
      }
    } finally {
      await engine.stop();
      await store.close();
    }
    console.info(
      `three servers, two SIGKILLs: ${acks.length} events acknowledged, all present; ${recorded.size} cases replayed; ` +
      `${fired} timers fired, each once (the killed servers held ${heldAtFirstKill} and ${heldAtSecondKill}); ` +
      `${sent.length} messages delivered (${repeated.length - sameAttemptAgain.length} again after a failed attempt, ${sameAttemptAgain.length} again after a kill), ` +
      `${outbox.length - sent.length} without recipients; ` +
      `the outbox drained ${drainedInMs} ms after the load stopped`,
    );
  }, 600_000);

  it('answers 503 with Retry-After while PostgreSQL restarts, applies nothing by half, and serves again by itself', async () => {
    expect(live).toHaveLength(3);
    const traffic = load({ idempotent: true });
    await traffic.until(traffic.acks.length + 200);
    const restartAt = traffic.acks.length;
    await cluster?.restart(1500);
    // Every server answers again by itself.
    for (const server of live) {
      await expect.poll(async () => (await call(server.url, 'GET', '/api/cases?limit=1', { token }).catch(() => ({ status: 0 }))).status, { timeout: 30_000, interval: 100 }).toBe(200);
    }
    await traffic.until(traffic.acks.length + 200);
    await traffic.stop();
    expect(traffic.acks.length).toBeGreaterThan(restartAt);
    expect(live.every((server) => server.child.exitCode === null && server.child.signalCode === null)).toBe(true);

    const refusals = traffic.problems.filter((problem) => problem.status === 503);
    expect(refusals.length, 'no request met the restart').toBeGreaterThan(0);
    expect(traffic.problems.filter((problem) => problem.status !== 503)).toEqual([]);
    for (const refusal of refusals) {
      expect(refusal.contentType).toContain('application/problem+json');
      expect(refusal.code).toBe('unavailable');
      expect(Number(refusal.retryAfter)).toBeGreaterThan(0);
    }

    // Sent again with its key, each refused request lands once (or is found to have landed before its answer was lost).
    for (const request of traffic.refused) {
      const again = await call<{ id: string; revision: number }>(next().url, 'POST', request.path, { token, json: request.json, headers: { 'Idempotency-Key': request.key } });
      expect(again.status, JSON.stringify(again.body)).toBeLessThan(300);
      traffic.acks.push({ caseId: again.body.id, revision: again.body.revision, type: request.type });
    }
    const recorded = new Map<string, string[]>();
    for (const row of await query<{ case_id: string; type: string }>('SELECT case_id, type FROM events ORDER BY case_id, seq')) {
      recorded.set(row.case_id, [...(recorded.get(row.case_id) ?? []), row.type]);
    }
    expect(traffic.acks.filter((ack) => recorded.get(ack.caseId)?.[ack.revision - 1] !== ack.type)).toEqual([]);
    // Nothing half-applied: every case's revision is its number of events, no step twice, one case per registration.
    expect(await query('SELECT c.id FROM cases AS c WHERE c.revision <> (SELECT count(*) FROM events AS e WHERE e.case_id = c.id)')).toEqual([]);
    const doubled = [...recorded].filter(([, types]) => STEPS.some((step) => types.filter((type) => type === step.type).length > 1));
    expect(doubled).toEqual([]);
    expect(await query(`SELECT snapshot::jsonb -> 'data' -> 'customer' ->> 'name' AS name FROM cases WHERE process_id = 'complaint-handling'
      GROUP BY 1 HAVING count(*) > 1`)).toEqual([]);
    const verified = await call<{ valid: boolean }>(live[0].url, 'GET', '/api/audit/verify', { headers: await adminSession(live[0].url) });
    expect(verified.body.valid).toBe(true);
    // The messages written around the restart go out too, once the servers are back.
    await expect.poll(() => count("SELECT count(*)::int AS n FROM outbox WHERE status IN ('pending', 'failed')"), { timeout: 240_000, interval: 200 }).toBe(0);
    const sent = (await query<{ id: number }>("SELECT id FROM outbox WHERE status = 'sent'")).map((row) => String(row.id));
    expect(sent.filter((id) => !receiver?.deliveries.has(id))).toEqual([]);
    console.info(
      `PostgreSQL restarted under load: ${traffic.acks.length} events acknowledged, ${refusals.length} answers 503 with Retry-After ` +
      `(${traffic.refused.length} sent again, each landed once), statuses ${JSON.stringify(Object.fromEntries(traffic.statuses))}`,
    );
  }, 300_000);
});
