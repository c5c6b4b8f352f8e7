/**
 * The administrative audit log: every administrative action through the API and the command line
 * is one hash-chained entry with its actor and target; auditors and admins read, filter and
 * export it; others may not; a changed entry is caught by the whole-database check.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashAdminEntry, type AdminLogEntry } from '../../engine/audit/index.js';
import { GENESIS_HASH } from '../../engine/runtime/hash-chain.js';
import { openSqliteStore } from '../../engine/store/sqlite/index.js';
import type { CommandIo } from '../../server/cli/accounts-db.js';
import { runCheckpoint } from '../../server/cli/checkpoint.js';
import { runToken } from '../../server/cli/token.js';
import { runUnit } from '../../server/cli/unit.js';
import { runUser } from '../../server/cli/user.js';
import { createHarness, PASSWORD, type Harness, type Session } from '../server/harness.js';

const PROCESS = `id: audit-demo
name: Audit demo
roles: [agent]
starters: [agent]
data: { type: object }
initial: open
states:
  open: { on: { close: { roles: [agent], to: closed } } }
  closed: { final: true }
`;

/** The whole log, oldest first. */
async function wholeLog(h: Harness, as: Session): Promise<AdminLogEntry[]> {
  const page: { items: AdminLogEntry[] } = await (await h.call('GET', '/api/audit/log?limit=500', { as })).json();
  return [...page.items].reverse();
}

describe('the administrative audit log over HTTP', () => {
  let h: Harness;
  let admin: Session;
  let auditor: Session;
  let log: AdminLogEntry[];

  beforeAll(async () => {
    h = await createHarness({ users: { root: ['admin'], owner: ['process-owner'], audra: ['auditor'], agent: ['agent'] }, publish: false });
    admin = await h.login('root');
    auditor = await h.login('audra');
    const owner = await h.login('owner');
    const created = await h.call('POST', '/api/users', { as: admin, json: { username: 'li.na', password: 'a long enough password', roles: ['agent'] } });
    expect(created.status).toBe(201);
    const user: { id: string } = await created.json();
    expect((await h.call('PATCH', `/api/users/${user.id}`, { as: admin, json: { roles: ['agent', 'team-lead'] } })).status).toBe(200);
    expect((await h.call('PATCH', `/api/users/${user.id}`, { as: admin, json: { disabled: true, password: 'another long password' } })).status).toBe(200);
    const issued = await (await h.call('POST', '/api/tokens', { as: admin, json: { name: 'crm', user: 'agent' } })).json();
    expect((await h.call('DELETE', `/api/tokens/${issued.id}`, { as: admin })).status).toBe(204);
    expect((await h.call('POST', '/api/processes', { as: owner, body: PROCESS, headers: { 'Content-Type': 'application/yaml' } })).status).toBe(201);
    expect((await h.call('POST', '/api/clock/advance', { as: admin, json: { by: '2h' } })).status).toBe(200);
    log = await wholeLog(h, auditor);
  });
  afterAll(() => h.close());

  it('records each administrative action with its actor and target, in order', () => {
    expect(log.map((e) => [e.action, e.actorName, e.target])).toEqual([
      ['user.create', 'root', 'li.na'],
      ['user.roles', 'root', 'li.na'],
      ['user.disable', 'root', 'li.na'],
      ['user.password', 'root', 'li.na'],
      ['token.create', 'root', log[4].target],
      ['token.revoke', 'root', log[4].target],
      ['process.publish', 'owner', 'audit-demo'],
      ['clock.advance', 'root', 'clock'],
    ]);
    expect(log[1].details).toMatchObject({ from: ['agent'], to: ['agent', 'team-lead'] });
    expect(log[4].details).toMatchObject({ name: 'crm', user: 'agent', roles: ['agent'] });
    expect(log[6].details).toMatchObject({ version: 1 });
    expect(log[7].details).toMatchObject({ by: '2h', ms: 7_200_000 });
    expect(log.every((e) => e.actorId.length > 0)).toBe(true);
  });

  it('chains each entry to the one before it by hash', () => {
    let prevHash = GENESIS_HASH;
    log.forEach((entry, i) => {
      expect(entry.seq).toBe(i + 1);
      expect(entry.prevHash).toBe(prevHash);
      expect(hashAdminEntry(entry.prevHash, entry)).toBe(entry.hash);
      prevHash = entry.hash;
    });
  });

  it('never records a password, a password hash or a token secret', () => {
    const text = JSON.stringify(log);
    expect(text).not.toContain('a long enough password');
    expect(text).not.toContain('another long password');
    expect(text).not.toMatch(/\$argon2/);
    expect(text).not.toMatch(/cf_[A-Za-z0-9_-]{20,}/);
  });

  it('filters by action, actor and period, and pages newest first', async () => {
    const byAction = await (await h.call('GET', '/api/audit/log?action=token.create', { as: auditor })).json();
    expect(byAction.items.map((e: AdminLogEntry) => e.action)).toEqual(['token.create']);
    const byActor = await (await h.call('GET', '/api/audit/log?actor=owner', { as: admin })).json();
    expect(byActor.items.map((e: AdminLogEntry) => e.action)).toEqual(['process.publish']);
    const clockEntry = log[7];
    const later = await (await h.call('GET', `/api/audit/log?from=${clockEntry.at}`, { as: auditor })).json();
    expect(later.items.map((e: AdminLogEntry) => e.seq)).toEqual([clockEntry.seq]);
    const earlier = await (await h.call('GET', `/api/audit/log?to=${clockEntry.at}`, { as: auditor })).json();
    expect(earlier.items).toHaveLength(7);
    const first = await (await h.call('GET', '/api/audit/log?limit=3', { as: auditor })).json();
    expect(first.items.map((e: AdminLogEntry) => e.seq)).toEqual([8, 7, 6]);
    const second = await (await h.call('GET', `/api/audit/log?limit=3&before=${first.nextBefore}`, { as: auditor })).json();
    expect(second.items.map((e: AdminLogEntry) => e.seq)).toEqual([5, 4, 3]);
  });

  it('refuses bad filters with 422 naming each field', async () => {
    const response = await h.call('GET', '/api/audit/log?action=user.explode&from=yesterday&limit=0&format=xml', { as: auditor });
    expect(response.status).toBe(422);
    const problem: { errors: Array<{ field: string }> } = await response.json();
    expect(problem.errors.map((e) => e.field).sort()).toEqual(['action', 'format', 'from', 'limit']);
  });

  it('exports the matching entries as CSV with formulas defused, and as JSON', async () => {
    const csv = await h.call('GET', '/api/audit/log?format=csv', { as: auditor });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('Content-Type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('Content-Disposition')).toMatch(/^attachment; filename="admin-log-\d{8}\.csv"$/);
    const lines = (await csv.text()).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('seq,at,actorId,actorName,action,target,details,prevHash,hash');
    expect(lines).toHaveLength(9);
    expect(lines[1]).toContain(',clock.advance,clock,');

    await h.accounts.createUser({ id: 'u-formula', username: '=HYPERLINK("x")', passwordHash: 'x', roles: [], createdAt: 0, disabled: false, units: [], totpEnabled: false });
    await h.call('PATCH', '/api/users/u-formula', { as: admin, json: { roles: ['agent'] } });
    const defused = (await (await h.call('GET', '/api/audit/log?format=csv&action=user.roles', { as: auditor })).text()).split('\r\n');
    expect(defused[1]).toContain(`"'=HYPERLINK(""x"")"`);

    const json = await h.call('GET', '/api/audit/log?format=json&action=token.revoke', { as: admin });
    expect(json.headers.get('Content-Disposition')).toMatch(/\.json"$/);
    expect((await json.json()).items.map((e: AdminLogEntry) => e.action)).toEqual(['token.revoke']);
  });

  it('is read only by auditors and admins: agents and process owners get 403', async () => {
    for (const name of ['agent', 'owner']) {
      const response = await h.call('GET', '/api/audit/log', { as: await h.login(name) });
      expect({ name, status: response.status }).toEqual({ name, status: 403 });
    }
  });

  it('lets only an admin move the manual clock', async () => {
    const response = await h.call('POST', '/api/clock/advance', { as: await h.login('owner'), json: { by: '1h' } });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ code: 'role-not-allowed' });
  });

  it('verifies the admin log with the case chains, and names a changed entry', async () => {
    const before = await (await h.call('GET', '/api/audit/verify', { as: auditor })).json();
    expect(before).toMatchObject({ valid: true, adminLog: { valid: true, entriesChecked: log.length + 1 } });
    h.store.db.$client.prepare(`UPDATE admin_log SET target = 'someone.else' WHERE seq = 3`).run();
    const after = await (await h.call('GET', '/api/audit/verify', { as: auditor })).json();
    expect(after).toMatchObject({ valid: false, adminLog: { valid: false, entriesChecked: 2, firstBroken: { seq: 3, reason: 'hash does not match the entry (it was changed)' } } });
  });

  it('names an entry removed from the middle of the log', async () => {
    h.store.db.$client.prepare('DELETE FROM admin_log WHERE seq = 2').run();
    const verdict = await (await h.call('GET', '/api/audit/verify', { as: admin })).json();
    expect(verdict.adminLog).toMatchObject({ valid: false, firstBroken: { seq: 3, reason: 'expected entry 2, found 3 (an entry was removed)' } });
  });
});

describe('the administrative audit log from the command line', () => {
  let folder: string;
  let io: CommandIo & { lines: string[] };
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'caseflow-admin-log-'));
    const lines: string[] = [];
    io = { lines, out: (line) => lines.push(line), err: (line) => lines.push(line), env: { CASEFLOW_DB: join(folder, 'caseflow.db') } };
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('records users, tokens and checkpoints changed by caseflow commands, by the operating-system user', async () => {
    expect(await runUser(['add', 'li.na', '--roles', 'agent', '--password', 'a long enough password'], io)).toBe(0);
    expect(await runUser(['disable', 'li.na'], io)).toBe(0);
    expect(await runUser(['enable', 'li.na'], io)).toBe(0);
    expect(await runUser(['password', 'li.na'], io)).toBe(0);
    expect(await runToken(['create', 'crm', '--user', 'li.na'], io)).toBe(0);
    const tokenId = /Created token (\S+)/.exec(io.lines.join('\n'))?.[1] ?? '';
    expect(await runToken(['revoke', tokenId], io)).toBe(0);
    expect(await runCheckpoint([], io)).toBe(0);
    const store = openSqliteStore({ file: join(folder, 'caseflow.db') });
    try {
      const entries = (await store.scanAdminLog(0, 100)).map((e) => [e.action, e.target, e.actorId, e.actorName.startsWith('cli:')]);
      expect(entries).toEqual([
        ['user.create', 'li.na', 'cli', true],
        ['user.disable', 'li.na', 'cli', true],
        ['user.enable', 'li.na', 'cli', true],
        ['user.password', 'li.na', 'cli', true],
        ['token.create', tokenId, 'cli', true],
        ['token.revoke', tokenId, 'cli', true],
        ['audit.checkpoint', 'checkpoint 1', 'cli', true],
      ]);
      expect(io.lines.join('\n')).toMatch(/Checkpoint 1: 0 case head\(s\), admin log at 6, sealed with key [0-9a-f]{16}\./);
    } finally {
      await store.close();
    }
  });

  it('records units and people\'s units changed by caseflow commands', async () => {
    expect(await runUnit(['add', 'north', '--label', '北县 North'], io)).toBe(0);
    expect(await runUnit(['label', 'north', '--label', '北县分公司 North county'], io)).toBe(0);
    expect(await runUser(['units', 'li.na', '--unit', 'north'], io)).toBe(0);
    expect(await runUser(['totp-off', 'li.na'], io)).toBe(0);
    const store = openSqliteStore({ file: join(folder, 'caseflow.db') });
    try {
      const entries = (await store.scanAdminLog(7, 100)).map((e) => [e.action, e.target, e.actorId]);
      expect(entries).toEqual([['unit.create', 'north', 'cli'], ['unit.update', 'north', 'cli'], ['user.units', 'li.na', 'cli'], ['user.totp', 'li.na', 'cli']]);
    } finally {
      await store.close();
    }
  });
});

describe('checkpoints on demand', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ users: { root: ['admin'], audra: ['auditor'] }, publish: false, config: { checkpointWitness: 'webhook' } });
  });
  afterAll(() => h.close());

  it('writes a sealed checkpoint for an admin, records it, sends its seal to the witness and verifies it', async () => {
    const admin = await h.login('root');
    const response = await h.call('POST', '/api/audit/checkpoint', { as: admin });
    expect(response.status).toBe(201);
    const checkpoint: { seq: number; hash: string; seal: string } = await response.json();
    expect(checkpoint).toMatchObject({ seq: 1, hash: expect.stringMatching(/^[0-9a-f]{64}$/), seal: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const auditor = await h.login('audra');
    const [entry] = (await (await h.call('GET', '/api/audit/log?action=audit.checkpoint', { as: auditor })).json()).items;
    expect(entry).toMatchObject({ actorName: 'root', target: 'checkpoint 1' });
    const outbox = await (await h.call('GET', '/api/outbox', { as: admin })).json();
    const notice = outbox.items.find((row: { template: string }) => row.template === 'audit-checkpoint');
    expect(notice).toMatchObject({ channel: 'webhook', caseId: 'audit-checkpoint:1' });
    expect(JSON.parse(notice.body)).toMatchObject({ seq: 1, hash: checkpoint.hash, seal: checkpoint.seal });
    const verdict = await (await h.call('GET', '/api/audit/verify', { as: auditor })).json();
    expect(verdict).toMatchObject({ valid: true, checkpoints: { valid: true, checkpointsChecked: 1, latest: { seq: 1 } } });
  });
});

describe('the organisation directory and self-service in the administrative log', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ users: { root: ['admin'], wang: ['agent'], li: ['agent'], audra: ['auditor'] }, publish: false });
  });
  afterAll(() => h.close());

  it('records units, people\'s units, absences and a person changing their own password', async () => {
    const admin = await h.login('root');
    expect((await h.call('POST', '/api/units', { as: admin, json: { id: 'north-county', label: '北县 North' } })).status).toBe(201);
    expect((await h.call('PATCH', '/api/units/north-county', { as: admin, json: { label: '北县分公司 North county' } })).status).toBe(200);
    for (const name of ['wang', 'li']) expect((await h.call('PATCH', `/api/users/${name}`, { as: admin, json: { units: ['north-county'] } })).status).toBe(200);
    const away = { from: h.clock.now(), until: h.clock.now() + 7 * 86_400_000, delegate: 'wang' };
    const set = await h.call('PUT', '/api/users/li/absence', { as: admin, json: away });
    expect(set.status, await set.clone().text()).toBe(200);
    expect((await h.call('DELETE', '/api/users/li/absence', { as: admin })).status).toBe(204);
    const li = await h.login('li');
    const changed = await h.call('POST', '/api/session/password', { as: li, json: { current: PASSWORD, next: 'lanterns over the harbour at dusk 42' } });
    expect(changed.status, await changed.clone().text()).toBe(200);

    const entries = await wholeLog(h, await h.login('audra'));
    expect(entries.map((e) => [e.action, e.actorName, e.target])).toEqual([
      ['unit.create', 'root', 'north-county'],
      ['unit.update', 'root', 'north-county'],
      ['user.units', 'root', 'wang'],
      ['user.units', 'root', 'li'],
      ['user.absence', 'root', 'li'],
      ['user.absence', 'root', 'li'],
      ['user.password', 'li', 'li'],
    ]);
    expect(entries[3].details).toMatchObject({ from: [], to: ['north-county'] });
    expect(entries[4].details).toMatchObject({ delegate: 'wang', from: away.from, until: away.until });
    expect(entries[5].details).toMatchObject({ cleared: true });
    expect(entries[6].details).toMatchObject({ self: true });
    expect(JSON.stringify(entries)).not.toContain('lanterns over the harbour');
  });
});
