import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openCaseflow } from '../../server/bootstrap.js';
import type { CommandIo } from '../../server/cli/accounts-db.js';
import { COMMANDS, main } from '../../server/cli/index.js';
import { runToken } from '../../server/cli/token.js';
import { runOrg, runUnit } from '../../server/cli/unit.js';
import { guardedRun, runUser } from '../../server/cli/user.js';
import { loadConfig } from '../../server/config.js';
import { silentLogger } from '../../server/log.js';

describe('caseflow user and token', () => {
  let folder: string;
  let io: CommandIo & { lines: string[]; errors: string[] };
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'caseflow-cli-'));
    const lines: string[] = [];
    const errors: string[] = [];
    io = { lines, errors, out: (line) => lines.push(line), err: (line) => errors.push(line), env: { CASEFLOW_DB: join(folder, 'caseflow.db') } };
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  /** Calls the API of a server opened on the same database. */
  async function me(token: string): Promise<number> {
    const caseflow = await openCaseflow({ ...loadConfig(io.env), uiDir: join(folder, 'no-ui') }, silentLogger);
    try {
      return (await caseflow.app.request('/api/me', { headers: { Authorization: `Bearer ${token}` } })).status;
    } finally {
      await caseflow.close();
    }
  }

  it('is listed by the caseflow command', () => {
    expect(Object.keys(COMMANDS)).toEqual(expect.arrayContaining(['validate', 'user', 'token', 'unit', 'org']));
  });

  it('prints the full usage of a command for --help and exits 0', async () => {
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      expect(await main(['user', '--help'])).toBe(0);
      expect(await main(['token', '-h'])).toBe(0);
      expect(write.mock.calls.map(([text]) => String(text)).join('')).toMatch(/caseflow user password <name>[\s\S]*caseflow token revoke <id>/);
    } finally {
      write.mockRestore();
    }
  });

  it('adds a user with a generated password shown once, and lists it', async () => {
    expect(await runUser(['add', 'li.na', '--roles', 'agent,team-lead'], io)).toBe(0);
    expect(io.lines[0]).toBe('Created user li.na with roles agent, team-lead.');
    expect(io.lines[1]).toMatch(/^Password \(shown once\): \S{20}$/);
    io.lines.length = 0;
    expect(await runUser(['list'], io)).toBe(0);
    expect(io.lines[1]).toMatch(/^li\.na\s+agent,team-lead\s+.*active$/);
  });

  it('refuses an unknown role and a taken name with exit code 1 and one line', async () => {
    expect(await guardedRun(() => runUser(['add', 'bob', '--roles', 'wizard'], io), io)).toBe(1);
    expect(io.errors).toEqual(["caseflow: The user cannot be created: roles unknown role 'wizard'."]);
    await runUser(['add', 'bob', '--roles', 'agent', '--password', 'a long password of his'], io);
    expect(await guardedRun(() => runUser(['add', 'BOB', '--roles', 'agent'], io), io)).toBe(1);
    expect(io.errors[1]).toMatch(/taken/);
  });

  it('prints usage and exits 2 for a missing action', async () => {
    expect(await runUser([], io)).toBe(2);
    expect(io.errors[0]).toMatch(/^usage: caseflow user add/);
    expect(await runToken(['create'], io)).toBe(2);
  });

  it('creates a token the API accepts, and revokes it so the API refuses it', async () => {
    await runUser(['add', 'crm', '--roles', 'agent', '--password', 'call centre system key'], io);
    expect(await runToken(['create', 'call centre', '--user', 'crm'], io)).toBe(0);
    const token = /: (cf_\S+)$/.exec(io.lines.at(-1) ?? '')?.[1] ?? '';
    const id = /Created token (\S+)/.exec(io.lines.at(-2) ?? '')?.[1] ?? '';
    expect(token).toMatch(/^cf_/);
    expect(await me(token)).toBe(200);
    expect(await runToken(['revoke', id], io)).toBe(0);
    expect(await me(token)).toBe(401);
    io.lines.length = 0;
    await runToken(['list'], io);
    expect(io.lines[1]).toMatch(/call centre\s+crm\s+agent\s+\d{4}-\d\d-\d\d \d\d:\d\d\s+revoked/);
  });

  it('disables a user so their tokens stop working, and enables them again', async () => {
    await runUser(['add', 'crm', '--roles', 'agent', '--password', 'call centre system key'], io);
    await runToken(['create', 'bot', '--user', 'crm'], io);
    const token = /: (cf_\S+)$/.exec(io.lines.at(-1) ?? '')?.[1] ?? '';
    expect(await runUser(['disable', 'crm'], io)).toBe(0);
    expect(await me(token)).toBe(401);
    expect(await runUser(['enable', 'crm'], io)).toBe(0);
    expect(await me(token)).toBe(200);
  });

  it('adds units and lists them with how many people each has', async () => {
    expect(await runUnit(['add', 'east-district', '--label', '东城区分公司 East district'], io)).toBe(0);
    expect(io.lines[0]).toBe('Created unit east-district (东城区分公司 East district).');
    expect(await guardedRun(() => runUnit(['add', 'East District', '--label', 'x'], io), io)).toBe(1);
    expect(io.errors[0]).toMatch(/kebab-case/);
    expect(await guardedRun(() => runUnit(['add', 'east-district', '--label', 'again'], io), io)).toBe(1);
    expect(await runUnit(['label', 'east-district', '--label', '东城 East'], io)).toBe(0);
    await runUser(['add', 'li.na', '--roles', 'agent', '--unit', 'east-district'], io);
    io.lines.length = 0;
    expect(await runUnit(['list'], io)).toBe(0);
    expect(io.lines[1]).toMatch(/^east-district\s+1\s+东城 East$/);
    expect(io.lines[2]).toBe('city-level roles: cs-director, general-manager; supervisor roles: team-lead, center-manager');
    expect(await runUnit(['add'], io)).toBe(2);
  });

  it('adds a user with units, a display name and an email, and changes their units', async () => {
    await runUnit(['add', 'east-district', '--label', '东城区分公司 East district'], io);
    await runUnit(['add', 'west-district', '--label', '西城区分公司 West district'], io);
    expect(await runUser(['add', 'li.na', '--roles', 'agent', '--unit', 'east-district', '--unit', 'west-district', '--name', '李娜', '--email', 'li.na@example.com'], io)).toBe(0);
    expect(io.lines[2]).toBe('Created user li.na with roles agent in east-district, west-district.');
    expect(await guardedRun(() => runUser(['add', 'wang', '--roles', 'agent', '--unit', 'atlantis'], io), io)).toBe(1);
    expect(io.errors[0]).toMatch(/unknown unit 'atlantis'/);
    expect(await runUser(['units', 'li.na', '--unit', 'west-district'], io)).toBe(0);
    expect(io.lines.at(-1)).toBe('li.na is now in west-district.');
    expect(await runUser(['units', 'li.na', '--unit', ''], io)).toBe(0);
    expect(io.lines.at(-1)).toBe('li.na is now in no unit.');
    expect(await guardedRun(() => runUser(['units', 'li.na'], io), io)).toBe(1);
  });

  it('exports the directory as YAML and imports a file all or nothing', async () => {
    await runUnit(['add', 'east-district', '--label', '东城区分公司 East district'], io);
    io.lines.length = 0;
    expect(await runOrg(['export'], io)).toBe(0);
    const yaml = io.lines.join('\n');
    expect(yaml).toContain('- id: east-district\n    label: 东城区分公司 East district');
    const file = join(folder, 'org.yaml');
    writeFileSync(file, `${yaml.replace('supervisorRoles:', 'supervisorRoles:\n  - quality-inspector')}\n`.replace('units:', 'units:\n  - id: hq\n    label: 总部 Headquarters'));
    expect(await runOrg(['import', file], io)).toBe(0);
    expect(io.lines.at(-1)).toBe('Imported 2 unit(s); city-level roles cs-director, general-manager; supervisor roles quality-inspector, team-lead, center-manager.');
    writeFileSync(file, 'units:\n  - id: hq\n    label: ""\ncityRoles: [wizard]\n');
    expect(await guardedRun(() => runOrg(['import', file], io), io)).toBe(1);
    expect(io.errors[0]).toMatch(/org\.yaml: The directory has 2 problem\(s\)[\s\S]*units\[0\]\.label[\s\S]*cityRoles: unknown role 'wizard'/);
    io.lines.length = 0;
    await runUnit(['list'], io);
    expect(io.lines.slice(1, 3).map((line) => line.split(/\s+/)[0])).toEqual(['east-district', 'hq']);
    expect(await runOrg(['import'], io)).toBe(2);
  });
});
