import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryAccountStore } from '../../engine/accounts/memory-store.js';
import { peopleDirectory } from '../../server/auth/people-directory.js';
import { enforcedScope, inScope, managesPerson, scopeOf } from '../../server/auth/scope.js';
import { absenceAt } from '../../server/auth/users.js';
import { createHarness, PASSWORD, type Harness, type Session } from './harness.js';

const directory = { cityRoles: ['cs-director', 'general-manager'], supervisorRoles: ['team-lead', 'center-manager'] };
const DAY = 86_400_000;

describe('scopeOf', () => {
  it('gives city-level roles, auditors and admins every unit, and everyone else their own', () => {
    for (const roles of [['cs-director'], ['general-manager', 'agent'], ['auditor'], ['admin']]) expect(scopeOf({ roles, units: [] }, directory)).toEqual({ all: true });
    expect(scopeOf({ roles: ['agent', 'team-lead'], units: ['east-district'] }, directory)).toEqual({ all: false, units: ['east-district'] });
    expect(scopeOf({ roles: ['cs-director'], units: [] }, { cityRoles: [] })).toEqual({ all: false, units: [] });
    expect(inScope({ all: false, units: ['east-district'] }, 'west-district')).toBe(false);
  });

  it('is not enforced while the directory keeps no units', () => {
    const agent = { roles: ['agent'], units: [] };
    expect(enforcedScope(agent, { ...directory, units: [] })).toBeUndefined();
    expect(enforcedScope(agent, { ...directory, units: [{ id: 'east-district', label: 'East' }] })).toEqual({ all: false, units: [] });
  });

  it('lets a supervisor manage the people of their units only, and anyone manage themselves', () => {
    const lead = { id: 'l', roles: ['team-lead'], units: ['east-district'] };
    expect(managesPerson(lead, { id: 'a', roles: ['agent'], units: ['east-district', 'hq'] }, directory)).toBe(true);
    expect(managesPerson(lead, { id: 'b', roles: ['agent'], units: ['west-district'] }, directory)).toBe(false);
    expect(managesPerson({ id: 'a', roles: ['agent'], units: ['east-district'] }, { id: 'c', roles: ['agent'], units: ['east-district'] }, directory)).toBe(false);
    expect(managesPerson({ id: 'a', roles: ['agent'], units: [] }, { id: 'a', roles: ['agent'], units: [] }, directory)).toBe(true);
  });
});

describe('absenceAt', () => {
  it('tells the absence in force at a time, from its start up to its end', () => {
    const absence = { from: 100, until: 200, delegateId: 'u2' };
    expect(absenceAt({ absence }, 99)).toBeUndefined();
    expect(absenceAt({ absence }, 100)).toBe(absence);
    expect(absenceAt({ absence }, 199)).toBe(absence);
    expect(absenceAt({ absence }, 200)).toBeUndefined();
    expect(absenceAt({}, 150)).toBeUndefined();
  });
});

describe('the organisation directory and people over HTTP', () => {
  let h: Harness;
  const as: Record<string, Session> = {};
  const id: Record<string, string> = {};
  beforeAll(async () => {
    h = await createHarness({
      publish: false,
      users: { admin: ['admin'], audrey: ['auditor'], director: ['cs-director'], east_lead: ['team-lead'], west_lead: ['team-lead'], li_na: ['agent'], wang: ['agent'], zhou: ['agent'], chen: ['agent'], nobody: ['agent'] },
    });
    await h.accounts.createUnit({ id: 'east-district', label: '东城区分公司 East district' });
    await h.accounts.createUnit({ id: 'west-district', label: '西城区分公司 West district' });
    const placed: Record<string, string[]> = { east_lead: ['east-district'], west_lead: ['west-district'], li_na: ['east-district'], wang: ['east-district'], zhou: ['west-district'], chen: ['east-district'] };
    for (const user of await h.accounts.listUsers()) {
      id[user.username] = user.id;
      if (placed[user.username]) await h.accounts.updateUser(user.id, { units: placed[user.username] });
    }
    for (const name of Object.keys(id)) as[name] = await h.login(name);
  });
  afterAll(() => h.close());

  describe('units', () => {
    it('are read by anyone signed in, with the city-level and supervisor roles', async () => {
      const answer = await h.call('GET', '/api/units', { as: as.li_na });
      expect(answer.status).toBe(200);
      expect(await answer.json()).toEqual({
        units: [{ id: 'east-district', label: '东城区分公司 East district' }, { id: 'west-district', label: '西城区分公司 West district' }],
        cityRoles: ['cs-director', 'general-manager'],
        supervisorRoles: ['team-lead', 'center-manager'],
      });
      expect((await h.call('GET', '/api/units')).status).toBe(401);
    });

    it('are added by an administrator; a bad id is 422, a taken one 409, anyone else 403', async () => {
      const created = await h.call('POST', '/api/units', { as: as.admin, json: { id: 'north-county', label: '北县分公司 North county' } });
      expect(created.status).toBe(201);
      expect(created.headers.get('Location')).toBe('/api/units/north-county');
      const bad = await h.call('POST', '/api/units', { as: as.admin, json: { id: 'North County', label: '' } });
      expect(bad.status).toBe(422);
      expect((await bad.json()).errors.map((e: { field: string }) => e.field)).toEqual(['id', 'label']);
      expect((await h.call('POST', '/api/units', { as: as.admin, json: { id: 'north-county', label: 'again' } })).status).toBe(409);
      expect((await h.call('POST', '/api/units', { as: as.east_lead, json: { id: 'south', label: 'South' } })).status).toBe(403);
    });

    it('are relabelled by an administrator, keep their id, and an unknown one is 404', async () => {
      const changed = await h.call('PATCH', '/api/units/north-county', { as: as.admin, json: { label: '北县 North' } });
      expect(await changed.json()).toEqual({ id: 'north-county', label: '北县 North' });
      const renamed = await h.call('PATCH', '/api/units/north-county', { as: as.admin, json: { id: 'north', label: 'x' } });
      expect(renamed.status).toBe(422);
      expect((await renamed.json()).errors).toEqual([expect.objectContaining({ field: 'id' })]);
      expect((await h.call('PATCH', '/api/units/nowhere', { as: as.admin, json: { label: 'x' } })).status).toBe(404);
    });
  });

  describe('the directory as YAML', () => {
    it('is exported for an administrator and an auditor, and imported back unchanged', async () => {
      const exported = await h.call('GET', '/api/org', { as: as.audrey });
      expect(exported.headers.get('Content-Type')).toMatch(/^application\/yaml/);
      const yaml = await exported.text();
      expect(yaml).toContain('label: 东城区分公司 East district');
      expect(yaml).toMatch(/cityRoles:\n {2}- cs-director/);
      const before = await h.accounts.getDirectory();
      const imported = await h.call('PUT', '/api/org', { as: as.admin, body: yaml, headers: { 'Content-Type': 'application/yaml' } });
      expect(imported.status).toBe(200);
      expect(await h.accounts.getDirectory()).toEqual(before);
    });

    it('refuses a file with problems with 422 listing each, all or nothing', async () => {
      const before = await h.accounts.getDirectory();
      const yaml = [
        'units:',
        '  - { id: east-district, label: 东城 East }',
        '  - { id: west-district, label: 西城 West }',
        '  - { id: Bad_Id, label: x }',
        '  - { id: west-district, label: again }',
        '  - { id: south, label: 南 South, parent: hq }',
        'cityRoles: [wizard]',
        'supervisorRoles: [team-lead]',
        'colour: blue',
      ].join('\n');
      const refused = await h.call('PUT', '/api/org', { as: as.admin, body: yaml, headers: { 'Content-Type': 'application/yaml' } });
      expect(refused.status).toBe(422);
      const problem = await refused.json();
      expect(problem.errors.map((e: { field: string }) => e.field)).toEqual(['colour', 'units[2].id', 'units[3].id', 'units[4].parent', 'cityRoles']);
      expect(problem.errors[2].message).toMatch(/listed twice/);
      expect(await h.accounts.getDirectory()).toEqual(before);
    });

    it('refuses to leave out a unit people belong to, naming them', async () => {
      const refused = await h.call('PUT', '/api/org', { as: as.admin, body: 'units: [{ id: west-district, label: 西城 West }]\ncityRoles: []\nsupervisorRoles: [team-lead]', headers: { 'Content-Type': 'application/yaml' } });
      expect(refused.status).toBe(422);
      expect((await refused.json()).detail).toMatch(/east-district \(east_lead\)/);
    });

    it('refuses YAML that is not YAML, and a body that is neither YAML nor JSON', async () => {
      const broken = await h.call('PUT', '/api/org', { as: as.admin, body: 'units: [unclosed', headers: { 'Content-Type': 'application/yaml' } });
      expect(broken.status).toBe(422);
      expect((await broken.json()).detail).toMatch(/not valid YAML/);
      expect((await h.call('PUT', '/api/org', { as: as.admin, body: '<units/>', headers: { 'Content-Type': 'application/xml' } })).status).toBe(415);
      expect((await h.call('PUT', '/api/org', { as: as.director, body: 'units: []', headers: { 'Content-Type': 'application/yaml' } })).status).toBe(403);
    });
  });

  describe('users', () => {
    it('are created with units, a display name and an email; an unknown unit or a bad email is 422 naming it', async () => {
      const created = await h.call('POST', '/api/users', {
        as: as.admin,
        json: { username: 'li.lei', password: 'plum orchard at dusk 47', roles: ['agent'], units: ['east-district'], displayName: '李雷', email: 'li.lei@example.com' },
      });
      expect(created.status).toBe(201);
      expect(await created.json()).toMatchObject({ username: 'li.lei', units: ['east-district'], displayName: '李雷', email: 'li.lei@example.com' });
      const bad = await h.call('POST', '/api/users', { as: as.admin, json: { username: 'han', password: 'plum orchard at dusk 47', roles: ['agent'], units: ['east-district', 'atlantis'], email: 'han at example' } });
      expect(bad.status).toBe(422);
      expect((await bad.json()).errors).toEqual([
        { field: 'units', message: "unknown unit 'atlantis'" },
        { field: 'email', message: expect.stringContaining('mail address') },
      ]);
      expect(await h.accounts.findUserByUsername('han')).toBeUndefined();
    });

    it('change units, name and email through PATCH; null clears the name', async () => {
      const changed = await h.call('PATCH', '/api/users/li.lei', { as: as.admin, json: { units: ['east-district', 'west-district'], displayName: null, email: 'lei@example.com' } });
      expect(changed.status).toBe(200);
      const body = await changed.json();
      expect(body).toMatchObject({ units: ['east-district', 'west-district'], email: 'lei@example.com' });
      expect(body.displayName).toBeUndefined();
      const unknown = await h.call('PATCH', '/api/users/li.lei', { as: as.admin, json: { units: ['nowhere'] } });
      expect((await unknown.json()).errors).toEqual([{ field: 'units', message: "unknown unit 'nowhere'" }]);
      expect((await h.call('PATCH', '/api/users/li.lei', { as: as.east_lead, json: { units: [] } })).status).toBe(403);
    });

    it('are listed to each caller as far as their scope reaches', async () => {
      const names = async (who: string) => ((await (await h.call('GET', '/api/users', { as: as[who] })).json()).items as Array<{ username: string }>).map((u) => u.username);
      expect(await names('east_lead')).toEqual(['chen', 'east_lead', 'li.lei', 'li_na', 'wang']);
      expect(await names('zhou')).toEqual(['li.lei', 'west_lead', 'zhou']);
      expect(await names('nobody')).toEqual(['nobody']);
      for (const wide of ['admin', 'audrey', 'director']) expect(await names(wide)).toContain('zhou');
      expect((await h.call('GET', '/api/users/zhou', { as: as.east_lead })).status).toBe(404);
      expect((await h.call('GET', '/api/users/wang', { as: as.east_lead })).status).toBe(200);
    });

    it('answer GET /api/me with units, scope and absence', async () => {
      const me = await (await h.call('GET', '/api/me', { as: as.li_na })).json();
      expect(me).toMatchObject({ user: { username: 'li_na', units: ['east-district'] }, scope: { all: false, units: ['east-district'] }, supervisor: false });
      const director = await (await h.call('GET', '/api/me', { as: as.director })).json();
      expect(director).toMatchObject({ scope: { all: true }, supervisor: true });
    });
  });

  describe('absences', () => {
    const away = (who: string, target: string, json: Record<string, unknown>) => h.call('PUT', `/api/users/${target}/absence`, { as: as[who], json });
    const week = () => ({ from: h.clock.now(), until: h.clock.now() + 7 * DAY, delegate: 'wang', reason: '年假 Annual leave' });

    it('are set by the person themselves and shown with the delegate\'s name', async () => {
      const answer = await away('li_na', 'li_na', week());
      expect(answer.status).toBe(200);
      expect(await answer.json()).toMatchObject({ username: 'li_na', absence: { delegateId: id.wang, delegate: 'wang', reason: '年假 Annual leave' } });
      const me = await (await h.call('GET', '/api/me', { as: as.li_na })).json();
      expect(me.user.absence).toMatchObject({ delegate: 'wang', until: h.clock.now() + 7 * DAY });
      expect((await h.accounts.listUsersWithRole('agent')).find((u) => u.username === 'li_na')?.absence?.delegateId).toBe(id.wang);
    });

    it('let the stand-in act for the absent person while the absence is in force, and not after it is taken back', async () => {
      const standIn = async () => (await (await h.call('GET', '/api/me', { as: as.wang })).json()).delegateFor;
      expect(await standIn()).toEqual(['li_na']);
      await away('li_na', 'li_na', { ...week(), from: h.clock.now() + DAY });
      expect(await standIn()).toEqual([]);
      h.clock.advance(DAY);
      expect(await standIn()).toEqual(['li_na']);
      expect((await h.call('DELETE', '/api/users/li_na/absence', { as: as.li_na })).status).toBe(204);
      expect(await standIn()).toEqual([]);
    });

    it('are set by a supervisor of their unit, by a city-level role and by an administrator, and taken back with DELETE', async () => {
      for (const who of ['east_lead', 'director', 'admin']) {
        const set = await away(who, 'li_na', { ...week(), from: new Date(h.clock.now()).toISOString(), reason: undefined });
        expect({ who, status: set.status }).toEqual({ who, status: 200 });
      }
      const back = await h.call('DELETE', '/api/users/li_na/absence', { as: as.east_lead });
      expect(back.status).toBe(204);
      expect((await h.accounts.findUserByUsername('li_na'))?.absence).toBeUndefined();
    });

    it('are refused 403 to a colleague and 404 to a supervisor of another unit or for an unknown user', async () => {
      const colleague = await away('wang', 'li_na', { ...week(), delegate: 'chen' });
      expect(colleague.status).toBe(403);
      expect(await colleague.json()).toMatchObject({ code: 'role-not-allowed' });
      expect((await away('west_lead', 'li_na', week())).status).toBe(404);
      expect((await h.call('DELETE', '/api/users/li_na/absence', { as: as.west_lead })).status).toBe(404);
      expect((await away('admin', 'no-such-user', week())).status).toBe(404);
      expect((await h.call('PUT', '/api/users/li_na/absence', { json: week() })).status).toBe(401);
      expect((await h.accounts.findUserByUsername('li_na'))?.absence).toBeUndefined();
    });

    it('are refused 422 for a delegate who is unknown, disabled, the person, or of another unit, and for dates out of order', async () => {
      await h.accounts.updateUser(id.chen, { disabled: true });
      const cases: Array<[Record<string, unknown>, string, RegExp]> = [
        [{ delegate: 'ghost' }, 'delegate', /no user 'ghost'/],
        [{ delegate: 'chen' }, 'delegate', /disabled/],
        [{ delegate: 'li_na' }, 'delegate', /someone else/],
        [{ delegate: 'zhou' }, 'delegate', /shares no unit/],
        [{ until: h.clock.now() - DAY }, 'until', /later than from/],
        [{ from: 'tomorrow' }, 'from', /ISO date-time/],
      ];
      for (const [change, field, message] of cases) {
        const refused = await away('east_lead', 'li_na', { ...week(), ...change });
        expect({ change, status: refused.status }).toEqual({ change, status: 422 });
        expect((await refused.json()).errors).toEqual([{ field, message: expect.stringMatching(message) }]);
      }
      expect((await away('east_lead', 'li_na', { reason: 'x' })).status).toBe(422);
      expect((await h.accounts.findUserByUsername('li_na'))?.absence).toBeUndefined();
      await h.accounts.updateUser(id.chen, { disabled: false });
    });

    it('lets an auditor read but not set anyone\'s absence', async () => {
      expect((await away('audrey', 'li_na', week())).status).toBe(403);
      expect((await h.call('GET', '/api/users/li_na', { as: as.audrey })).status).toBe(200);
      expect((await h.call('POST', '/api/session', { json: { username: 'li_na', password: PASSWORD } })).status).toBe(200);
    });
  });
});

describe('the engine\'s people directory over the accounts', () => {
  it('names people and delegates by username, leaves out disabled holders, and reads units and city-level roles', async () => {
    const accounts = memoryAccountStore();
    await accounts.createUnit({ id: 'east-district', label: '东城区分公司 East district' });
    const base = { passwordHash: 'x', totpEnabled: false, createdAt: 1, disabled: false };
    await accounts.createUser({ ...base, id: 'u1', username: 'li_na', roles: ['agent'], units: ['east-district'], displayName: '李娜' });
    await accounts.createUser({ ...base, id: 'u2', username: 'wang', roles: ['agent'], units: ['east-district'] });
    await accounts.createUser({ ...base, id: 'u3', username: 'gone', roles: ['agent'], units: [], disabled: true });
    await accounts.updateUser('u1', { absence: { from: 10, until: 20, delegateId: 'u2', reason: '年假' } });
    const people = peopleDirectory(accounts);
    expect(await people.person('li_na')).toEqual({
      id: 'li_na', username: 'li_na', displayName: '李娜', roles: ['agent'], units: ['east-district'], disabled: false,
      absence: { from: 10, until: 20, delegateId: 'wang', reason: '年假' },
    });
    expect(await people.person('nobody')).toBeUndefined();
    expect((await people.withRole('agent')).map((person) => person.id)).toEqual(['li_na', 'wang']);
    expect(await people.units()).toEqual([{ id: 'east-district', label: '东城区分公司 East district' }]);
    expect(await people.cityRoles()).toEqual(['cs-director', 'general-manager']);
  });
});
