import { readFileSync } from 'node:fs';
import createClient, { type Client } from 'openapi-fetch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { paths } from '../../admin-ui/src/api-schema.js';
import { totpCode } from '../../server/auth/totp.js';
import { CLIENT_TYPES_FILE, clientTypes } from '../../server/contract/client-types.js';
import { ContractCheck } from './contract-check.js';
import { complaint, createHarness, PASSWORD, type Harness, type Session } from './harness.js';

const MINIMAL = `id: hello
name: 你好 Hello
roles: [agent]
data: { type: object }
initial: open
templates:
  greeting: { subject: "Hello", body: "Case {{case.id}} is {{state}}" }
states:
  open:
    on:
      finish: { roles: [agent], to: done }
  done: { final: true }
`;

/** Two versions of an errand: the second renames its open state. */
const ERRAND_V1 = `id: errand
name: 跑腿 Errand
roles: [agent]
data: { type: object }
initial: open
states:
  open:
    on:
      finish: { roles: [agent], to: done }
  done: { final: true }
`;
const ERRAND_V2 = ERRAND_V1.replace(/open/g, 'working');

/** A levy whose versions go live only with a second process owner's approval; the second lowers the threshold and adds a review. */
const LEVY_V1 = `id: levy
name: 收费 Levy
roles: [agent]
publishing: { approval: required }
settings: { gmThreshold: 50000 }
data: { type: object }
initial: open
states:
  open:
    on:
      finish: { roles: [agent], to: done }
  done: { final: true }
`;
const LEVY_V2 = LEVY_V1.replace('gmThreshold: 50000', 'gmThreshold: 30000')
  .replace('publishing: { approval: required }\n', '')
  .replace('finish: { roles: [agent], to: done }', 'finish: { roles: [agent], to: gm-review }')
  .replace('  done: { final: true }', '  gm-review:\n    on:\n      approve: { roles: [agent], to: done }\n  done: { final: true }');

type ApiClient = Client<paths>;

describe('the HTTP contract: a generated client drives every route, and every answer fits the served document', () => {
  let h: Harness;
  let check: ContractCheck;
  let document: Record<string, unknown>;
  const clients = new Map<string, ApiClient>();
  const sessions = new Map<string, Session>();

  /** A client of the in-process app, signed in as `session` (cookie and CSRF token) or anonymous. */
  function clientOf(session?: Session): ApiClient {
    const client = createClient<paths>({
      baseUrl: 'http://caseflow.test',
      fetch: (request) => Promise.resolve(h.app.fetch(request)),
      headers: session ? { Cookie: session.cookie, 'X-CSRF-Token': session.csrf } : {},
    });
    client.use(check.middleware());
    return client;
  }

  /** The client of the user named after `role`. */
  const as = (role: string): ApiClient => {
    const client = clients.get(role);
    if (!client) throw new Error(`no client for ${role}`);
    return client;
  };

  beforeAll(async () => {
    h = await createHarness();
    document = await (await h.call('GET', '/api/openapi.json')).json();
    check = new ContractCheck(document);
    for (const username of ['agent', 'team-lead']) {
      const user = await h.accounts.findUserByUsername(username);
      if (user) await h.accounts.updateUser(user.id, { units: ['east-district'] });
    }
    for (const role of ['admin', 'agent', 'team-lead', 'process-owner', 'auditor', 'finance']) {
      const session = await h.login(role);
      sessions.set(role, session);
      clients.set(role, clientOf(session));
    }
    clients.set('anonymous', clientOf());
  });
  afterAll(() => h.close());

  it('keeps the generated client types in step with the served document (npm run api:types writes them)', () => {
    expect(clientTypes(document)).toBe(readFileSync(CLIENT_TYPES_FILE, 'utf8'));
  });

  it('answers the session and account routes as declared', async () => {
    const anonymous = as('anonymous');
    expect((await anonymous.GET('/health')).response.status).toBe(200);
    expect((await anonymous.GET('/api/openapi.json')).response.status).toBe(200);
    expect((await anonymous.GET('/metrics', { parseAs: 'text' })).response.status).toBe(401);
    expect((await as('admin').GET('/metrics', { parseAs: 'text' })).response.status).toBe(200);

    const login = await anonymous.POST('/api/session', { body: { username: 'finance', password: PASSWORD } });
    expect(login.data?.user.username).toBe('finance');
    expect((await anonymous.POST('/api/session', { body: { username: 'finance', password: 'wrong password' } })).response.status).toBe(401);
    expect((await anonymous.POST('/api/session', { body: { username: 'finance', password: '' } })).error?.errors).toEqual([{ field: 'password', message: 'must not be empty' }]);
    expect((await anonymous.DELETE('/api/session')).response.status).toBe(401);
    expect((await clientOf(await h.login('finance')).DELETE('/api/session')).response.status).toBe(204);

    for (const route of ['/api/me', '/api/users', '/api/units', '/api/filters', '/api/processes', '/api/clock'] as const) {
      expect((await anonymous.GET(route)).error?.code).toBe('unauthenticated');
    }
    const me = await as('agent').GET('/api/me');
    expect(me.data?.user.roles).toEqual(['agent']);
    expect(me.data?.rights).toMatchObject({ cases: true, processes: false, outbox: false, administer: false });
    expect(me.data?.labels.roles.agent).toBe('客服专员 Agent');

    const created = await as('admin').POST('/api/users', { body: { username: 'zhao.lei', password: PASSWORD, roles: ['agent'] } });
    expect(created.response.headers.get('Location')).toBe(`/api/users/${created.data?.id}`);
    expect((await as('admin').POST('/api/users', { body: { username: 'zhao.lei', password: PASSWORD, roles: ['agent'] } })).response.status).toBe(409);
    expect((await as('admin').POST('/api/users', { body: { username: 'x', password: 'short', roles: ['wizard'] } })).response.status).toBe(422);
    expect((await as('agent').POST('/api/users', { body: { username: 'y', password: PASSWORD, roles: ['agent'] } })).response.status).toBe(403);
    const zhao = clientOf(await h.login('zhao.lei'));

    const changed = await zhao.POST('/api/session/password', { body: { current: PASSWORD, next: 'a new and longer passphrase' } });
    expect(changed.response.status).toBe(200);
    const zhaoNow = clientOf(await h.login('zhao.lei', 'a new and longer passphrase'));
    expect((await zhaoNow.POST('/api/session/password', { body: { current: 'not it at all', next: 'another new passphrase' } })).response.status).toBe(422);
    const enrolment = await zhaoNow.POST('/api/session/totp');
    expect(enrolment.response.status).toBe(201);
    expect((await zhaoNow.POST('/api/session/totp/confirm', { body: { code: '000000' } })).response.status).toBe(422);
    const confirmed = await zhaoNow.POST('/api/session/totp/confirm', { body: { code: totpCode(enrolment.data?.secret ?? '') } });
    expect(confirmed.data?.totp).toBe(true);
    expect((await zhaoNow.POST('/api/session/totp')).response.status).toBe(409);
    expect((await anonymous.POST('/api/session', { body: { username: 'zhao.lei', password: 'a new and longer passphrase' } })).error?.code).toBe('totp-required');

    const users = await as('admin').GET('/api/users');
    expect(users.data?.items.length).toBeGreaterThan(5);
    expect(users.data?.manageable).toHaveLength(users.data?.items.length ?? -1);
    const agentId = users.data?.items.find((user) => user.username === 'agent')?.id ?? '';
    expect((await as('agent').GET('/api/users/{id}', { params: { path: { id: agentId } } })).data?.username).toBe('agent');
    expect((await as('agent').GET('/api/users/{id}', { params: { path: { id: 'nobody' } } })).response.status).toBe(404);
    expect((await as('admin').PATCH('/api/users/{id}', { params: { path: { id: 'zhao.lei' } }, body: { displayName: '赵磊 Zhao Lei', totp: false } })).data?.displayName).toBe('赵磊 Zhao Lei');
    expect((await as('admin').PATCH('/api/users/{id}', { params: { path: { id: 'nobody' } }, body: { disabled: true } })).response.status).toBe(404);
    expect((await as('admin').PATCH('/api/users/{id}', { params: { path: { id: 'zhao.lei' } }, body: { roles: ['wizard'] } })).response.status).toBe(422);

  });

  it('answers the process routes as declared', async () => {
    const owner = as('process-owner');
    expect((await owner.GET('/api/processes')).data?.items.some((item) => item.processId === 'complaint-handling')).toBe(true);
    expect((await owner.POST('/api/processes/validate', { body: { yaml: MINIMAL } })).data?.valid).toBe(true);
    expect((await owner.POST('/api/processes/validate', { body: { yaml: '' } })).response.status).toBe(422);
    const published = await owner.POST('/api/processes', { body: { yaml: MINIMAL, message: 'first' } });
    expect(published.response.headers.get('Location')).toBe('/api/processes/hello/versions/1');
    expect((await owner.POST('/api/processes', { body: { yaml: 'id: broken\nstates: 7\n' } })).error?.diagnostics?.length).toBeGreaterThan(0);
    expect((await owner.GET('/api/processes/{id}', { params: { path: { id: 'hello' } } })).data?.versions).toHaveLength(1);
    expect((await owner.GET('/api/processes/{id}', { params: { path: { id: 'nope' } } })).response.status).toBe(404);
    expect((await owner.GET('/api/processes/{id}/versions', { params: { path: { id: 'hello' } } })).data?.items).toHaveLength(1);
    expect((await owner.GET('/api/processes/{id}/versions', { params: { path: { id: 'nope' } } })).response.status).toBe(404);
    expect((await owner.GET('/api/processes/{id}/versions/{version}', { params: { path: { id: 'hello', version: '1' } } })).data?.definition.id).toBe('hello');
    expect((await owner.GET('/api/processes/{id}/versions/{version}', { params: { path: { id: 'hello', version: '9' } } })).response.status).toBe(404);

    const preview = await owner.POST('/api/processes/preview-template', { body: { yaml: MINIMAL, template: 'greeting', data: {} } });
    expect(preview.data?.body).toContain('open');
    expect((await owner.POST('/api/processes/preview-template', { body: { yaml: MINIMAL, template: 'greeting', data: {}, caseId: 'C-1' } })).response.status).toBe(422);
    const simulated = await owner.POST('/api/simulate', { body: { yaml: MINIMAL, roles: ['agent'], steps: [{ advance: '1h' }, { type: 'finish' }] } });
    expect(simulated.data?.steps.map((step) => step.state)).toEqual(['open', 'done']);
    expect((await owner.POST('/api/simulate', { body: { yaml: MINIMAL, steps: [{ advance: 'x'.repeat(60) }] } })).response.status).toBe(422);
    expect((await as('agent').POST('/api/simulate', { body: { yaml: MINIMAL } })).response.status).toBe(403);
  });

  it('answers the migration routes as declared: counts, a dry run, and applying page by page', async () => {
    const owner = as('process-owner');
    await owner.POST('/api/processes', { body: { yaml: ERRAND_V1 } });
    const opened = [];
    for (let i = 0; i < 2; i += 1) opened.push((await as('agent').POST('/api/cases', { body: { process: 'errand', data: {} } })).data?.id);
    await owner.POST('/api/processes', { body: { yaml: ERRAND_V2 } });
    const path = { id: 'errand' };
    expect((await owner.GET('/api/processes/{id}/running-cases', { params: { path } })).data).toEqual({ processId: 'errand', byVersion: { 1: 2 }, total: 2 });
    expect((await owner.GET('/api/processes/{id}/running-cases', { params: { path: { id: 'nope' } } })).response.status).toBe(404);
    expect((await as('agent').GET('/api/processes/{id}/running-cases', { params: { path } })).response.status).toBe(403);

    const plan = { states: { open: 'working' } };
    const dry = await owner.POST('/api/processes/{id}/migrations/dry-run', { params: { path }, body: { from: 1, to: 2, plan } });
    expect(dry.data?.cases.map((one) => [one.state, one.newState, one.outcome])).toEqual([['open', 'working', 'ready'], ['open', 'working', 'ready']]);
    expect((await owner.POST('/api/processes/{id}/migrations/dry-run', { params: { path }, body: { from: 1, to: 2, plan: {} } })).data?.cases[0].unmappedStates).toEqual(['open']);
    expect((await owner.POST('/api/processes/{id}/migrations/dry-run', { params: { path }, body: { from: 1, to: 2, plan: { states: { nowhere: 'working' } } } })).error?.errors)
      .toEqual([{ field: 'states.nowhere', message: 'is not a state of the old version' }]);
    expect((await owner.POST('/api/processes/{id}/migrations/dry-run', { params: { path }, body: { from: 2, to: 1, plan } })).error?.errors).toEqual([{ field: 'to', message: 'must be a version after 2' }]);
    expect((await owner.POST('/api/processes/{id}/migrations/dry-run', { params: { path }, body: { from: 1, to: 9, plan } })).response.status).toBe(404);
    expect((await as('agent').POST('/api/processes/{id}/migrations/dry-run', { params: { path }, body: { from: 1, to: 2, plan } })).response.status).toBe(403);
    expect((await owner.GET('/api/processes/{id}/running-cases', { params: { path } })).data?.byVersion).toEqual({ 1: 2 });

    const first = await owner.POST('/api/processes/{id}/migrations', { params: { path }, body: { from: 1, to: 2, plan, limit: 1 } });
    expect(first.data?.cases.map((one) => one.outcome)).toEqual(['migrated']);
    expect(first.data?.nextCursor).toBeDefined();
    const rest = await owner.POST('/api/processes/{id}/migrations', { params: { path }, body: { from: 1, to: 2, plan, limit: 1, cursor: first.data?.nextCursor } });
    expect([...(first.data?.cases ?? []), ...(rest.data?.cases ?? [])].map((one) => one.caseId).sort()).toEqual([...opened].sort());
    expect((await owner.GET('/api/processes/{id}/running-cases', { params: { path } })).data?.byVersion).toEqual({ 2: 2 });
    expect((await owner.POST('/api/processes/{id}/migrations', { params: { path }, body: { from: 1, to: 2, plan, limit: 5000 } })).error?.errors).toEqual([{ field: 'limit', message: 'must be at most 1000' }]);
    expect((await as('admin').POST('/api/processes/{id}/migrations', { params: { path }, body: { from: 1, to: 2, plan } })).response.status).toBe(403);
  });

  it('answers the draft routes as declared: four-eyes publishing', async () => {
    const owner = as('process-owner');
    await as('admin').POST('/api/users', { body: { username: 'li.shen', password: PASSWORD, roles: ['process-owner'] } });
    const second = clientOf(await h.login('li.shen'));
    expect((await owner.POST('/api/processes', { body: { yaml: LEVY_V1 } })).error?.code).toBe('conflict');

    const first = await owner.POST('/api/process-drafts', { body: { yaml: LEVY_V1, message: '首版 First' } });
    expect(first.response.headers.get('Location')).toBe(`/api/process-drafts/${first.data?.id}`);
    expect(first.data).toMatchObject({ processId: 'levy', status: 'pending', author: 'process-owner' });
    const firstId = first.data?.id ?? '';
    expect((await owner.POST('/api/process-drafts', { body: { yaml: 'id: broken\nstates: 7\n' } })).error?.diagnostics?.length).toBeGreaterThan(0);
    expect((await as('agent').POST('/api/process-drafts', { body: { yaml: LEVY_V1 } })).response.status).toBe(403);
    expect((await owner.POST('/api/process-drafts/{id}/approve', { params: { path: { id: firstId } }, body: {} })).error?.code).toBe('role-not-allowed');
    const approved = await second.POST('/api/process-drafts/{id}/approve', { params: { path: { id: firstId } }, body: { comment: '同意 Agreed' } });
    expect(approved.response.headers.get('Location')).toBe('/api/processes/levy/versions/1');
    expect(approved.data).toMatchObject({ status: 'approved', reviewer: 'li.shen', version: 1 });
    expect((await second.POST('/api/process-drafts/{id}/approve', { params: { path: { id: firstId } }, body: {} })).response.status).toBe(409);
    expect((await second.POST('/api/process-drafts/{id}/approve', { params: { path: { id: 'nope' } }, body: {} })).response.status).toBe(404);
    expect((await owner.GET('/api/processes/{id}', { params: { path: { id: 'levy' } } })).data).toMatchObject({ version: 1, publishedBy: 'process-owner', approvedBy: 'li.shen' });

    expect((await owner.POST('/api/processes', { body: { yaml: LEVY_V2 } })).response.status).toBe(409);
    const next = await owner.POST('/api/process-drafts', { body: { yaml: LEVY_V2 } });
    const nextId = next.data?.id ?? '';
    expect(next.data?.baseVersion).toBe(1);
    expect(next.data?.changes.map((change) => change.text)).toEqual(expect.arrayContaining(['settings.gmThreshold 50000 → 30000', 'state gm-review added', 'publishing removed']));
    expect((await second.GET('/api/process-drafts/{id}', { params: { path: { id: nextId } } })).data?.yaml).toBe(LEVY_V2);
    expect((await second.GET('/api/process-drafts/{id}', { params: { path: { id: 'nope' } } })).response.status).toBe(404);
    expect((await second.GET('/api/process-drafts', { params: { query: { processId: 'levy', status: 'pending' } } })).data?.items.map((item) => item.id)).toEqual([nextId]);
    expect((await as('agent').GET('/api/process-drafts')).response.status).toBe(403);
    expect((await second.POST('/api/process-drafts/{id}/return', { params: { path: { id: nextId } }, body: { comment: ' ' } })).response.status).toBe(422);
    expect((await owner.POST('/api/process-drafts/{id}/return', { params: { path: { id: nextId } }, body: { comment: 'mine' } })).response.status).toBe(403);
    const returned = await second.POST('/api/process-drafts/{id}/return', { params: { path: { id: nextId } }, body: { comment: '阈值太低 Threshold too low' } });
    expect(returned.data).toMatchObject({ status: 'returned', reviewer: 'li.shen', comment: '阈值太低 Threshold too low' });
    expect((await second.POST('/api/process-drafts/{id}/return', { params: { path: { id: nextId } }, body: { comment: 'again' } })).response.status).toBe(409);
    expect((await owner.GET('/api/processes/{id}/versions', { params: { path: { id: 'levy' } } })).data?.items).toHaveLength(1);
  });

  it('answers the shared calendar routes as declared', async () => {
    const owner = as('process-owner');
    const listed = await owner.GET('/api/calendars');
    expect(listed.data?.items.some((item) => item.calendarId === 'cn-mainland')).toBe(true);
    expect((await as('anonymous').GET('/api/calendars')).response.status).toBe(401);
    const latest = await owner.GET('/api/calendars/{id}', { params: { path: { id: 'cn-mainland' } } });
    const yaml = latest.data?.yaml ?? '';
    expect(yaml).toContain('cn-mainland');
    expect((await owner.GET('/api/calendars/{id}', { params: { path: { id: 'nope' } } })).response.status).toBe(404);
    expect((await owner.GET('/api/calendars/{id}/versions/{version}', { params: { path: { id: 'cn-mainland', version: '1' } } })).data?.version).toBe(1);
    expect((await owner.GET('/api/calendars/{id}/versions/{version}', { params: { path: { id: 'cn-mainland', version: '0' } } })).response.status).toBe(404);
    expect((await owner.POST('/api/calendars/validate', { body: { yaml } })).data?.valid).toBe(true);
    expect((await owner.POST('/api/calendars/validate', { body: { yaml: '' } })).response.status).toBe(422);
    const published = await owner.POST('/api/calendars', { body: { yaml, message: 'again' } });
    expect(published.response.headers.get('Location')).toBe('/api/calendars/cn-mainland/versions/2');
    expect((await as('agent').POST('/api/calendars', { body: { yaml } })).response.status).toBe(403);
  });

  it('answers the case and work routes as declared, refusals included', async () => {
    const agent = as('agent');
    const lead = as('team-lead');
    const opened = await agent.POST('/api/cases', { body: { process: 'complaint-handling', data: complaint() }, headers: { 'Idempotency-Key': 'contract-1' } });
    const id = opened.data?.id ?? '';
    expect([opened.response.status, opened.response.headers.get('ETag')]).toEqual([201, '"1"']);
    expect(opened.data && 'searchText' in opened.data).toBe(false);
    expect((await agent.POST('/api/cases', { body: { process: 'complaint-handling', data: complaint('someone else') }, headers: { 'Idempotency-Key': 'contract-1' } })).response.status).toBe(409);
    expect((await agent.POST('/api/cases', { body: { process: 'no-such-process', data: {} } })).response.status).toBe(404);
    const history = await agent.GET('/api/cases/{id}/customer-history', { params: { path: { id } } });
    expect(history.data?.items.map((item) => item.id)).toContain(id);
    expect((await agent.GET('/api/cases/{id}/customer-history', { params: { path: { id: 'C-nope' } } })).response.status).toBe(404);
    expect((await agent.POST('/api/cases', { body: { process: 'complaint-handling', data: { channel: 'phone' } } })).response.status).toBe(422);
    expect((await agent.POST('/api/cases', { body: { process: 'complaint-handling', data: complaint() }, headers: { 'Idempotency-Key': 'a b' } })).response.status).toBe(400);

    const page = await agent.GET('/api/cases', { params: { query: { mine: true, limit: 5, status: 'active', sort: 'due' } } });
    expect(page.data?.items.map((item) => item.id)).toContain(id);
    expect((await agent.GET('/api/cases', { params: { query: { limit: 0 } } })).error?.errors).toEqual([{ field: 'limit', message: 'must be at least 1' }]);
    expect((await agent.GET('/api/cases/{id}', { params: { path: { id } } })).data?.actions.map((action) => action.type)).toContain('reply');
    expect((await agent.GET('/api/cases/{id}', { params: { path: { id: 'C-nope' } } })).response.status).toBe(404);

    const event = (type: string, input: Record<string, unknown>, headers: Record<string, string> = {}, client = agent) =>
      client.POST('/api/cases/{id}/events', { params: { path: { id } }, body: { type, input }, headers });
    expect((await event('callback', { satisfaction: 'satisfied' })).error).toMatchObject({ code: 'event-not-allowed', state: 'received' });
    expect((await event('reply', {})).response.status).toBe(422);
    expect((await event('declare-major', { reason: 'press' })).response.status).toBe(403);
    expect((await event('reply', { message: 'x' }, { 'If-Match': '"7"' })).response.status).toBe(412);
    expect((await event('reply', { message: 'x' }, { 'If-Match': 'yesterday' })).response.status).toBe(400);
    expect((await event('declare-major', { reason: '媒体关注 Press' }, {}, lead)).data?.revision).toBe(2);
    expect((await event('declare-major', { reason: '再次 Again' }, {}, lead)).error).toMatchObject({ code: 'guard-refused', state: 'received', condition: 'data.severity != "major"' });
    const replied = await event('reply', { message: '您好 Hello' }, { 'If-Match': '"2"' }, lead);
    expect([replied.response.status, replied.response.headers.get('ETag')]).toEqual([200, '"3"']);

    for (const route of ['/api/cases/{id}/history', '/api/cases/{id}/timers', '/api/cases/{id}/replay'] as const) {
      expect((await agent.GET(route, { params: { path: { id } } })).response.status).toBe(200);
      expect((await agent.GET(route, { params: { path: { id: 'C-nope' } } })).response.status).toBe(404);
    }

    const work = (await agent.POST('/api/cases', { body: { process: 'complaint-handling', data: complaint('王芳 Wang Fang') } })).data?.id ?? '';
    expect((await agent.POST('/api/cases/{id}/release', { params: { path: { id: work } }, body: { reason: '换人 Someone else' } })).data?.assignee).toBeUndefined();
    expect((await lead.POST('/api/cases/{id}/release', { params: { path: { id: 'C-nope' } } })).response.status).toBe(404);
    expect((await agent.POST('/api/cases/{id}/claim', { params: { path: { id: work } } })).data?.assignee).toBe('agent');
    expect((await agent.POST('/api/cases/{id}/claim', { params: { path: { id: work } } })).response.status).toBe(409);
    await agent.POST('/api/cases/{id}/release', { params: { path: { id: work } } });
    const assigned = await lead.POST('/api/cases/{id}/assign', { params: { path: { id: work } }, body: { to: 'agent' } });
    expect(assigned.error ?? assigned.data?.assignee).toBe('agent');
    expect((await lead.POST('/api/cases/{id}/assign', { params: { path: { id: work } }, body: { to: '' } })).response.status).toBe(422);
    expect((await agent.POST('/api/cases/{id}/notes', { params: { path: { id } }, body: { text: '客户来电 The customer called' } })).response.status).toBe(201);
    expect((await agent.POST('/api/cases/{id}/notes', { params: { path: { id } }, body: { text: ' ' } })).response.status).toBe(422);
    const bulk = await lead.POST('/api/cases/bulk', { body: { ids: [work, 'C-nope'], action: 'release' } });
    expect([bulk.data?.succeeded, bulk.data?.refused]).toEqual([1, 1]);
    expect((await lead.POST('/api/cases/bulk', { body: { ids: [], action: 'claim' } })).response.status).toBe(422);

    expect((await lead.GET('/api/workload')).response.status).toBe(200);
    expect((await agent.GET('/api/workload')).response.status).toBe(403);
    expect((await lead.GET('/api/notifications', { params: { query: { unread: true, limit: 10 } } })).data?.unread).toBeGreaterThan(0);
    expect((await lead.GET('/api/notifications', { params: { query: { limit: 500 } } })).response.status).toBe(422);
    expect((await lead.POST('/api/notifications/read', { body: {} })).data?.marked).toBeGreaterThan(0);
    expect((await lead.POST('/api/notifications/read', { body: { ids: [1.5] } })).response.status).toBe(422);
  });

  it('answers the directory, token and filter routes as declared', async () => {
    expect((await as('admin').POST('/api/units', { body: { id: 'east-district', label: '东城区分公司 East district' } })).response.status).toBe(201);
    expect((await as('admin').POST('/api/units', { body: { id: 'north-county', label: '北县分公司 North county' } })).response.status).toBe(201);
    expect((await as('agent').GET('/api/units')).data?.units.map((unit) => unit.id)).toContain('north-county');
    expect((await as('admin').POST('/api/units', { body: { id: 'north-county', label: 'again' } })).response.status).toBe(409);
    expect((await as('admin').POST('/api/units', { body: { id: 'North County', label: '' } })).response.status).toBe(422);
    expect((await as('admin').PATCH('/api/units/{id}', { params: { path: { id: 'north-county' } }, body: { label: '北县 North' } })).data?.label).toBe('北县 North');
    expect((await as('admin').PATCH('/api/units/{id}', { params: { path: { id: 'nowhere' } }, body: { label: 'x' } })).response.status).toBe(404);
    expect((await as('admin').PATCH('/api/units/{id}', { params: { path: { id: 'north-county' } }, body: { label: ' ' } })).response.status).toBe(422);
    const yaml = await as('auditor').GET('/api/org', { parseAs: 'text' });
    expect(yaml.data).toContain('north-county');
    expect((await as('agent').GET('/api/org', { parseAs: 'text' })).response.status).toBe(403);
    const current = (await as('admin').GET('/api/units')).data;
    const imported = await as('admin').PUT('/api/org', { body: { units: current?.units ?? [], cityRoles: current?.cityRoles, supervisorRoles: current?.supervisorRoles } });
    expect(imported.data).toEqual(current);
    expect((await as('admin').PUT('/api/org', { body: { units: [{ id: 'Bad Id', label: '' }] } })).response.status).toBe(422);

    for (const username of ['li.na', 'wu.gang']) await as('admin').POST('/api/users', { body: { username, password: PASSWORD, roles: ['agent'], units: ['north-county'] } });
    const week = { from: h.clock.now(), until: h.clock.now() + 7 * 86_400_000 };
    expect((await as('admin').PUT('/api/users/{id}/absence', { params: { path: { id: 'li.na' } }, body: { ...week, delegate: 'ghost' } })).response.status).toBe(422);
    expect((await as('admin').PUT('/api/users/{id}/absence', { params: { path: { id: 'li.na' } }, body: { ...week, delegate: 'wu.gang' } })).data?.absence?.delegate).toBe('wu.gang');
    expect((await as('agent').PUT('/api/users/{id}/absence', { params: { path: { id: 'admin' } }, body: { ...week, delegate: 'agent' } })).response.status).toBe(404);
    expect((await as('admin').DELETE('/api/users/{id}/absence', { params: { path: { id: 'li.na' } } })).response.status).toBe(204);
    expect((await as('admin').DELETE('/api/users/{id}/absence', { params: { path: { id: 'nobody' } } })).response.status).toBe(404);

    const issued = await as('admin').POST('/api/tokens', { body: { name: 'report bot', user: 'finance' } });
    expect(issued.response.headers.get('Cache-Control')).toBe('no-store');
    expect((await as('admin').POST('/api/tokens', { body: { name: 'ghost bot', user: 'ghost' } })).response.status).toBe(404);
    expect((await as('admin').POST('/api/tokens', { body: { name: 'bot', user: 'finance', expiresIn: 'forever' } })).response.status).toBe(422);
    expect((await as('auditor').GET('/api/tokens', { params: { query: { user: 'finance' } } })).data?.items).toHaveLength(1);
    expect((await as('auditor').GET('/api/tokens', { params: { query: { user: 'ghost' } } })).response.status).toBe(404);
    expect((await as('admin').DELETE('/api/tokens/{id}', { params: { path: { id: issued.data?.id ?? '' } } })).response.status).toBe(204);
    expect((await as('admin').DELETE('/api/tokens/{id}', { params: { path: { id: 'no-such-token' } } })).response.status).toBe(404);

    const saved = await as('agent').POST('/api/filters', { body: { name: '我的逾期 My overdue', query: { view: 'assigned', overdue: 'true' } } });
    expect(saved.response.status).toBe(201);
    expect((await as('agent').POST('/api/filters', { body: { name: 'odd', query: { colour: 'red' } } })).error?.errors).toEqual([{ field: 'query.colour', message: 'is not a known field' }]);
    expect((await as('agent').GET('/api/filters')).data?.items.map((filter) => filter.name)).toEqual(['我的逾期 My overdue']);
    expect((await as('agent').DELETE('/api/filters/{id}', { params: { path: { id: saved.data?.id ?? '' } } })).response.status).toBe(204);
    expect((await as('agent').DELETE('/api/filters/{id}', { params: { path: { id: saved.data?.id ?? '' } } })).response.status).toBe(404);
  });

  it('answers the clock, audit, outbox and report routes as declared', async () => {
    const admin = as('admin');
    expect((await as('agent').GET('/api/clock')).data?.manual).toBe(true);
    expect((await admin.POST('/api/clock/advance', { body: { by: '25h' } })).data?.advancedMs).toBe(25 * 3_600_000);
    expect((await admin.POST('/api/clock/advance', { body: { by: 'soon' } })).response.status).toBe(422);

    expect((await as('auditor').GET('/api/audit/verify')).data?.valid).toBe(true);
    expect((await as('agent').GET('/api/audit/verify')).response.status).toBe(403);
    const logPage = (await as('auditor').GET('/api/audit/log', { params: { query: { limit: 2 } } })).data;
    expect(typeof logPage === 'object' ? logPage.items : []).toHaveLength(2);
    const csv = await as('auditor').GET('/api/audit/log', { params: { query: { format: 'csv' } }, parseAs: 'text' });
    expect(csv.response.headers.get('Content-Disposition')).toMatch(/admin-log-\d{8}\.csv/);
    expect((await as('auditor').GET('/api/audit/log', { params: { query: { from: 'monday' } } })).error?.errors).toEqual([expect.objectContaining({ field: 'from' })]);
    expect((await admin.POST('/api/audit/checkpoint')).response.status).toBe(201);
    expect((await as('auditor').POST('/api/audit/checkpoint')).response.status).toBe(403);

    const outbox = await admin.GET('/api/outbox', { params: { query: { limit: 5 } } });
    const message = outbox.data?.items[0];
    expect(message).toBeDefined();
    expect((await admin.GET('/api/outbox', { params: { query: { before: 0 } } })).response.status).toBe(422);
    expect((await admin.GET('/api/outbox/{id}', { params: { path: { id: String(message?.id) } } })).data?.id).toBe(message?.id);
    expect((await admin.GET('/api/outbox/{id}', { params: { path: { id: '999999' } } })).response.status).toBe(404);
    await h.store.updateOutbox(message?.id ?? 0, { status: 'dead', attempts: 5, lastError: 'unreachable' });
    expect((await admin.POST('/api/outbox/{id}/retry', { params: { path: { id: String(message?.id) } } })).data?.status).toBe('pending');
    expect((await admin.POST('/api/outbox/{id}/retry', { params: { path: { id: String(message?.id) } } })).response.status).toBe(409);

    const finance = as('finance');
    expect((await finance.GET('/api/reports')).data?.figures).toContain('warning-digest');
    const digest = (await finance.GET('/api/reports/warning-digest')).data;
    expect(typeof digest === 'object' ? digest.week.label : digest).toMatch(/^\d{4}-W\d{2}$/);
    expect((await finance.GET('/api/reports/warning-digest', { params: { query: { format: 'text' } }, parseAs: 'text' })).response.status).toBe(200);
    expect((await finance.GET('/api/reports/monthly-report', { params: { query: { month: '2026-02' } } })).response.status).toBe(200);
    expect((await finance.GET('/api/reports/monthly-report', { params: { query: { month: '2026-13' } } })).response.status).toBe(422);
    expect((await finance.GET('/api/reports/warning-digest', { params: { query: { week: 'someday' } } })).response.status).toBe(422);
    const figure = (await finance.GET('/api/reports/{figure}', { params: { path: { figure: 'complaint-rate' }, query: { from: '2025-03-01', to: '2025-03-31' } } })).data;
    expect(typeof figure === 'object' ? figure.figure : figure).toBe('complaint-rate');
    const figureCsv = await finance.GET('/api/reports/{figure}', { params: { path: { figure: 'complaint-rate' }, query: { format: 'csv' } }, parseAs: 'text' });
    expect(figureCsv.response.headers.get('Content-Type')).toMatch(/^text\/csv/);
    expect((await finance.GET('/api/reports/{figure}', { params: { path: { figure: 'no-such-figure' } } })).response.status).toBe(404);
    expect((await finance.GET('/api/reports/{figure}', { params: { path: { figure: 'complaint-rate' }, query: { from: '2025-03-31', to: '2025-03-01' } } })).response.status).toBe(422);
    expect((await as('agent').GET('/api/reports')).response.status).toBe(403);
  });

  it('found every answer declared, every body and header as the document says', () => {
    expect(check.violations).toEqual([]);
  });

  it('drove every operation of the document, each to a success and to a refusal', () => {
    const operations = Object.entries(Object(document.paths)).flatMap(([path, item]) => Object.keys(Object(item)).map((method) => `${method.toUpperCase()} ${path}`));
    const answered = (operation: string, success: boolean) => [...check.seen].some((seen) => seen.startsWith(`${operation} `) && (Number(seen.split(' ').at(-1)) < 400) === success);
    // The health check and this document cannot be refused: they need nothing and take nothing.
    const unrefusable = new Set(['GET /health', 'GET /api/openapi.json']);
    expect(operations.filter((operation) => !answered(operation, true))).toEqual([]);
    expect(operations.filter((operation) => !unrefusable.has(operation) && !answered(operation, false))).toEqual([]);
    expect(check.seen.size).toBeGreaterThan(2 * operations.length);
  });
});
