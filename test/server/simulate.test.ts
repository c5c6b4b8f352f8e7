import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shippedSource } from '../processes/harness.js';
import { CLOCK_START, complaint, createHarness, type Harness, type Session } from './harness.js';

const source = shippedSource('complaint-handling');
const HOUR = 3_600_000;

describe('POST /api/simulate and POST /api/processes/preview-template', () => {
  let h: Harness;
  let owner: Session;
  let caseId: string;

  /** Every row of every table, to show that trying a draft writes nothing. */
  function databaseDump(): Record<string, unknown[]> {
    const sqlite = h.store.db.$client;
    const tables = sqlite.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all();
    return Object.fromEntries(tables.map(({ name }) => [name, sqlite.prepare(`SELECT * FROM "${name}"`).all()]));
  }

  beforeAll(async () => {
    h = await createHarness();
    owner = await h.login('process-owner');
    const opened = await h.engine.createCase({ process: 'complaint-handling', data: complaint('李娜 <Li Na>'), actor: { id: 'wang.fang', roles: ['agent'] } });
    caseId = opened.id;
  });
  afterAll(() => h.close());

  const trial = (steps: unknown[], extra: Record<string, unknown> = {}) => ({ ...source, data: complaint(), roles: ['agent'], steps, ...extra });

  it('runs a trial complaint for a process owner: 25 hours on, the first reply is overdue and the breach notice is rendered', async () => {
    const response = await h.call('POST', '/api/simulate', {
      as: owner,
      json: trial([{ type: 'declare-major', input: { reason: '媒体关注' }, roles: ['team-lead'] }, { advance: '25h' }]),
    });
    expect(response.status).toBe(200);
    const result = await response.json();
    expect(result.roles).toEqual(['agent']);
    expect(result.actionsFor).toEqual(['agent']);
    expect(result.start).toMatchObject({ state: 'received', now: CLOCK_START });
    const [declared, moved] = result.steps;
    expect(declared.data).toMatchObject({ severity: 'major', level: 'city' });
    expect(declared.notifications.map((n: { template: string }) => n.template)).toEqual(['major-complaint', 'rapid-response-needed']);
    expect(moved.now).toBe(CLOCK_START + 25 * HOUR);
    expect(moved.fired.map((t: { key: string }) => t.key)).toEqual(['deadline:rapid-response:breach', 'deadline:received:warn', 'deadline:received:breach']);
    const breach = moved.notifications.find((n: { template: string }) => n.template === 'first-reply-overdue');
    expect(breach.body).toContain('【首次回复超时】投诉单 TRIAL-1');
    expect(moved.actions.map((a: { type: string }) => a.type)).toContain('reply');
  });

  it('opens the trial at the time asked for', async () => {
    const response = await h.call('POST', '/api/simulate', { as: owner, json: trial([], { start: '2025-06-02T01:00:00Z' }) });
    expect((await response.json()).start.now).toBe(Date.parse('2025-06-02T01:00:00Z'));
  });

  it('reports a refused event inside the answer, with its code, and leaves the case as it was', async () => {
    const response = await h.call('POST', '/api/simulate', { as: owner, json: trial([{ type: 'reply', input: {}, roles: ['agent'] }]) });
    expect(response.status).toBe(200);
    const { start, steps } = await response.json();
    expect(steps[0].error).toMatchObject({ code: 'invalid-input', details: [expect.objectContaining({ message: expect.any(String) })] });
    expect(steps[0].state).toBe(start.state);
    expect(steps[0].data).toEqual(start.data);
  });

  it('lets an admin simulate, and refuses staff and auditors', async () => {
    expect((await h.call('POST', '/api/simulate', { as: await h.login('admin'), json: trial([]) })).status).toBe(200);
    for (const role of ['agent', 'team-lead', 'auditor']) {
      const response = await h.call('POST', '/api/simulate', { as: await h.login(role), json: trial([]) });
      expect({ role, status: response.status }).toEqual({ role, status: 403 });
    }
  });

  it('refuses a session without its CSRF token', async () => {
    const response = await h.call('POST', '/api/simulate', { as: owner, json: trial([]), omitCsrf: true });
    expect(response.status).toBe(403);
  });

  it('answers 422 with the diagnostics of a YAML with errors, at their lines', async () => {
    const yaml = source.yaml.replace('initial: received', 'initial: recieved');
    const response = await h.call('POST', '/api/simulate', { as: owner, json: trial([], { yaml }) });
    expect(response.status).toBe(422);
    const problem = await response.json();
    expect(problem.code).toBe('invalid-definition');
    const diagnostic = problem.diagnostics.find((d: { severity: string }) => d.severity === 'error');
    expect(diagnostic.line).toBe(yaml.split('\n').findIndex((line) => line.startsWith('initial:')) + 1);
  });

  it('answers 422 naming each malformed step, and 413 for a process over the YAML limit', async () => {
    const bad = await h.call('POST', '/api/simulate', { as: owner, json: trial([{ advance: 'soon' }, { type: 7 }, 'reply']) });
    expect(bad.status).toBe(422);
    expect((await bad.json()).errors.map((e: { field: string }) => e.field)).toEqual(['steps[1].type', 'steps[2]']);
    const moved = await h.call('POST', '/api/simulate', { as: owner, json: trial([{ advance: 'soon' }]) });
    expect((await moved.json()).errors).toEqual([expect.objectContaining({ field: 'steps[0].advance' })]);
    const huge = `${source.yaml}\n# ${'x'.repeat(h.config.yamlLimit)}`;
    const tooLarge = await h.call('POST', '/api/simulate', { as: owner, json: trial([], { yaml: huge }) });
    expect(tooLarge.status).toBe(413);
  });

  it('previews a template with a case\'s data and state, escaped', async () => {
    const response = await h.call('POST', '/api/processes/preview-template', { as: owner, json: { ...source, template: 'first-reply-overdue', caseId } });
    expect(response.status).toBe(200);
    const preview = await response.json();
    expect(preview).toMatchObject({ template: 'first-reply-overdue', caseId, processId: 'complaint-handling', state: 'received' });
    expect(preview.body).toContain(`【首次回复超时】投诉单 ${caseId}`);
    expect(preview.body).toContain('客户：李娜 &lt;Li Na&gt;（13800138000）');
    expect(preview.body).toContain('处理人：wang.fang');
  });

  it('previews a template with given data, as the trial case', async () => {
    const response = await h.call('POST', '/api/processes/preview-template', { as: owner, json: { ...source, template: 'complaint-registered', data: { ...complaint(), owner: 'agent' } } });
    const preview = await response.json();
    expect(preview).toMatchObject({ caseId: 'TRIAL-1', state: 'received' });
    expect(preview.body).toContain('【新投诉】投诉单 TRIAL-1（流量费用');
  });

  it('refuses an unknown template or case, both a case and data, and staff', async () => {
    const unknown = await h.call('POST', '/api/processes/preview-template', { as: owner, json: { ...source, template: 'nope', data: {} } });
    expect(unknown.status).toBe(422);
    expect((await unknown.json()).errors).toEqual([expect.objectContaining({ field: 'template' })]);
    const missing = await h.call('POST', '/api/processes/preview-template', { as: owner, json: { ...source, template: 'complaint-registered', caseId: 'C-none' } });
    expect(missing.status).toBe(404);
    const both = await h.call('POST', '/api/processes/preview-template', { as: owner, json: { ...source, template: 'complaint-registered', caseId, data: {} } });
    expect(both.status).toBe(422);
    const agent = await h.call('POST', '/api/processes/preview-template', { as: await h.login('agent'), json: { ...source, template: 'complaint-registered' } });
    expect(agent.status).toBe(403);
  });

  it('stores nothing: the database is the same after simulations and previews', async () => {
    const before = databaseDump();
    await h.call('POST', '/api/simulate', { as: owner, json: trial([{ advance: '4d' }, { type: 'reply', input: { message: 'hi' } }]) });
    await h.call('POST', '/api/simulate', { as: owner, json: trial([], { data: {} }) });
    await h.call('POST', '/api/processes/preview-template', { as: owner, json: { ...source, template: 'close-overdue', caseId } });
    expect(databaseDump()).toEqual(before);
    expect(Object.keys(before)).toEqual(expect.arrayContaining(['cases', 'events', 'timers', 'outbox']));
  });
});
