import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../../server/auth/users.js';
import { complaint, createHarness, PASSWORD, type Harness, type Session } from './harness.js';

let h: Harness;
const as: Record<string, Session> = {};
const ids: Record<string, string> = {};

const PEOPLE: Array<[string, string[], string[]]> = [
  ['east.agent', ['agent'], ['east-district']],
  ['east.lead', ['team-lead'], ['east-district']],
  ['west.agent', ['agent'], ['west-district']],
  ['city.director', ['cs-director'], []],
];

async function open(who: string, process: string, data: Record<string, unknown>): Promise<string> {
  const response = await h.call('POST', '/api/cases', { as: as[who], json: { process, data } });
  expect(response.status, await response.clone().text()).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

type History = { customer: { phone?: string }; items: Array<{ id: string; processId: string; title: string }> };

beforeAll(async () => {
  h = await createHarness({ users: {} });
  await h.accounts.createUnit({ id: 'east-district', label: '城东分公司 East district' });
  await h.accounts.createUnit({ id: 'west-district', label: '城西分公司 West district' });
  for (const [username, roles, units] of PEOPLE) await addUser(h.accounts, { username, password: PASSWORD, roles, units });
  for (const [username] of PEOPLE) as[username] = await h.login(username);
  ids.first = await open('east.agent', 'complaint-handling', { ...complaint('张伟 Zhang Wei'), customer: { name: '张伟 Zhang Wei', phone: '138 0013 8000' } });
  h.clock.advance(3_600_000);
  ids.second = await open('east.agent', 'complaint-handling', { ...complaint('张伟 Zhang Wei'), category: 'network' });
  ids.callback = await open('east.lead', 'customer-callback', { customer: { name: '张伟 Zhang Wei', phone: '13800138000', tier: 'star-3' }, unit: 'east-district' });
  ids.west = await open('west.agent', 'complaint-handling', { ...complaint('张伟 Zhang Wei'), unit: 'west-district' });
  ids.other = await open('east.agent', 'complaint-handling', { ...complaint('李娜 Li Na'), customer: { name: '李娜 Li Na', phone: '13900139000' } });
});
afterAll(() => h.close());

describe('GET /api/cases/:id/customer-history', () => {
  it('lists every case of the customer across processes, newest first, within the caller’s units', async () => {
    const response = await h.call('GET', `/api/cases/${ids.first}/customer-history`, { as: as['east.agent'] });
    expect(response.status).toBe(200);
    const history = (await response.json()) as History;
    expect(history.customer).toEqual({ phone: '138 0013 8000' });
    expect(history.items.map((item) => item.id).sort()).toEqual([ids.first, ids.second, ids.callback].sort());
    expect(history.items[0].id).not.toBe(ids.first);
    expect(history.items.map((item) => item.processId).sort()).toEqual(['complaint-handling', 'complaint-handling', 'customer-callback']);
  });

  it('shows a city-level reader the customer’s cases in every unit', async () => {
    const history = (await (await h.call('GET', `/api/cases/${ids.second}/customer-history`, { as: as['city.director'] })).json()) as History;
    expect(history.items.map((item) => item.id)).toContain(ids.west);
    expect(history.items.map((item) => item.id)).not.toContain(ids.other);
  });

  it('answers 404 for a case outside the caller’s units', async () => {
    const response = await h.call('GET', `/api/cases/${ids.first}/customer-history`, { as: as['west.agent'] });
    expect(response.status).toBe(404);
  });
});
