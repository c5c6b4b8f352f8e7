/**
 * Caseflow on PostgreSQL end to end: `CASEFLOW_DB=postgres://…` opens the PostgreSQL store
 * (cases, audit, accounts, saved filters, outbox), and a complaint is walked over HTTP from
 * registration to closing, its first-reply deadline firing on the manual clock.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheckpoint } from '../../server/cli/checkpoint.js';
import { runUser } from '../../server/cli/user.js';
import { loadConfig } from '../../server/config.js';
import { createLogger } from '../../server/log.js';
import { startCaseflow, type RunningCaseflow } from '../../server/serve.js';
import { postgresAvailable, startPgCluster, type PgCluster } from '../support/pg-cluster.js';
import { complaint } from './harness.js';

const ADMIN_PASSWORD = 'walk-the-complaint-please';
const START = '2025-03-03T01:00:00.000Z';

/** A browser-like client: keeps the session cookie and sends the CSRF token on unsafe methods. */
function client(base: string) {
  let cookie = '';
  let csrf = '';
  const send = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const all: Record<string, string> = { ...headers };
    if (cookie) all.Cookie = cookie;
    if (method !== 'GET' && csrf) all['X-CSRF-Token'] = csrf;
    if (body !== undefined) all['Content-Type'] = 'application/json';
    return fetch(base + path, { method, headers: all, body: body === undefined ? undefined : JSON.stringify(body) });
  };
  return {
    async login(username: string, password: string) {
      const response = await send('POST', '/api/session', { username, password });
      expect(response.status).toBe(200);
      cookie = (response.headers.get('set-cookie') ?? '').split(';')[0];
      csrf = (await response.json()).csrfToken;
    },
    async json(method: string, path: string, body?: unknown, expected = 200, headers: Record<string, string> = {}) {
      const response = await send(method, path, body, headers);
      const text = await response.text();
      expect({ path, status: response.status, text: response.status === expected ? '' : text }).toEqual({ path, status: expected, text: '' });
      return text ? JSON.parse(text) : undefined;
    },
  };
}

describe.runIf(postgresAvailable())('Caseflow on PostgreSQL, walked over HTTP', () => {
  let cluster: PgCluster | undefined;
  let url = '';
  const lines: string[] = [];
  const start = () => startCaseflow(
    loadConfig({
      PORT: '0',
      CASEFLOW_DB: url,
      CASEFLOW_CLOCK: 'manual',
      CASEFLOW_CLOCK_START: START,
      CASEFLOW_ADMIN_PASSWORD: ADMIN_PASSWORD,
      CASEFLOW_SEAL_KEY: 'a'.repeat(64),
      CASEFLOW_CHECKPOINT_INTERVAL: 'off',
      CASEFLOW_UI_DIR: '/nonexistent',
    }),
    createLogger('silent'),
    { say: (line) => lines.push(line) },
  );
  let running: RunningCaseflow | undefined;
  const folder = mkdtempSync(join(tmpdir(), 'caseflow-pg-walk-'));
  const outboxLog = process.env.CASEFLOW_OUTBOX_LOG;

  beforeAll(async () => {
    // The delivery loop reads its channels from the environment; its log goes to this run's folder.
    process.env.CASEFLOW_OUTBOX_LOG = join(folder, 'outbox.log');
    cluster = await startPgCluster();
    url = await cluster.createDatabase();
    running = await start();
  });
  afterAll(async () => {
    await running?.close();
    await cluster?.stop();
    if (outboxLog === undefined) delete process.env.CASEFLOW_OUTBOX_LOG;
    else process.env.CASEFLOW_OUTBOX_LOG = outboxLog;
    rmSync(folder, { recursive: true, force: true });
  });

  it('takes a complaint from registration to closing, and keeps it across a restart', async () => {
    if (!running) throw new Error('The server is not running');
    expect(lines.join('\n')).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+ {2}\(database postgres:\/\/caseflow@127\.0\.0\.1:\d+\/caseflow_/);
    const admin = client(running.url);
    await admin.login('admin', ADMIN_PASSWORD);
    for (const [username, roles] of [['li.agent', ['agent']], ['wang.lead', ['team-lead']]] as const) {
      await admin.json('POST', '/api/users', { username, password: 'a long password 123', roles }, 201);
    }
    const agent = client(running.url);
    await agent.login('li.agent', 'a long password 123');
    const lead = client(running.url);
    await lead.login('wang.lead', 'a long password 123');

    const opened = await agent.json('POST', '/api/cases', { process: 'complaint-handling', data: complaint() }, 201);
    expect(opened).toMatchObject({ state: 'received', revision: 1, assignee: 'li.agent' });
    const moved = await admin.json('POST', '/api/clock/advance', { by: '25h' });
    expect(moved.fired).toBeGreaterThanOrEqual(2);
    const late = await agent.json('GET', `/api/cases/${opened.id}`);
    expect(late.snapshot.data.firstReplyBreached).toBe(true);
    const warning = await agent.json('GET', `/api/cases?parent=${opened.id}`);
    expect(warning.items).toMatchObject([{ processId: 'escalation-warning', state: 'raised' }]);

    const replied = await agent.json('POST', `/api/cases/${opened.id}/events`, { type: 'reply', input: { message: '已核实，将退还多扣费用 We will refund' } }, 200, { 'If-Match': `"${late.revision}"` });
    expect(replied.state).toBe('investigating');
    await agent.json('POST', `/api/cases/${opened.id}/events`, { type: 'propose', input: { type: 'refund', amount: 58 } }, 412, { 'If-Match': `"${late.revision}"` });
    const proposed = await agent.json('POST', `/api/cases/${opened.id}/events`, { type: 'propose', input: { type: 'refund', amount: 58 } });
    expect(proposed.state).toBe('resolution-proposed');
    const resolved = await agent.json('POST', `/api/cases/${opened.id}/events`, { type: 'resolve', input: { handlingOrder: 'HD-2025-0042' } });
    expect(resolved.state).toBe('resolved');
    const closed = await lead.json('POST', `/api/cases/${opened.id}/events`, { type: 'callback', input: { satisfaction: 'satisfied' } });
    expect(closed).toMatchObject({ state: 'closed', status: 'done' });
    expect(await agent.json('GET', `/api/cases/${opened.id}`)).toMatchObject({ state: 'closed', actions: [] });

    const history = await agent.json('GET', `/api/cases/${opened.id}/history`);
    expect(history.events.map((e: { type: string }) => e.type).slice(-4)).toEqual(['reply', 'propose', 'resolve', 'callback']);
    expect(await agent.json('GET', `/api/cases/${opened.id}/replay`)).toMatchObject({ consistent: true, chainValid: true });
    expect((await admin.json('GET', '/api/audit/verify')).valid).toBe(true);
    const found = await agent.json('GET', `/api/cases?search=${encodeURIComponent('张伟')}`);
    expect(found.items.map((item: { id: string }) => item.id)).toContain(opened.id);
    const saved = await lead.json('POST', '/api/filters', { name: '张伟的投诉', query: { search: '张伟' }, sharedRole: 'team-lead' }, 201);
    expect((await lead.json('GET', '/api/filters')).items).toEqual([saved]);
    expect((await agent.json('GET', '/api/filters')).items).toEqual([]);
    const outbox = await admin.json('GET', '/api/outbox');
    expect(outbox.items.length).toBeGreaterThan(0);
    expect(outbox.items.every((item: { id: number; caseId: string }) => typeof item.id === 'number' && typeof item.caseId === 'string')).toBe(true);

    await running.close();
    running = await start();
    const again = client(running.url);
    await again.login('li.agent', 'a long password 123');
    expect(await again.json('GET', `/api/cases/${opened.id}`)).toMatchObject({ state: 'closed', revision: closed.revision });
  });

  it('seals a checkpoint, and the whole-database check names an event changed behind its back', async () => {
    if (!running) throw new Error('The server is not running');
    const admin = client(running.url);
    await admin.login('admin', ADMIN_PASSWORD);
    const checkpoint = await admin.json('POST', '/api/audit/checkpoint', undefined, 201);
    expect(checkpoint.caseCount).toBeGreaterThanOrEqual(2);
    const log = await admin.json('GET', '/api/audit/log?action=audit.checkpoint');
    expect(log.items).toMatchObject([{ action: 'audit.checkpoint', target: `checkpoint ${checkpoint.seq}` }]);
    expect(await admin.json('GET', '/api/audit/verify')).toMatchObject({ valid: true, adminLog: { valid: true } });

    const db = new pg.Client({ connectionString: url });
    await db.connect();
    const changed = await db.query<{ case_id: string; seq: number }>(
      `UPDATE events SET input = '{"message":"nothing to refund"}' WHERE type = 'reply' RETURNING case_id, seq`,
    );
    await db.end();
    const verdict = await admin.json('GET', '/api/audit/verify');
    expect(verdict).toMatchObject({ valid: false, firstBroken: { caseId: changed.rows[0].case_id, seq: changed.rows[0].seq } });
  });

  it('lets the command-line tools add a user and seal a checkpoint on the same database', async () => {
    const lines: string[] = [];
    const io = { out: (line: string) => lines.push(line), err: (line: string) => lines.push(line), env: { CASEFLOW_DB: url, CASEFLOW_SEAL_KEY: 'a'.repeat(64) } };
    expect(await runUser(['add', 'zhao.lead', '--roles', 'team-lead'], io)).toBe(0);
    expect(lines[0]).toBe('Created user zhao.lead with roles team-lead.');
    expect(await runCheckpoint([], io)).toBe(0);
    expect(lines.at(-1)).toMatch(/^Checkpoint \d+: \d+ case head\(s\), admin log at \d+, sealed with key /);
    if (!running) throw new Error('The server is not running');
    const admin = client(running.url);
    await admin.login('admin', ADMIN_PASSWORD);
    const users = await admin.json('GET', '/api/users');
    expect(users.items.map((user: { username: string }) => user.username)).toContain('zhao.lead');
  });
});
