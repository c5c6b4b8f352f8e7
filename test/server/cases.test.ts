import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { complaint, createHarness, type Harness, type Session } from './harness.js';

describe('cases over the API', () => {
  let h: Harness;
  let agent: Session;
  let lead: Session;
  beforeEach(async () => {
    h = await createHarness({ users: { agent: ['agent'], lead: ['team-lead'], admin: ['admin'], finance: ['finance'] } });
    agent = await h.login('agent');
    lead = await h.login('lead');
  });
  afterEach(() => h.close());

  async function open(data: unknown = complaint()) {
    const response = await h.call('POST', '/api/cases', { as: agent, json: { process: 'complaint-handling', data } });
    expect(response.status).toBe(201);
    return response;
  }

  it('opens a complaint as an agent: 201 with Location, ETag, owner, deadlines and the actions the agent may take', async () => {
    const response = await open();
    const view = await response.json();
    expect(response.headers.get('Location')).toBe(`/api/cases/${view.id}`);
    expect(response.headers.get('ETag')).toBe('"1"');
    expect(view).toMatchObject({ processId: 'complaint-handling', version: 1, state: 'received', status: 'active', revision: 1, createdBy: 'agent' });
    expect(view.assignee).toBe('agent');
    expect(view.deadlines.map((d: { id: string; dueAt: number }) => [d.id, d.dueAt - h.clock.now()])).toEqual([
      ['close', 72 * 3_600_000],
      ['received', 24 * 3_600_000],
    ]);
    const reply = view.actions.find((a: { type: string }) => a.type === 'reply');
    expect(reply.input).toMatchObject({ required: ['message'] });
    expect(view.actions.map((a: { type: string }) => a.type)).not.toContain('declare-major');
  });

  it('shows each caller only the actions its roles allow', async () => {
    const { id } = await (await open()).json();
    const asLead = await (await h.call('GET', `/api/cases/${id}`, { as: lead })).json();
    expect(asLead.actions.map((a: { type: string }) => a.type)).toContain('declare-major');
    const asFinance = await (await h.call('GET', `/api/cases/${id}`, { as: await h.login('finance') })).json();
    expect(asFinance.actions).toEqual([]);
  });

  it('moves a case by an event with If-Match, and answers a stale If-Match with 412 changing nothing', async () => {
    const { id } = await (await open()).json();
    const replied = await h.call('POST', `/api/cases/${id}/events`, { as: agent, headers: { 'If-Match': '"1"' }, json: { type: 'reply', input: { message: '您好，已核实 We checked' } } });
    expect(replied.status).toBe(200);
    expect(replied.headers.get('ETag')).toBe('"2"');
    expect(await replied.json()).toEqual({
      id, processId: 'complaint-handling', version: 1, state: 'investigating', status: 'active', revision: 2,
      updatedAt: expect.any(Number), assignee: 'agent', nextDueAt: expect.any(Number),
    });

    const stale = await h.call('POST', `/api/cases/${id}/events`, { as: agent, headers: { 'If-Match': '"1"' }, json: { type: 'withdraw', input: { reason: 'late' } } });
    expect(stale.status).toBe(412);
    expect(await stale.json()).toMatchObject({ code: 'stale-revision', revision: 2 });
    const after = await (await h.call('GET', `/api/cases/${id}`, { as: agent })).json();
    expect(after).toMatchObject({ state: 'investigating', revision: 2 });
  });

  it('answers an event not allowed now with 409 and the current state, a role not allowed with 403, bad input with 422', async () => {
    const { id } = await (await open()).json();
    const notNow = await h.call('POST', `/api/cases/${id}/events`, { as: agent, json: { type: 'callback', input: { satisfaction: 'satisfied' } } });
    expect(notNow.status).toBe(409);
    expect(await notNow.json()).toMatchObject({ code: 'event-not-allowed', state: 'received' });

    const notYours = await h.call('POST', `/api/cases/${id}/events`, { as: agent, json: { type: 'declare-major', input: { reason: 'press' } } });
    expect(notYours.status).toBe(403);
    expect(await notYours.json()).toMatchObject({ code: 'role-not-allowed' });

    const bad = await h.call('POST', `/api/cases/${id}/events`, { as: agent, json: { type: 'reply', input: {} } });
    expect(bad.status).toBe(422);
    expect(await bad.json()).toMatchObject({ code: 'invalid-input', errors: [{ field: 'message', message: 'is required' }] });

    const history = await (await h.call('GET', `/api/cases/${id}/history`, { as: agent })).json();
    expect(history.events).toHaveLength(1);
  });

  it('answers an event with the whole case view when the caller prefers the representation', async () => {
    const { id } = await (await open()).json();
    const replied = await h.call('POST', `/api/cases/${id}/events`, {
      as: agent, headers: { Prefer: 'return=representation' }, json: { type: 'reply', input: { message: '您好，已核实 We checked' } },
    });
    expect(replied.status).toBe(200);
    expect(replied.headers.get('Preference-Applied')).toBe('return=representation');
    expect(replied.headers.get('ETag')).toBe('"2"');
    const view = await replied.json();
    expect(view).toMatchObject({ state: 'investigating', revision: 2, snapshot: { data: { firstReply: '您好，已核实 We checked' } } });
    expect(view).toEqual(await (await h.call('GET', `/api/cases/${id}`, { as: agent })).json());
  });

  it('answers a repeated Idempotency-Key with the outcome or the view of the first answer, as each request prefers', async () => {
    const { id } = await (await open()).json();
    const send = (headers: Record<string, string>) =>
      h.call('POST', `/api/cases/${id}/events`, { as: agent, headers: { 'Idempotency-Key': 'reply-2', ...headers }, json: { type: 'reply', input: { message: 'once' } } });
    const outcome = await (await send({})).json();
    const view = await (await send({ Prefer: 'return=representation' })).json();
    expect(outcome).toMatchObject({ id, state: 'investigating', revision: 2 });
    expect(outcome).not.toHaveProperty('snapshot');
    expect(view).toMatchObject({ id, state: 'investigating', revision: 2, snapshot: { data: { firstReply: 'once' } } });
    expect(await (await send({})).json()).toEqual(outcome);
  });

  it('returns the first answer for a repeated Idempotency-Key and refuses the key for a different request', async () => {
    const { id } = await (await open()).json();
    const send = (message: string) =>
      h.call('POST', `/api/cases/${id}/events`, { as: agent, headers: { 'Idempotency-Key': 'reply-1' }, json: { type: 'reply', input: { message } } });
    const first = await send('first');
    const again = await send('first');
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(await first.json());
    const different = await send('second');
    expect(different.status).toBe(409);
    expect(await different.json()).toMatchObject({ code: 'conflict' });
    const history = await (await h.call('GET', `/api/cases/${id}/history`, { as: agent })).json();
    expect(history.events.map((e: { type: string }) => e.type)).toEqual(['$start', 'reply']);
  });

  it('does not let another user read an answer through someone else\'s Idempotency-Key', async () => {
    const key = { 'Idempotency-Key': 'open-1' };
    const first = await (await h.call('POST', '/api/cases', { as: agent, headers: key, json: { process: 'complaint-handling', data: complaint() } })).json();
    const other = await h.call('POST', '/api/cases', { as: lead, headers: key, json: { process: 'complaint-handling', data: complaint('李娜 Li Na') } });
    expect(other.status).toBe(201);
    expect((await other.json()).id).not.toBe(first.id);
  });

  it('lists cases a page at a time with a cursor, never more than 100, filtered by process, state and role', async () => {
    // Two categories: five complaints of one would also open a batch warning (批量投诉).
    for (let i = 0; i < 5; i++) await open({ ...complaint(`Customer ${i}`), category: i % 2 === 0 ? 'billing' : 'network' });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
      const page = await (await h.call('GET', `/api/cases?limit=2${query}`, { as: agent })).json();
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((c: { id: string }) => c.id));
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(new Set(seen).size).toBe(5);

    const big = await h.call('GET', '/api/cases?limit=1000', { as: agent });
    expect(big.status).toBe(200);
    expect((await big.json()).items).toHaveLength(5);

    const byState = await (await h.call('GET', '/api/cases?process=complaint-handling&state=received&status=active', { as: agent })).json();
    expect(byState.items).toHaveLength(5);
    expect((await (await h.call('GET', '/api/cases?state=closed', { as: agent })).json()).items).toHaveLength(0);
    expect((await (await h.call('GET', '/api/cases?mine=true', { as: await h.login('finance') })).json()).items).toHaveLength(0);
    expect((await (await h.call('GET', '/api/cases?role=team-lead', { as: agent })).json()).items).toHaveLength(5);
    expect((await (await h.call('GET', '/api/cases?search=Customer%203', { as: agent })).json()).items).toHaveLength(1);

    const bad = await h.call('GET', '/api/cases?limit=0&status=open&overdue=maybe', { as: agent });
    expect(bad.status).toBe(422);
    expect((await bad.json()).errors.map((e: { field: string }) => e.field)).toEqual(['limit', 'status', 'overdue']);
  });

  it('shows history with hashes, pending timers and a consistent replay', async () => {
    const { id } = await (await open()).json();
    await h.call('POST', `/api/cases/${id}/events`, { as: agent, json: { type: 'reply', input: { message: 'ok' } } });
    const history = await (await h.call('GET', `/api/cases/${id}/history`, { as: agent })).json();
    expect(history.events).toMatchObject([
      { seq: 1, type: '$start', actor: 'agent', from: null, to: 'received' },
      { seq: 2, type: 'reply', actor: 'agent', from: 'received', to: 'investigating', input: { message: 'ok' } },
    ]);
    expect(history.events[1].prevHash).toBe(history.events[0].hash);
    const timers = await (await h.call('GET', `/api/cases/${id}/timers`, { as: agent })).json();
    expect(timers.timers.map((t: { key: string }) => t.key)).toEqual(expect.arrayContaining([expect.stringContaining('close')]));
    const replay = await (await h.call('GET', `/api/cases/${id}/replay`, { as: agent })).json();
    expect(replay).toMatchObject({ caseId: id, consistent: true, chainValid: true });
    expect(replay.steps).toHaveLength(2);
    const verify = await (await h.call('GET', '/api/audit/verify', { as: await h.login('admin') })).json();
    expect(verify).toMatchObject({ valid: true, casesChecked: 1, eventsChecked: 2 });
  });

  it('answers 404 for an unknown case on every case route', async () => {
    for (const path of ['/api/cases/C-nope', '/api/cases/C-nope/history', '/api/cases/C-nope/timers', '/api/cases/C-nope/replay']) {
      const response = await h.call('GET', path, { as: agent });
      expect({ path, status: response.status }).toEqual({ path, status: 404 });
    }
    const event = await h.call('POST', '/api/cases/C-nope/events', { as: agent, json: { type: 'reply', input: { message: 'x' } } });
    expect(event.status).toBe(404);
    expect(await event.json()).toMatchObject({ code: 'not-found' });
  });

  it('fires the 24-hour first-reply deadline when the manual clock moves 25 hours', async () => {
    const { id } = await (await open()).json();
    const admin = await h.login('admin');
    const moved = await h.call('POST', '/api/clock/advance', { as: admin, json: { by: '25h' } });
    expect(moved.status).toBe(200);
    const body = await moved.json();
    expect(body.now - body.advancedMs).toBe(Date.parse('2025-03-03T01:00:00Z'));
    expect(body.fired).toBeGreaterThanOrEqual(2);
    const view = await (await h.call('GET', `/api/cases/${id}`, { as: agent })).json();
    expect(view.snapshot.data.firstReplyBreached).toBe(true);
    const warnings = await (await h.call('GET', `/api/cases?parent=${id}`, { as: agent })).json();
    expect(warnings.items).toMatchObject([{ processId: 'escalation-warning', parentId: id }]);

    const badMove = await h.call('POST', '/api/clock/advance', { as: admin, json: { by: 'soon' } });
    expect(badMove.status).toBe(422);
    expect(await badMove.json()).toMatchObject({ errors: [{ field: 'by' }] });
  });

  it('counts events, timers and open cases in /metrics', async () => {
    await open();
    await h.call('POST', '/api/clock/advance', { as: await h.login('admin'), json: { by: '25h' } });
    const text = await (await h.call('GET', '/metrics', { as: agent })).text();
    expect(text).toMatch(/^caseflow_events_applied_total\{process="complaint-handling"\} [1-9]\d*$/m);
    expect(text).toMatch(/^caseflow_timers_fired_total\{process="complaint-handling"\} [1-9]\d*$/m);
    expect(text).toMatch(/^caseflow_open_cases\{process="complaint-handling",state="received"\} 1$/m);
    expect(text).toMatch(/^caseflow_open_cases\{process="escalation-warning",state="raised"\} 1$/m);
    expect(text).toMatch(/^caseflow_http_request_duration_seconds_bucket\{method="POST",route="\/api\/cases",status="201",le="\+Inf"\} 1$/m);
  });

  it('logs one JSON line per request with its request id', async () => {
    const response = await h.call('GET', '/api/cases', { as: agent, headers: { 'X-Request-Id': 'trace-42' } });
    expect(response.headers.get('X-Request-Id')).toBe('trace-42');
    const line = h.logs.map((l) => JSON.parse(l)).find((entry) => entry.requestId === 'trace-42');
    expect(line).toMatchObject({ level: 'info', msg: 'request', method: 'GET', route: '/api/cases', status: 200, user: 'agent' });
  });
});
