import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type Session } from './harness.js';

const MINIMAL = `id: hello
name: 你好 Hello
roles: [agent]
data: { type: object }
initial: open
states:
  open:
    deadline: { within: 1d }
    on:
      finish: { roles: [agent], to: done }
  done: { final: true }
`;

describe('processes over the API', () => {
  let h: Harness;
  let owner: Session;
  let agent: Session;
  beforeAll(async () => {
    h = await createHarness({ users: { owner: ['process-owner'], agent: ['agent'] } });
    owner = await h.login('owner');
    agent = await h.login('agent');
  });
  afterAll(() => h.close());

  it('lists the shipped processes, each with its roles and starters', async () => {
    const list = await (await h.call('GET', '/api/processes', { as: agent })).json();
    expect(list.items.map((p: { processId: string }) => p.processId).sort()).toEqual([
      'appointment-confirmation', 'complaint-handling', 'customer-callback', 'deactivation-retention', 'escalation-warning', 'fee-approval', 'quality-inspection',
    ]);
    const complaint = list.items.find((p: { processId: string }) => p.processId === 'complaint-handling');
    expect(complaint).toMatchObject({ version: 1, publishedBy: 'caseflow', starters: ['agent', 'front-desk', 'team-lead', 'cs-director'] });
    expect(complaint.yaml).toBeUndefined();
  });

  it('shows one process with its YAML source, its definition and its versions', async () => {
    const one = await (await h.call('GET', '/api/processes/complaint-handling', { as: agent })).json();
    expect(one.yaml).toBe(readFileSync('processes/complaint-handling.yaml', 'utf8'));
    expect(Object.keys(one.files)).toContain('templates/complaint-handling/first-reply-overdue.hbs');
    expect(one.definition).toMatchObject({ id: 'complaint-handling', initial: 'received' });
    expect(one.versions).toMatchObject([{ version: 1 }]);
    const v1 = await (await h.call('GET', '/api/processes/complaint-handling/versions/1', { as: agent })).json();
    expect(v1).toMatchObject({ processId: 'complaint-handling', version: 1 });
  });

  it('answers 404 for an unknown process or version', async () => {
    for (const path of ['/api/processes/no-such-process', '/api/processes/complaint-handling/versions/99', '/api/processes/complaint-handling/versions/abc', '/api/processes/nope/versions']) {
      const response = await h.call('GET', path, { as: agent });
      expect({ path, status: response.status }).toEqual({ path, status: 404 });
    }
  });

  it('validates YAML sent as text or JSON and points at the line of each problem', async () => {
    const broken = MINIMAL.replace('to: done', 'to: nowhere');
    const asText = await h.call('POST', '/api/processes/validate', { as: owner, body: broken, headers: { 'Content-Type': 'application/yaml' } });
    expect(asText.status).toBe(200);
    const result = await asText.json();
    expect(result.valid).toBe(false);
    expect(result.diagnostics).toContainEqual(expect.objectContaining({ line: 10, column: 37, path: 'states.open.on.finish.to', severity: 'error', message: expect.stringContaining('nowhere') }));
    const asJson = await (await h.call('POST', '/api/processes/validate', { as: owner, json: { yaml: MINIMAL } })).json();
    expect(asJson).toMatchObject({ valid: true, diagnostics: [], definition: { id: 'hello', initial: 'open' } });
  });

  it('publishes a new version as a process owner, and refuses an invalid one with 422 and its diagnostics', async () => {
    const created = await h.call('POST', '/api/processes', { as: owner, json: { yaml: MINIMAL, message: 'first try' } });
    expect(created.status).toBe(201);
    expect(created.headers.get('Location')).toBe('/api/processes/hello/versions/1');
    expect(await created.json()).toMatchObject({ processId: 'hello', version: 1, publishedBy: 'owner', message: 'first try' });

    const second = await h.call('POST', '/api/processes?message=renamed', { as: owner, body: MINIMAL.replace('你好 Hello', 'Hello again'), headers: { 'Content-Type': 'text/yaml' } });
    expect(await second.json()).toMatchObject({ version: 2, name: 'Hello again', message: 'renamed' });

    const invalid = await h.call('POST', '/api/processes', { as: owner, json: { yaml: MINIMAL.replace('roles: [agent]\n', 'roles: [agent]\nstates: 5\n') } });
    expect(invalid.status).toBe(422);
    const problem = await invalid.json();
    expect(problem).toMatchObject({ code: 'invalid-definition' });
    expect(problem.diagnostics.length).toBeGreaterThan(0);
    expect(problem.diagnostics[0]).toEqual(expect.objectContaining({ line: expect.any(Number), column: expect.any(Number), message: expect.any(String) }));
    expect((await h.engine.listVersions('hello')).length).toBe(2);
  });

  it('keeps running cases on their version while new cases take the new one', async () => {
    await h.call('POST', '/api/processes', { as: owner, json: { yaml: MINIMAL.replace('id: hello', 'id: pinned') } });
    const old = await (await h.call('POST', '/api/cases', { as: agent, json: { process: 'pinned', data: {} } })).json();
    await h.call('POST', '/api/processes', { as: owner, json: { yaml: MINIMAL.replace('id: hello', 'id: pinned').replace('within: 1d', 'within: 2d') } });
    const fresh = await (await h.call('POST', '/api/cases', { as: agent, json: { process: 'pinned', data: {} } })).json();
    expect([old.version, fresh.version]).toEqual([1, 2]);
    const finished = await (await h.call('POST', `/api/cases/${old.id}/events`, { as: agent, json: { type: 'finish' } })).json();
    expect(finished).toMatchObject({ version: 1, state: 'done', status: 'done' });
  });

  it('refuses a process larger than the YAML limit with 413', async () => {
    const huge = `${MINIMAL}\n# ${'x'.repeat(300 * 1024)}\n`;
    const response = await h.call('POST', '/api/processes/validate', { as: owner, json: { yaml: huge } });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ code: 'process-too-large' });
  });

  it('answers a YAML alias bomb with diagnostics, quickly', async () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...'bcdefghi'.split('').map((k, i) => `${k}: &${k} [${Array(10).fill(`*${'abcdefghi'[i]}`).join(', ')}]`)].join('\n');
    const started = Date.now();
    const response = await h.call('POST', '/api/processes/validate', { as: owner, body: bomb, headers: { 'Content-Type': 'application/yaml' } });
    expect(Date.now() - started).toBeLessThan(2000);
    const result = await response.json();
    expect(result.valid).toBe(false);
    expect(result.diagnostics[0].message).toMatch(/alias/i);
  });
});
