import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complaint, createHarness, type CallOptions, type Harness, type Session } from './harness.js';

const INJECTIONS = ["'; DROP TABLE cases;--", '{{constructor}}', '<script>alert(1)</script>', '{{#with "x"}}{{lookup this "constructor"}}{{/with}}', "1' OR '1'='1"];
const TABLES = ['cases', 'case_roles', 'events', 'timers', 'outbox', 'idempotency', 'process_versions', 'users', 'api_tokens', 'org_units', 'org_settings'];

/** Every row of every table, to show a refused request changed nothing. */
function databaseRows(h: Harness): Record<string, unknown[]> {
  const sqlite = h.store.db.$client;
  return Object.fromEntries(TABLES.map((table) => [table, sqlite.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all()]));
}

interface BadRequest {
  name: string;
  method: string;
  path: string;
  options: CallOptions;
  status: number;
  code: string;
  /** Something the problem's detail or errors must mention. */
  mentions?: RegExp;
}

describe('bad input gets a clear problem and changes nothing', () => {
  let h: Harness;
  let agent: Session;
  let caseId: string;
  beforeAll(async () => {
    h = await createHarness({ users: { agent: ['agent'], owner: ['process-owner'] } });
    agent = await h.login('agent');
    const opened = await h.call('POST', '/api/cases', { as: agent, headers: { 'Idempotency-Key': 'once' }, json: { process: 'complaint-handling', data: complaint() } });
    caseId = (await opened.json()).id;
  });
  afterAll(() => h.close());

  const corpus = (): BadRequest[] => {
    const events = `/api/cases/${caseId}/events`;
    const json = (value: unknown, extra: Partial<CallOptions> = {}): CallOptions => ({ as: agent, json: value, ...extra });
    const raw = (body: string, contentType?: string): CallOptions => ({ as: agent, body, headers: contentType ? { 'Content-Type': contentType } : {} });
    const requests: BadRequest[] = [
      { name: 'malformed JSON', method: 'POST', path: '/api/cases', options: raw('{"process": "complaint-handling", ', 'application/json'), status: 400, code: 'malformed-json', mentions: /not valid JSON/ },
      { name: 'empty body', method: 'POST', path: events, options: raw('', 'application/json'), status: 400, code: 'empty-body' },
      { name: 'wrong content type', method: 'POST', path: '/api/cases', options: raw('process=complaint-handling', 'application/x-www-form-urlencoded'), status: 415, code: 'unsupported-media-type', mentions: /application\/json/ },
      { name: 'no content type', method: 'POST', path: events, options: raw('{"type":"reply"}'), status: 415, code: 'unsupported-media-type' },
      { name: 'text sent as a login', method: 'POST', path: '/api/session', options: { body: 'agent:pw', headers: { 'Content-Type': 'text/plain' } }, status: 415, code: 'unsupported-media-type' },
      { name: 'oversized body', method: 'POST', path: '/api/cases', options: json({ process: 'complaint-handling', data: { ...complaint(), description: 'x'.repeat(2 * 1024 * 1024) } }), status: 413, code: 'body-too-large' },
      { name: 'a JSON list instead of an object', method: 'POST', path: '/api/cases', options: json([1, 2]), status: 422, code: 'invalid-input', mentions: /JSON object/ },
      { name: 'unknown process', method: 'POST', path: '/api/cases', options: json({ process: 'no-such-process', data: {} }), status: 404, code: 'not-found', mentions: /no-such-process/ },
      { name: 'unknown case', method: 'POST', path: '/api/cases/C-no-such-case/events', options: json({ type: 'reply', input: { message: 'x' } }), status: 404, code: 'not-found' },
      { name: 'unknown event', method: 'POST', path: events, options: json({ type: 'teleport' }), status: 409, code: 'event-not-allowed', mentions: /teleport/ },
      { name: 'a timer event sent by a person', method: 'POST', path: events, options: json({ type: '$timer' }), status: 409, code: 'event-not-allowed' },
      { name: 'missing process and data', method: 'POST', path: '/api/cases', options: json({}), status: 422, code: 'invalid-input', mentions: /process/ },
      { name: 'missing event type', method: 'POST', path: events, options: json({ input: {} }), status: 422, code: 'invalid-input', mentions: /type/ },
      { name: 'missing required case data', method: 'POST', path: '/api/cases', options: json({ process: 'complaint-handling', data: { channel: 'phone' } }), status: 422, code: 'invalid-input', mentions: /customer/ },
      { name: 'missing required event input', method: 'POST', path: events, options: json({ type: 'reply', input: {} }), status: 422, code: 'invalid-input', mentions: /message/ },
      { name: 'wrong-typed process and data', method: 'POST', path: '/api/cases', options: json({ process: 5, data: 'text' }), status: 422, code: 'invalid-input', mentions: /process/ },
      { name: 'wrong-typed event type and input', method: 'POST', path: events, options: json({ type: ['reply'], input: 'hello' }), status: 422, code: 'invalid-input', mentions: /input/ },
      { name: 'wrong-typed case field', method: 'POST', path: '/api/cases', options: json({ process: 'complaint-handling', data: { ...complaint(), severity: 3 } }), status: 422, code: 'invalid-input', mentions: /severity/ },
      { name: 'wrong-typed input field', method: 'POST', path: events, options: json({ type: 'reply', input: { message: 42 } }), status: 422, code: 'invalid-input', mentions: /message/ },
      { name: 'stale revision with If-Match', method: 'POST', path: events, options: json({ type: 'reply', input: { message: 'x' } }, { headers: { 'If-Match': '"7"' } }), status: 412, code: 'stale-revision' },
      { name: 'an If-Match that is not a revision', method: 'POST', path: events, options: json({ type: 'reply', input: { message: 'x' } }, { headers: { 'If-Match': 'yesterday' } }), status: 400, code: 'if-match-invalid' },
      { name: 'an Idempotency-Key with control characters', method: 'POST', path: events, options: json({ type: 'reply', input: { message: 'x' } }, { headers: { 'Idempotency-Key': 'a b' } }), status: 400, code: 'idempotency-key-invalid' },
      { name: 'a reused Idempotency-Key with other data', method: 'POST', path: '/api/cases', options: json({ process: 'complaint-handling', data: complaint('someone else') }, { headers: { 'Idempotency-Key': 'once' } }), status: 409, code: 'conflict' },
      { name: 'a bad case filter', method: 'GET', path: '/api/cases?limit=-5', options: { as: agent }, status: 422, code: 'invalid-input', mentions: /limit/ },
      { name: 'a login with a missing password', method: 'POST', path: '/api/session', options: { json: { username: 'agent' } }, status: 422, code: 'invalid-input', mentions: /password/ },
      { name: 'an absence with dates that are not dates', method: 'PUT', path: '/api/users/agent/absence', options: json({ from: 'monday', until: [], delegate: 'owner' }), status: 422, code: 'invalid-input', mentions: /from/ },
      { name: 'a password change without the new password', method: 'POST', path: '/api/session/password', options: json({ current: 'x' }), status: 422, code: 'invalid-input', mentions: /next/ },
      { name: 'a directory import by someone not an admin', method: 'PUT', path: '/api/org', options: { as: agent, body: 'units: []', headers: { 'Content-Type': 'application/yaml' } }, status: 403, code: 'role-not-allowed' },
    ];
    for (const text of INJECTIONS) {
      const path = encodeURIComponent(text);
      requests.push(
        { name: `case id ${text}`, method: 'POST', path: `/api/cases/${path}/events`, options: json({ type: 'reply', input: { message: text } }), status: 404, code: 'not-found' },
        { name: `process ${text}`, method: 'POST', path: '/api/cases', options: json({ process: text, data: complaint(text) }), status: 404, code: 'not-found' },
        { name: `event type ${text}`, method: 'POST', path: events, options: json({ type: text, input: { message: text } }), status: 409, code: 'event-not-allowed' },
        { name: `enum value ${text}`, method: 'POST', path: '/api/cases', options: json({ process: 'complaint-handling', data: { ...complaint(), channel: text } }), status: 422, code: 'invalid-input', mentions: /channel/ },
        { name: `username ${text}`, method: 'POST', path: '/api/session', options: { json: { username: text, password: text } }, status: 401, code: 'unauthenticated' },
        { name: `process id lookup ${text}`, method: 'GET', path: `/api/processes/${path}`, options: { as: agent }, status: 404, code: 'not-found' },
      );
    }
    return requests;
  };

  it('answers each bad request with its status and problem, leaving every table as it was', async () => {
    const before = databaseRows(h);
    for (const bad of corpus()) {
      const response = await h.call(bad.method, bad.path, bad.options);
      const body = await response.json();
      expect({ name: bad.name, status: response.status, code: body.code }).toEqual({ name: bad.name, status: bad.status, code: bad.code });
      expect(response.headers.get('Content-Type')).toMatch(/^application\/problem\+json/);
      expect(body).toMatchObject({ type: `urn:caseflow:problem:${bad.code}`, title: expect.any(String), status: bad.status, detail: expect.any(String) });
      if (bad.mentions) expect(`${body.detail} ${JSON.stringify(body.errors ?? [])}`).toMatch(bad.mentions);
    }
    expect(databaseRows(h)).toEqual(before);
  });

  it('answers filters full of SQL with an empty page, not an error', async () => {
    for (const text of INJECTIONS) {
      const q = encodeURIComponent(text);
      const response = await h.call('GET', `/api/cases?process=${q}&state=${q}&search=${q}&role=${q}`, { as: agent });
      expect(response.status).toBe(200);
      expect((await response.json()).items).toEqual([]);
    }
    const badCursor = await h.call('GET', `/api/cases?cursor=${encodeURIComponent(INJECTIONS[0])}`, { as: agent });
    expect([200, 422]).toContain(badCursor.status);
  });

  it('replays a used Idempotency-Key with the first answer and changes nothing', async () => {
    const before = databaseRows(h);
    const again = await h.call('POST', '/api/cases', { as: agent, headers: { 'Idempotency-Key': 'once' }, json: { process: 'complaint-handling', data: complaint() } });
    expect(again.status).toBe(201);
    expect((await again.json()).id).toBe(caseId);
    expect(databaseRows(h)).toEqual(before);
  });

  it('stores injection strings in every text field as plain text and gives them back unchanged', async () => {
    const casesBefore = databaseRows(h).cases.length;
    for (const text of INJECTIONS) {
      const data = { ...complaint(text), severity: 'major', unit: text, description: text, party: text, customer: { name: text, phone: '13800138000' } };
      const created = await h.call('POST', '/api/cases', { as: agent, json: { process: 'complaint-handling', data } });
      expect(created.status).toBe(201);
      const view = await created.json();
      expect(view.snapshot.data).toMatchObject({ unit: text, description: text, party: text, customer: { name: text } });
      const replied = await (await h.call('POST', `/api/cases/${view.id}/events`, { as: agent, headers: { Prefer: 'return=representation' }, json: { type: 'reply', input: { message: text } } })).json();
      expect(replied.snapshot.data.firstReply).toBe(text);
      const history = await (await h.call('GET', `/api/cases/${view.id}/history`, { as: agent })).json();
      expect(history.events[1].input).toEqual({ message: text });
      const found = await (await h.call('GET', `/api/cases?search=${encodeURIComponent(text)}`, { as: agent })).json();
      expect(found.items.map((c: { id: string }) => c.id)).toContain(view.id);
    }
    expect(databaseRows(h).cases.length).toBe(casesBefore + INJECTIONS.length);
    // Notifications render the text escaped and never evaluate it.
    const bodies = h.store.db.$client.prepare('SELECT body FROM outbox').pluck().all().map(String);
    expect(bodies.length).toBeGreaterThanOrEqual(INJECTIONS.length);
    expect(bodies.some((body) => body.includes('{{constructor}}'))).toBe(true);
    expect(bodies.every((body) => !body.includes('<script>'))).toBe(true);
    expect(bodies.some((body) => body.includes('&lt;script&gt;'))).toBe(true);
  });

  it('refuses users whose name or roles carry SQL or markup, naming the field', async () => {
    const admin = await createHarness({ users: { admin: ['admin'] }, publish: false });
    const session = await admin.login('admin');
    for (const text of INJECTIONS) {
      const byName = await admin.call('POST', '/api/users', { as: session, json: { username: text, password: 'long enough password', roles: ['agent'] } });
      expect(byName.status).toBe(422);
      expect((await byName.json()).errors).toEqual([expect.objectContaining({ field: 'username' })]);
      const byRole = await admin.call('POST', '/api/users', { as: session, json: { username: 'eve', password: 'long enough password', roles: [text] } });
      expect(byRole.status).toBe(422);
      expect((await byRole.json()).errors).toEqual([expect.objectContaining({ field: 'roles' })]);
    }
    expect((await admin.accounts.listUsers()).map((u) => u.username)).toEqual(['admin']);
    await admin.close();
  });
});
