import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complaint } from './harness.js';

const ADMIN_PASSWORD = 'walk-the-complaint-please';
const START = '2025-03-03T01:00:00.000Z';

/** A browser-like client: keeps the session cookie and sends the CSRF token on unsafe methods. */
class Client {
  private cookie = '';
  private csrf = '';

  constructor(private readonly base: string) {}

  async login(username: string, password: string): Promise<void> {
    const response = await this.send('POST', '/api/session', { username, password });
    expect(response.status).toBe(200);
    this.cookie = (response.headers.get('set-cookie') ?? '').split(';')[0];
    this.csrf = (await response.json()).csrfToken;
  }

  send(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    const all: Record<string, string> = { ...headers };
    if (this.cookie) all.Cookie = this.cookie;
    if (method !== 'GET' && this.csrf) all['X-CSRF-Token'] = this.csrf;
    if (body !== undefined) all['Content-Type'] = 'application/json';
    return fetch(this.base + path, { method, headers: all, body: body === undefined ? undefined : JSON.stringify(body) });
  }

  async json(method: string, path: string, body?: unknown, expected = 200, headers: Record<string, string> = {}) {
    const response = await this.send(method, path, body, headers);
    const text = await response.text();
    expect({ path, status: response.status, text: response.status === expected ? '' : text }).toEqual({ path, status: expected, text: '' });
    return text ? JSON.parse(text) : undefined;
  }
}

describe.each(['loop', 'thread'])('npm start, walked over HTTP, case commits written by the %s', (writer) => {
  let server: ChildProcessWithoutNullStreams;
  let base = '';
  let output = '';
  const folder = mkdtempSync(join(tmpdir(), 'caseflow-walk-'));

  beforeAll(async () => {
    server = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      env: {
        ...process.env,
        PORT: '0',
        CASEFLOW_DB: join(folder, 'data', 'caseflow.db'),
        CASEFLOW_CLOCK: 'manual',
        CASEFLOW_CLOCK_START: START,
        CASEFLOW_ADMIN_PASSWORD: ADMIN_PASSWORD,
        CASEFLOW_LOG_LEVEL: 'warn',
        CASEFLOW_UI_DIR: join(folder, 'no-ui'),
        CASEFLOW_SQLITE_WRITER: writer,
      },
    });
    server.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    server.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    base = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 110_000);
      const look = () => {
        const match = /listening on (http:\/\/[^\s]+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      };
      server.stdout.on('data', look);
      server.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
    });
    // Starting compiles TypeScript and publishes five processes: slow on a busy machine.
  }, 120_000);

  afterAll(async () => {
    if (server.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
    rmSync(folder, { recursive: true, force: true });
  });

  it('serves health without a login and refuses the API without one', async () => {
    expect(output).toContain('Created user "admin" with the password from CASEFLOW_ADMIN_PASSWORD.');
    expect((await fetch(`${base}/health`)).status).toBe(200);
    const refused = await fetch(`${base}/api/cases`);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('content-type')).toMatch(/problem\+json/);
  });

  it('takes a complaint from registration to closing, its 24-hour first-reply deadline firing on the manual clock', async () => {
    const admin = new Client(base);
    await admin.login('admin', ADMIN_PASSWORD);
    for (const [username, roles] of [['li.agent', ['agent']], ['wang.lead', ['team-lead']]] as const) {
      await admin.json('POST', '/api/users', { username, password: 'a long password 123', roles }, 201);
    }
    const agent = new Client(base);
    await agent.login('li.agent', 'a long password 123');
    const lead = new Client(base);
    await lead.login('wang.lead', 'a long password 123');

    const opened = await agent.json('POST', '/api/cases', { process: 'complaint-handling', data: complaint() }, 201);
    expect(opened).toMatchObject({ state: 'received', revision: 1, assignee: 'li.agent' });
    const firstReply = opened.deadlines.find((d: { id: string }) => d.id === 'received');
    expect(firstReply.dueAt - Date.parse(START)).toBe(24 * 3_600_000);

    const moved = await admin.json('POST', '/api/clock/advance', { by: '25h' });
    expect(moved.fired).toBeGreaterThanOrEqual(2);
    expect(moved.now).toBe(Date.parse(START) + 25 * 3_600_000);
    const late = await agent.json('GET', `/api/cases/${opened.id}`);
    expect(late.snapshot.data.firstReplyBreached).toBe(true);
    const warning = await agent.json('GET', `/api/cases?parent=${opened.id}`);
    expect(warning.items).toMatchObject([{ processId: 'escalation-warning', state: 'raised' }]);

    const replied = await agent.json('POST', `/api/cases/${opened.id}/events`, { type: 'reply', input: { message: '已核实，将退还多扣费用 We will refund' } }, 200, { 'If-Match': `"${late.revision}"` });
    expect(replied.state).toBe('investigating');
    const proposed = await agent.json('POST', `/api/cases/${opened.id}/events`, { type: 'propose', input: { type: 'refund', amount: 58 } });
    expect(proposed.state).toBe('resolution-proposed');
    const resolved = await agent.json('POST', `/api/cases/${opened.id}/events`, { type: 'resolve', input: { handlingOrder: 'HD-2025-0042' } });
    expect(resolved.state).toBe('resolved');
    const closed = await lead.json('POST', `/api/cases/${opened.id}/events`, { type: 'callback', input: { satisfaction: 'satisfied' } }, 200, { Prefer: 'return=representation' });
    expect(closed).toMatchObject({ state: 'closed', status: 'done', actions: [] });

    const history = await agent.json('GET', `/api/cases/${opened.id}/history`);
    const types = history.events.map((e: { type: string }) => e.type);
    expect(types[0]).toBe('$start');
    expect(types).toContain('$timer');
    expect(types.slice(-4)).toEqual(['reply', 'propose', 'resolve', 'callback']);
    const replay = await agent.json('GET', `/api/cases/${opened.id}/replay`);
    expect(replay).toMatchObject({ consistent: true, chainValid: true });
    expect((await admin.json('GET', '/api/audit/verify')).valid).toBe(true);
  });

  it('stops cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
