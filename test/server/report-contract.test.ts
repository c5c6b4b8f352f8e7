import createClient, { type Client } from 'openapi-fetch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { paths } from '../../admin-ui/src/api-schema.js';
import { FIGURE_NAMES } from '../../engine/reports/catalog.js';
import { seedDemoStory } from '../../server/demo.js';
import { createDemoPeople, DEMO_PASSWORD } from '../../server/demo-people.js';
import { silentLogger } from '../../server/log.js';
import { ContractCheck } from './contract-check.js';
import { createHarness, type Harness } from './harness.js';

describe('the report answers over the demo story fit the served document, figure by figure', () => {
  let h: Harness;
  let check: ContractCheck;
  let client: Client<paths, 'application/json'>;
  beforeAll(async () => {
    h = await createHarness({ users: {} });
    await createDemoPeople(h.accounts, h.clock.now());
    await seedDemoStory(h.store, h.accounts, h.clock.now(), silentLogger);
    check = new ContractCheck(await (await h.call('GET', '/api/openapi.json')).json());
    const manager = await h.login('lin.feng', DEMO_PASSWORD);
    client = createClient<paths, 'application/json'>({
      baseUrl: 'http://caseflow.test',
      fetch: (request) => Promise.resolve(h.app.fetch(request)),
      headers: { Cookie: manager.cookie, 'X-CSRF-Token': manager.csrf },
    });
    client.use(check.middleware());
  }, 120_000);
  afterAll(() => h.close());

  it('answers every figure with the numbers its schema declares', async () => {
    for (const figure of FIGURE_NAMES) {
      const { data, response } = await client.GET('/api/reports/{figure}', { params: { path: { figure }, query: { from: '2025-02-01', to: '2025-03-03' } } });
      expect(response.status, figure).toBe(200);
      expect(data?.figure).toBe(figure);
    }
    expect(check.violations).toEqual([]);
  });

  it('answers the monthly report and the weekly digest as declared', async () => {
    const monthly = await client.GET('/api/reports/monthly-report', { params: { query: { month: '2025-02' } } });
    expect(monthly.data?.units.length).toBeGreaterThan(0);
    const digest = await client.GET('/api/reports/warning-digest', { params: { query: { week: '2025-02-26' } } });
    expect(digest.data?.raised.length).toBeGreaterThan(0);
    expect(check.violations).toEqual([]);
  });
});
