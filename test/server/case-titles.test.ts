import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openApiDocument } from '../../server/contract/document.js';
import { complaint, createHarness, type Harness, type Session } from './harness.js';

describe('case titles over the API', () => {
  let h: Harness;
  let agent: Session;
  beforeEach(async () => {
    h = await createHarness({ users: { agent: ['agent'] } });
    agent = await h.login('agent');
  });
  afterEach(() => h.close());

  it('gives each listed case and the case itself its title from the process, as plain text', async () => {
    const created = await h.call('POST', '/api/cases', { as: agent, json: { process: 'complaint-handling', data: complaint('<i>Tom & Jerry</i>') } });
    const view = await created.json();
    expect(view.title).toBe('<i>Tom & Jerry</i> 13800138000 · 流量费用 Billing');

    const list = await (await h.call('GET', '/api/cases', { as: agent })).json();
    expect(list.items.map((item: { id: string; title: string }) => [item.id, item.title])).toEqual([[view.id, '<i>Tom & Jerry</i> 13800138000 · 流量费用 Billing']]);

    const read = await (await h.call('GET', `/api/cases/${view.id}`, { as: agent })).json();
    expect(read.title).toBe('<i>Tom & Jerry</i> 13800138000 · 流量费用 Billing');
  });

  it('describes the title in the OpenAPI case schemas', () => {
    const { CaseDto, CaseSummary } = openApiDocument().components.schemas;
    for (const schema of [CaseDto, CaseSummary]) expect(schema).toMatchObject({ properties: { title: { type: 'string' } }, required: expect.arrayContaining(['title']) });
  });
});
