/**
 * Unbounded expressions against the real app: nested comprehensions that could take millions
 * of steps are refused at publication at their line and column; at run time an evaluation
 * stops at its step budget and the event is refused; a simulation runs in a worker thread, so
 * `/health` answers while a long one runs, and one past the time limit answers a problem.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type Session } from '../server/harness.js';

const processWith = (id: string, items: string, guard: string) => `id: ${id}
name: Budget
roles: [agent]
data:
  type: object
  properties:
    items: ${items}
initial: open
states:
  open:
    deadline: { within: 1d }
    on:
      check: { roles: [agent], if: ${JSON.stringify(guard)}, to: open }
      finish: { roles: [agent], to: done }
  done: { final: true }
`;

const NESTED = 'data.items.exists(a, data.items.exists(b, data.items.exists(c, a + b + c == "none")))';
const items = (count: number) => Array.from({ length: count }, (_, i) => `item-${i}`);

describe('unbounded expressions against the real app', () => {
  let h: Harness;
  let owner: Session;
  let agent: Session;
  beforeAll(async () => {
    h = await createHarness({ users: { owner: ['process-owner'], agent: ['agent'] }, config: { simulationTimeoutMs: 3_000 } });
    owner = await h.login('owner');
    agent = await h.login('agent');
  });
  afterAll(() => h.close());

  it('refuses at publication nested exists over a 200-item list, at the expression\'s line and column', async () => {
    const refused = await h.call('POST', '/api/processes', { as: owner, json: { yaml: processWith('nested', '{ type: array, maxItems: 200, items: { type: string } }', NESTED) } });
    expect(refused.status).toBe(422);
    const { diagnostics } = await refused.json();
    expect(diagnostics).toEqual([expect.objectContaining({
      line: 13, column: 37, severity: 'error',
      message: expect.stringMatching(/^exists\(\) could take 8,040,200 steps \(data\.items may hold 200 items.*at most 50,000 are allowed/),
    })]);
  });

  it('refuses nesting over a list without maxItems, and accepts it once the list is bounded', async () => {
    const twoDeep = 'data.items.exists(a, data.items.exists(b, a == b + "x"))';
    const unbounded = await h.call('POST', '/api/processes', { as: owner, json: { yaml: processWith('two-deep', '{ type: array, items: { type: string } }', twoDeep) } });
    expect(unbounded.status).toBe(422);
    expect((await unbounded.json()).diagnostics[0].message).toMatch(/data\.items has no maxItems, so it is reckoned at 1,000 items/);
    const bounded = await h.call('POST', '/api/processes', { as: owner, json: { yaml: processWith('two-deep', '{ type: array, maxItems: 100, items: { type: string } }', twoDeep) } });
    expect(bounded.status).toBe(201);
  });

  it('stops an evaluation at its step budget at run time: opening such a case is refused with 422 and nothing is stored', async () => {
    const published = await h.call('POST', '/api/processes', { as: owner, json: { yaml: processWith('long-list', '{ type: array, items: { type: string } }', 'data.items.all(x, x != "")') } });
    expect(published.status).toBe(201);
    const refused = await h.call('POST', '/api/cases', { as: agent, json: { process: 'long-list', data: { items: items(60_000) } } });
    expect(refused.status).toBe(422);
    expect((await refused.json()).detail).toMatch(/^The expression data\.items\.all\(x, x != ""\) took more than 50,000 steps/);
    const listed = await (await h.call('GET', '/api/cases?process=long-list', { as: agent })).json();
    expect(listed.items).toEqual([]);
    const short = await (await h.call('POST', '/api/cases', { as: agent, json: { process: 'long-list', data: { items: items(10) } } })).json();
    expect((await h.call('POST', `/api/cases/${short.id}/events`, { as: agent, json: { type: 'check' } })).status).toBe(200);
  });

  it('refuses with 422 an event whose input makes its guard run past the budget, and the case stays as it was', async () => {
    const yaml = processWith('long-input', '{ type: array, items: { type: string } }', 'input.items.all(x, x != "")')
      .replace('check: { roles: [agent], if:', 'check: { roles: [agent], input: { type: object, properties: { items: { type: array, items: { type: string } } } }, if:');
    expect((await h.call('POST', '/api/processes', { as: owner, json: { yaml } })).status).toBe(201);
    const opened = await (await h.call('POST', '/api/cases', { as: agent, json: { process: 'long-input', data: { items: [] } } })).json();
    const refused = await h.call('POST', `/api/cases/${opened.id}/events`, { as: agent, json: { type: 'check', input: { items: items(60_000) } } });
    expect(refused.status).toBe(422);
    expect((await refused.json()).detail).toMatch(/^The expression input\.items\.all\(x, x != ""\) took more than 50,000 steps/);
    const after = await (await h.call('GET', `/api/cases/${opened.id}`, { as: agent })).json();
    expect(after.revision).toBe(opened.revision);
    const accepted = await h.call('POST', `/api/cases/${opened.id}/events`, { as: agent, json: { type: 'check', input: { items: items(10) } } });
    expect(accepted.status).toBe(200);
  });

  /** A trial that would run for minutes: 500 steps, each judging a 40,000-step guard more than once. */
  const longTrial = () => ({
    yaml: processWith('slow-trial', '{ type: array, maxItems: 200, items: { type: string } }', 'data.items.exists(a, data.items.exists(b, a == b + "x")) || true'),
    data: { items: items(200) },
    roles: ['agent'],
    steps: Array.from({ length: 500 }, () => ({ type: 'check' })),
  });

  it('answers /health while a long simulation runs, then stops the simulation with a 422 problem', async () => {
    const settled: string[] = [];
    const simulation = h.call('POST', '/api/simulate', { as: owner, json: longTrial() }).then((response) => {
      settled.push('simulation');
      return response;
    });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const health = await h.call('GET', '/health');
    settled.push('health');
    expect(health.status).toBe(200);
    const stopped = await simulation;
    expect(settled).toEqual(['health', 'simulation']);
    expect(stopped.status).toBe(422);
    expect(await stopped.json()).toMatchObject({ code: 'simulation-timed-out', detail: expect.stringMatching(/^The simulation took longer than 3 s and was stopped/) });
  }, 60_000);

  it('runs the next simulation in a fresh worker after one was stopped', async () => {
    const stopped = await h.call('POST', '/api/simulate', { as: owner, json: longTrial() });
    expect(stopped.status).toBe(422);
    const next = await h.call('POST', '/api/simulate', { as: owner, json: { ...longTrial(), steps: [{ type: 'check' }, { type: 'finish' }] } });
    expect(next.status).toBe(200);
    expect((await next.json()).steps.map((frame: { state: string }) => frame.state)).toEqual(['open', 'done']);
  }, 60_000);
});
