/**
 * Deeply nested JSON: the body reader refuses more than MAX_JSON_DEPTH levels with a 422 that
 * names the limit, and anything it accepts can be stored, hashed and replayed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { jsonDepth, MAX_JSON_DEPTH } from '../../server/body.js';
import { complaint, createHarness, type Harness } from '../server/harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** A case-creation body nesting exactly `depth` levels: the body, `data`, then lists in `note`. */
function createBody(depth: number): string {
  const lists = depth - 2;
  const note = `${'['.repeat(lists)}"deep"${']'.repeat(lists)}`;
  const data = JSON.stringify(complaint()).slice(0, -1);
  return `{"process":"complaint-handling","data":${data},"note":${note}}}`;
}

async function caseCount(harness: Harness, as: Awaited<ReturnType<Harness['login']>>): Promise<number> {
  const listed = await harness.call('GET', '/api/cases?limit=100', { as });
  return ((await listed.json()) as { items: unknown[] }).items.length;
}

describe('deeply nested JSON bodies', () => {
  it('measures nesting outside strings only', () => {
    expect(jsonDepth('{"a":[1,{"b":"[[[{{"}]}')).toBe(3);
    expect(jsonDepth('{"a":"\\"[["}')).toBe(1);
    expect(jsonDepth(createBody(MAX_JSON_DEPTH))).toBe(MAX_JSON_DEPTH);
  });

  it('accepts a case at the limit, and it replays consistent and verifies', async () => {
    h = await createHarness();
    const agent = await h.login('agent');
    const created = await h.call('POST', '/api/cases', { as: agent, body: createBody(MAX_JSON_DEPTH), headers: { 'Content-Type': 'application/json' } });
    expect(created.status, await created.clone().text()).toBe(201);
    const { id } = (await created.json()) as { id: string };

    const replay = await h.call('GET', `/api/cases/${id}/replay`, { as: await h.login('auditor') });
    expect(replay.status).toBe(200);
    expect(await replay.json()).toMatchObject({ consistent: true });
    const history = await h.call('GET', `/api/cases/${id}/history`, { as: agent });
    expect(history.status).toBe(200);
    const shown = await h.call('GET', `/api/cases/${id}`, { as: agent });
    expect(shown.status).toBe(200);
    const verified = await h.call('GET', '/api/audit/verify', { as: await h.login('admin') });
    expect((await verified.json()).valid).toBe(true);
  });

  it.each([MAX_JSON_DEPTH + 1, 2_250])('refuses %i levels with a 422 naming the limit, and creates nothing', async (depth) => {
    h = await createHarness();
    const agent = await h.login('agent');
    const before = await caseCount(h, agent);
    const refused = await h.call('POST', '/api/cases', { as: agent, body: createBody(depth), headers: { 'Content-Type': 'application/json' } });
    expect(refused.status).toBe(422);
    expect(refused.headers.get('Content-Type')).toMatch(/^application\/problem\+json/);
    expect((await refused.json()).detail).toContain(`more than ${MAX_JSON_DEPTH} levels deep`);
    expect(await caseCount(h, agent)).toBe(before);
  });
});
