/**
 * `caseflow copy`: a SQLite database filled through the engine and the API (several processes,
 * fired and pending timers, outbox rows, notices, accounts, a token, a saved filter, the admin log
 * and a sealed checkpoint) copied into a throw-away PostgreSQL cluster, then served from there:
 * same rows and events, chains valid, people log in, cases move on, timers fire.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCheckpoint } from '../../engine/audit/checkpoint.js';
import type { EventRecord } from '../../engine/runtime/store.js';
import { openStore } from '../../engine/store/open-store.js';
import { openSqliteStores } from '../../engine/store/sqlite/index.js';
import { openCaseflow } from '../../server/bootstrap.js';
import { runCheckpoint } from '../../server/cli/checkpoint.js';
import { runCopy } from '../../server/cli/copy.js';
import { loadConfig } from '../../server/config.js';
import { createLogger } from '../../server/log.js';
import { postgresAvailable, startPgCluster, type PgCluster } from '../support/pg-cluster.js';
import { complaint, createHarness, PASSWORD } from './harness.js';

const SEAL = 'c'.repeat(64);
const HOUR = 3_600_000;

/** A command's output lines, and the environment it runs with. */
function commandIo() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (line: string) => out.push(line), err: (line: string) => err.push(line), env: { CASEFLOW_SEAL_KEY: SEAL } } };
}

/** The counts table of a copy's output: table -> [from, to]. */
function counts(lines: string[]): Map<string, [number, number]> {
  const found = new Map<string, [number, number]>();
  for (const line of lines) {
    const match = /^([a-z_]+)\s+(\d+)\s+(\d+)(\s+MISMATCH)?$/.exec(line);
    if (match) found.set(match[1], [Number(match[2]), Number(match[3])]);
  }
  return found;
}

/** Rows of each table named, read straight from PostgreSQL. */
async function rowCounts(url: string, tables: string[]): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result: Record<string, number> = {};
    for (const table of tables) result[table] = Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
    return result;
  } finally {
    await client.end();
  }
}

describe.runIf(postgresAvailable())('caseflow copy: a SQLite database into PostgreSQL', () => {
  let cluster: PgCluster | undefined;
  const folder = mkdtempSync(join(tmpdir(), 'caseflow-copy-'));
  const file = join(folder, 'caseflow.db');
  let url = '';
  let clockAt = 0;
  let token = '';
  let pendingCase = '';
  let zhouCookie = '';
  const caseIds: string[] = [];

  beforeAll(async () => {
    const h = await createHarness({ config: { dbFile: file, sealKey: SEAL } });
    try {
      const agent = await h.login('agent');
      const lead = await h.login('team-lead');
      const admin = await h.login('admin');
      const open = async (data: Record<string, unknown>, process = 'complaint-handling', as = agent) => {
        const response = await h.call('POST', '/api/cases', { as, json: { process, data } });
        expect(response.status, await response.clone().text()).toBe(201);
        const id: string = (await response.json()).id;
        caseIds.push(id);
        return id;
      };
      const first = await open(complaint('张伟 Zhang Wei'));
      await open(complaint('李娜 Li Na'));
      const replied = await h.call('POST', `/api/cases/${first}/events`, { as: agent, json: { type: 'reply', input: { message: '已核实 checked' } } });
      expect(replied.status, await replied.clone().text()).toBe(200);
      await open({ customer: { name: '客户R', phone: '13900000000', tier: 'star-3' }, unit: 'east-district' }, 'customer-callback', lead);
      const appointment = await h.engine.createCase({
        process: 'appointment-confirmation',
        data: { customer: { name: '王芳', phone: '13900000001' }, subject: '浙B·12345', serviceType: 'minor-repair' },
        actor: { id: 'agent', roles: ['agent'] },
      });
      caseIds.push(appointment.id);
      // The first-reply deadlines fall due: warnings open as child cases, messages go to the outbox.
      expect(await h.engine.advanceClock(25 * HOUR)).toBeGreaterThan(0);
      pendingCase = await open(complaint('赵强 Zhao Qiang'));
      const unit = await h.call('POST', '/api/units', { as: admin, json: { id: 'east-district', label: '东城区分公司 East district' } });
      expect(unit.status, await unit.clone().text()).toBe(201);
      const person = await h.call('POST', '/api/users', { as: admin, json: { username: 'zhou', password: PASSWORD, roles: ['agent'], units: ['east-district'] } });
      expect(person.status, await person.clone().text()).toBe(201);
      // Given to someone else, the case leaves a notice for them.
      await h.engine.assign(pendingCase, 'zhou', { id: 'team-lead', roles: ['team-lead'] }, '熟悉客户 knows the customer');
      zhouCookie = (await h.login('zhou')).cookie;
      const issued = await h.call('POST', '/api/tokens', { as: admin, json: { name: 'call centre', user: 'team-lead', roles: ['team-lead'] } });
      expect(issued.status, await issued.clone().text()).toBe(201);
      token = (await issued.json()).token;
      const saved = await h.call('POST', '/api/filters', { as: lead, json: { name: '赵强的投诉', query: { search: '赵强' } } });
      expect(saved.status, await saved.clone().text()).toBe(201);
      clockAt = h.clock.now();
    } finally {
      await h.close();
    }
    const checkpoint = commandIo();
    expect(await runCheckpoint([], { ...checkpoint.io, env: { CASEFLOW_DB: file, CASEFLOW_SEAL_KEY: SEAL } })).toBe(0);
    cluster = await startPgCluster();
    url = await cluster.createDatabase();
  });

  afterAll(async () => {
    await cluster?.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('copies every table, a batch at a time, and finds the counts equal and the chains valid', async () => {
    const { out, err, io } = commandIo();
    expect(await runCopy(['--from', file, '--to', url, '--batch', '7'], io), err.join('\n')).toBe(0);
    expect(err).toEqual([]);
    const table = counts(out);
    for (const name of ['process_versions', 'org_units', 'cases', 'case_roles', 'events', 'timers', 'outbox', 'notices', 'users', 'sessions', 'api_tokens', 'saved_filters', 'admin_log', 'audit_checkpoints', 'checkpoint_heads']) {
      const [from, to] = table.get(name) ?? [0, -1];
      expect({ name, from: from > 0, to }).toEqual({ name, from: true, to: from });
    }
    expect(out).toContain(`events: ${table.get('events')?.[0]}/${table.get('events')?.[0]} rows`);
    expect(out.find((line) => line.startsWith('Chain check of the copy:'))).toMatch(/^Chain check of the copy: VALID: \d+ case\(s\), \d+ event\(s\); admin log valid \(\d+ entries\); checkpoints valid \(1\)$/);
    expect(await rowCounts(url, ['timers'])).toEqual({ timers: table.get('timers')?.[0] });
  });

  it('refuses a second copy into the same database and changes nothing', async () => {
    const tables = ['cases', 'events', 'timers', 'outbox', 'users', 'admin_log'];
    const before = await rowCounts(url, tables);
    const { out, err, io } = commandIo();
    expect(await runCopy(['--from', file, '--to', url], io)).toBe(1);
    expect(err.join('\n')).toMatch(/already holds rows in process_versions \(\d+\), .*cases \(\d+\).*nothing was copied.*--replace/);
    expect(out.some((line) => line.startsWith('Chain check'))).toBe(false);
    expect(await rowCounts(url, tables)).toEqual(before);
  });

  it('holds the same cases, events and pending timers as the source, byte for byte', async () => {
    const source = openSqliteStores({ file, readonly: true });
    const target = await openStore({ db: url });
    try {
      let compared = 0;
      let after: { caseId: string; seq: number } | undefined;
      for (;;) {
        const page: EventRecord[] = await source.store.scanEvents(after, 500);
        const copied = await target.store.scanEvents(after, 500);
        expect(copied).toEqual(page);
        compared += page.length;
        if (page.length < 500) break;
        after = { caseId: page[page.length - 1].caseId, seq: page[page.length - 1].seq };
      }
      expect(compared).toBeGreaterThan(5);
      for (const id of new Set([...caseIds, ...(await source.store.queryCases({ limit: 100 })).items.map((c) => c.id)])) {
        expect(await target.store.getCase(id)).toEqual(await source.store.getCase(id));
        expect(await target.store.pendingTimers(id)).toEqual(await source.store.pendingTimers(id));
      }
      expect((await target.store.pendingTimers(pendingCase)).length).toBeGreaterThan(0);
      expect(await target.store.dueOutbox(clockAt + 1000 * HOUR, 1000)).toEqual(await source.store.dueOutbox(clockAt + 1000 * HOUR, 1000));
    } finally {
      await source.close();
      await target.close();
    }
  });

  it('serves the copy: people log in, tokens work, cases move on and their timers fire', async () => {
    const config = loadConfig({
      CASEFLOW_DB: url, CASEFLOW_CLOCK: 'manual', CASEFLOW_CLOCK_START: new Date(clockAt).toISOString(),
      CASEFLOW_SEAL_KEY: SEAL, CASEFLOW_CHECKPOINT_INTERVAL: 'off', CASEFLOW_UI_DIR: '/nonexistent',
    });
    const caseflow = await openCaseflow(config, createLogger('silent'));
    try {
      const { app, engine } = caseflow;
      const login = await app.request('/api/session', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'zhou', password: PASSWORD }) });
      expect(login.status).toBe(200);
      const cookie = (login.headers.get('Set-Cookie') ?? '').split(';')[0];
      const { csrfToken } = await login.json();
      expect((await app.request('/api/cases', { headers: { Authorization: `Bearer ${token}` } })).status).toBe(200);
      // A session signed in before the copy goes on after it.
      expect(await (await app.request('/api/me', { headers: { Cookie: zhouCookie } })).json()).toMatchObject({ user: { username: 'zhou' } });

      for (const id of caseIds) expect(await engine.replay(id)).toMatchObject({ consistent: true, chainValid: true });
      const head = (await engine.history(pendingCase)).at(-1);
      const replied = await app.request(`/api/cases/${pendingCase}/events`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Cookie: cookie, 'X-CSRF-Token': csrfToken },
        body: JSON.stringify({ type: 'reply', input: { message: '已核实 checked on the copy' } }),
      });
      expect(replied.status, await replied.clone().text()).toBe(200);
      const next = (await engine.history(pendingCase)).at(-1);
      expect(next).toMatchObject({ seq: (head?.seq ?? 0) + 1, prevHash: head?.hash, type: 'reply' });

      const pending = await engine.timers(pendingCase);
      expect(pending.length).toBeGreaterThan(0);
      expect(await engine.advanceClock(Math.min(...pending.map((timer) => timer.dueAt)) - clockAt + 60_000)).toBeGreaterThan(0);
      expect((await engine.history(pendingCase)).some((event) => event.timer !== undefined)).toBe(true);

      // The events written on the copy number on from the copied ones: a new checkpoint lists exactly them.
      const sealed = await writeCheckpoint(caseflow.store, caseflow.sealKey, engine.clock);
      expect(sealed?.caseCount).toBeGreaterThan(0);
      expect(await engine.verifyAll()).toMatchObject({ valid: true, adminLog: { valid: true }, checkpoints: { valid: true, checkpointsChecked: 2 } });
    } finally {
      await caseflow.close();
    }
  });

  it('stops before writing anything when the source has a table the copy does not handle', async () => {
    const extended = join(folder, 'extended.db');
    copyFileSync(file, extended);
    const db = new Database(extended);
    db.exec('CREATE TABLE complaint_photos (case_id TEXT NOT NULL, photo TEXT NOT NULL)');
    db.close();
    const fresh = await cluster?.createDatabase() ?? '';
    const { err, io } = commandIo();
    expect(await runCopy(['--from', extended, '--to', fresh], io)).toBe(1);
    expect(err.join('\n')).toContain('the SQLite table complaint_photos is not handled by the copy');
    expect(await rowCounts(fresh, ['process_versions', 'cases', 'users'])).toEqual({ process_versions: 0, cases: 0, users: 0 });
  });

  it('copies a tampered chain as it is, and says so with exit code 1', async () => {
    const tampered = join(folder, 'tampered.db');
    copyFileSync(file, tampered);
    const db = new Database(tampered);
    const changed = db.prepare<[], { case_id: string; seq: number }>(
      `UPDATE events SET input = '{"message":"nothing to refund"}' WHERE type = 'reply' RETURNING case_id, seq`,
    ).all();
    db.close();
    expect(changed).toHaveLength(1);
    const { out, io } = commandIo();
    expect(await runCopy(['--from', tampered, '--to', await cluster?.createDatabase() ?? ''], io)).toBe(1);
    expect(out.find((line) => line.startsWith('Chain check of the copy:'))).toContain(`BROKEN: `);
    expect(out.find((line) => line.startsWith('Chain check of the copy:'))).toContain(`first broken: case ${changed[0].case_id} event ${changed[0].seq}`);
  });

  it('copies again over a used database with --replace', async () => {
    const { out, err, io } = commandIo();
    expect(await runCopy(['--from', file, '--to', url, '--replace'], io), err.join('\n')).toBe(0);
    const table = counts(out);
    expect(await rowCounts(url, ['events', 'timers'])).toEqual({ events: table.get('events')?.[0], timers: table.get('timers')?.[0] });
    expect(out.find((line) => line.startsWith('Chain check of the copy:'))).toMatch(/VALID/);
  });
});
