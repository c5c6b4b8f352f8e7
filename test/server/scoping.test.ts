/**
 * The unit scoping matrix: for every route that touches a case, a user of the west district gets
 * 404 for a case of the east district, as if it did not exist; a city-level user and an auditor
 * see both; the lists, exports, outbox and reports of a unit-level reader hold no other unit's case.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../../server/auth/users.js';
import { complaint, createHarness, PASSWORD, type Harness, type Session } from './harness.js';

let h: Harness;
const as: Record<string, Session> = {};
let eastCase = '';
let westCase = '';

const PEOPLE: Array<[string, string[], string[]]> = [
  ['east.agent', ['agent'], ['east-district']],
  ['east.lead', ['team-lead'], ['east-district']],
  ['west.agent', ['agent'], ['west-district']],
  ['west.lead', ['team-lead'], ['west-district']],
  ['west.manager', ['center-manager'], ['west-district']],
  ['city.director', ['cs-director'], []],
  ['audit', ['auditor'], []],
  ['owner', ['process-owner'], []],
  ['root', ['admin'], []],
];

beforeAll(async () => {
  h = await createHarness({ users: {} });
  await h.accounts.createUnit({ id: 'east-district', label: '城东分公司 East district' });
  await h.accounts.createUnit({ id: 'west-district', label: '城西分公司 West district' });
  for (const [username, roles, units] of PEOPLE) await addUser(h.accounts, { username, password: PASSWORD, roles, units });
  for (const [username] of PEOPLE) as[username] = await h.login(username);
  const open = async (who: string, unit: string, name: string) => {
    const response = await h.call('POST', '/api/cases', { as: as[who], json: { process: 'complaint-handling', data: { ...complaint(name), unit } } });
    expect(response.status, await response.clone().text()).toBe(201);
    return ((await response.json()) as { id: string }).id;
  };
  eastCase = await open('east.agent', 'east-district', '东区客户');
  westCase = await open('west.agent', 'west-district', '西区客户');
  // A day later the first-reply warning has written messages of both cases to the outbox.
  const advanced = await h.call('POST', '/api/clock/advance', { as: as.root, json: { by: '21h' } });
  expect(advanced.status).toBe(200);
});
afterAll(() => h.close());

/** Every route that touches one case, as (method, path, body). */
function caseRoutes(id: string): Array<[string, string, unknown]> {
  return [
    ['GET', `/api/cases/${id}`, undefined],
    ['POST', `/api/cases/${id}/events`, { type: 'reply', input: { message: '您好' } }],
    ['GET', `/api/cases/${id}/history`, undefined],
    ['GET', `/api/cases/${id}/timers`, undefined],
    ['GET', `/api/cases/${id}/replay`, undefined],
    ['POST', `/api/cases/${id}/assign`, { to: 'west.agent' }],
    ['POST', `/api/cases/${id}/claim`, undefined],
    ['POST', `/api/cases/${id}/release`, {}],
    ['POST', `/api/cases/${id}/notes`, { text: '看一看' }],
  ];
}

describe('unit scoping', () => {
  it('answers 404 to a user of another unit on every route that touches a case', async () => {
    for (const who of ['west.agent', 'west.lead', 'west.manager']) {
      for (const [method, path, json] of caseRoutes(eastCase)) {
        const response = await h.call(method, path, json === undefined ? { as: as[who] } : { as: as[who], json });
        expect(response.status, `${who} ${method} ${path}: ${await response.clone().text()}`).toBe(404);
      }
    }
  });

  it('lets a city-level user and an auditor read cases of both units', async () => {
    for (const who of ['city.director', 'audit']) {
      for (const id of [eastCase, westCase]) {
        for (const suffix of ['', '/history', '/replay']) {
          const response = await h.call('GET', `/api/cases/${id}${suffix}`, { as: as[who] });
          expect(response.status, `${who} ${id}${suffix}`).toBe(200);
        }
      }
      const list = (await (await h.call('GET', '/api/cases?limit=100', { as: as[who] })).json()) as { items: Array<{ id: string }> };
      expect(list.items.map((c) => c.id).sort()).toEqual([eastCase, westCase].sort());
    }
  });

  it('lists, searches and bulk-acts only within the caller’s units', async () => {
    const list = (await (await h.call('GET', '/api/cases?limit=100', { as: as['west.lead'] })).json()) as { items: Array<{ id: string; unit: string }> };
    expect(list.items.map((c) => c.id)).toEqual([westCase]);
    const search = (await (await h.call('GET', `/api/cases?search=${encodeURIComponent('东区客户')}`, { as: as['west.lead'] })).json()) as { items: unknown[] };
    expect(search.items).toEqual([]);
    const byId = (await (await h.call('GET', `/api/cases?search=${eastCase}`, { as: as['west.lead'] })).json()) as { items: unknown[] };
    expect(byId.items).toEqual([]);
    const foreignUnit = (await (await h.call('GET', '/api/cases?unit=east-district', { as: as['west.lead'] })).json()) as { items: unknown[] };
    expect(foreignUnit.items).toEqual([]);
    const bulk = await h.call('POST', '/api/cases/bulk', { as: as['west.lead'], json: { ids: [eastCase, westCase], action: 'assign', to: 'west.agent' } });
    const outcome = (await bulk.json()) as { results: Array<{ caseId: string; ok: boolean; code?: string }> };
    expect(outcome.results.find((r) => r.caseId === eastCase)).toMatchObject({ ok: false, code: 'not-found' });
  });

  it('shows a unit-level manager only their unit in reports, CSV exports, the outbox and the workload', async () => {
    const rate = (await (await h.call('GET', '/api/reports/complaint-rate', { as: as['west.manager'] })).json()) as { data: { units: Array<{ unit: string; complaints: number }> } };
    expect(rate.data.units.filter((row) => row.complaints > 0).map((row) => row.unit)).toEqual(['west-district']);
    const csv = await (await h.call('GET', '/api/reports/first-reply?format=csv', { as: as['west.manager'] })).text();
    expect(csv).toContain('城西分公司 West district,');
    expect(csv).not.toContain('East district');
    const cityRate = (await (await h.call('GET', '/api/reports/complaint-rate', { as: as['city.director'] })).json()) as { data: { units: Array<{ unit: string; complaints: number }> } };
    expect(cityRate.data.units.filter((row) => row.complaints > 0).map((row) => row.unit).sort()).toEqual(['east-district', 'west-district']);

    const outbox = (await (await h.call('GET', '/api/outbox?limit=100', { as: as['west.manager'] })).json()) as { items: Array<{ id: number; caseId: string }> };
    expect(outbox.items.length).toBeGreaterThan(0);
    expect(outbox.items.every((row) => row.caseId === westCase)).toBe(true);
    const everything = (await (await h.call('GET', '/api/outbox?limit=100', { as: as.root })).json()) as { items: Array<{ id: number; caseId: string }> };
    const eastMessage = everything.items.find((row) => row.caseId === eastCase);
    expect(eastMessage).toBeDefined();
    expect((await h.call('GET', `/api/outbox/${eastMessage?.id}`, { as: as['west.manager'] })).status).toBe(404);
    expect((await h.call('GET', `/api/outbox?case=${eastCase}`, { as: as['west.manager'] }).then((r) => r.json()) as { items: unknown[] }).items).toEqual([]);

    const workload = (await (await h.call('GET', '/api/workload', { as: as['west.lead'] })).json()) as { people: Array<{ username: string }> };
    expect(workload.people.map((p) => p.username)).toEqual(['west.agent']);
  });
});
