import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type Session } from './harness.js';

const SHIPPED = readFileSync('calendars/cn-mainland.yaml', 'utf8');

describe('shared calendars over the API', () => {
  let h: Harness;
  let owner: Session;
  let agent: Session;
  beforeAll(async () => {
    h = await createHarness({ users: { owner: ['process-owner'], agent: ['business-unit'] } });
    owner = await h.login('owner');
    agent = await h.login('agent');
  });
  afterAll(() => h.close());

  it('publishes the shipped calendar at start, and the processes naming it keep its version', async () => {
    const list = await (await h.call('GET', '/api/calendars', { as: agent })).json();
    expect(list.items).toEqual([expect.objectContaining({ calendarId: 'cn-mainland', version: 1, publishedBy: 'caseflow' })]);
    expect(list.items[0].yaml).toBeUndefined();
    expect(await (await h.call('GET', '/api/calendars/cn-mainland', { as: agent })).json()).toMatchObject({ version: 1, yaml: SHIPPED });
    const fee = await (await h.call('GET', '/api/processes/fee-approval', { as: agent })).json();
    expect(fee.calendars).toEqual({ 'cn-mainland': 1 });
    // The definition the UI reads has the review block resolved into each review state.
    expect(fee.definition.states['cs-review'].on.approve.roles).toEqual(['cs-director']);
    expect(fee.definition.states['gm-review'].on.reject.roles).toEqual(['general-manager']);
  });

  it('answers a draft validation with the draft as the engine reads it, blocks resolved', async () => {
    const draft = readFileSync('processes/fee-approval.yaml', 'utf8');
    const files = Object.fromEntries(readdirSync('processes/templates/fee-approval').map((name) => [`templates/fee-approval/${name}`, readFileSync(`processes/templates/fee-approval/${name}`, 'utf8')]));
    const answer = await (await h.call('POST', '/api/processes/validate', { as: owner, json: { yaml: draft, files } })).json();
    expect(answer.diagnostics).toEqual([]);
    expect(answer.valid).toBe(true);
    expect(answer.definition.states['city-review'].on.return).toMatchObject({ roles: ['city-reviewer'], to: 'draft' });
    expect(answer.definition).not.toHaveProperty('blocks');
  });

  it('publishes a new version for process owners only, and refuses a broken one with diagnostics', async () => {
    const next = SHIPPED.replace('coversUntil: 2027-12-31', 'coversUntil: 2028-12-31');
    expect((await h.call('POST', '/api/calendars', { as: agent, body: next, headers: { 'Content-Type': 'application/yaml' } })).status).toBe(403);
    const published = await h.call('POST', '/api/calendars', { as: owner, json: { yaml: next, message: '2028' } });
    expect(published.status).toBe(201);
    expect(published.headers.get('Location')).toBe('/api/calendars/cn-mainland/versions/2');
    expect(await published.json()).toMatchObject({ calendarId: 'cn-mainland', version: 2, message: '2028', publishedBy: 'owner' });

    const broken = await h.call('POST', '/api/calendars', { as: owner, body: next.replace('timezone: Asia/Shanghai', 'timezone: Mars/Olympus'), headers: { 'Content-Type': 'application/yaml' } });
    expect(broken.status).toBe(422);
    expect((await broken.json()).diagnostics).toEqual([expect.objectContaining({ line: 8, column: 11, message: "'Mars/Olympus' is not an IANA time zone (such as Asia/Shanghai)" })]);
    expect((await h.call('GET', '/api/calendars/cn-mainland/versions/3', { as: agent })).status).toBe(404);
  });
});
