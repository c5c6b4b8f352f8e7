/**
 * The OpenAPI 3.1 document of the API, kept by hand beside the routes. `API_OPERATIONS` is also
 * the list the security tests walk, and a test checks it names exactly the routes served.
 */
import { peopleSchemas } from './openapi-people.js';
import { schemas } from './openapi-schemas.js';
import { simulationSchemas } from './openapi-simulation.js';
import { ADMIN_ACTIONS } from '../engine/audit/types.js';
import { ADMIN_LOG_READERS } from './routes/audit.js';
import { OUTBOX_READERS } from './routes/outbox.js';
import { REPORT_READERS } from './routes/reports.js';

/** One operation of the API. */
export interface ApiOperation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Hono-style path: `/api/cases/:id`. */
  path: string;
  summary: string;
  /** Roles of which the caller needs one (any authenticated caller when absent). */
  roles?: string[];
  /** Needs no caller at all. */
  public?: boolean;
  /** Schema name of the JSON body; `yaml` also accepts the YAML text itself. */
  body?: string;
  yaml?: boolean;
  /** Status and schema name of the success answer (`text` for plain text, `yaml` for YAML text). */
  ok: [number, string | null];
  query?: Record<string, string>;
  headers?: Record<string, string>;
  /** Only served with `CASEFLOW_CLOCK=manual`. */
  manualClockOnly?: boolean;
}

const CASE_FILTERS = {
  process: 'process id',
  state: 'top-level state name',
  status: 'active or done',
  role: 'comma-separated roles: cases someone with one of them can act on now',
  mine: 'true: cases the caller\'s roles can act on now',
  overdue: 'true: cases with a running deadline already past',
  search: 'substring of the case\'s search text (customer name, phone…)',
  parent: 'id of the parent case',
  view: 'assigned (held by me), queue (nobody holds it and my roles can claim it, in my units), waiting (waits on my decision), all',
  assignee: 'me, none, or a username',
  unit: 'comma-separated unit ids (within the caller\'s units)',
  sort: 'due: cases with a running deadline, soonest first; created (default): newest first',
  limit: 'page size, 1-100 (default 50; larger values are cut to 100)',
  cursor: 'nextCursor of the previous page',
};

/** Every operation served. */
export const API_OPERATIONS: ApiOperation[] = [
  { method: 'get', path: '/health', summary: 'Liveness and database check', public: true, ok: [200, 'Health'] },
  { method: 'get', path: '/metrics', summary: 'Prometheus metrics (text format)', ok: [200, 'text'] },
  { method: 'post', path: '/api/session', summary: 'Log in: sets the session cookie and returns the CSRF token', public: true, body: 'Login', ok: [200, 'Session'] },
  { method: 'delete', path: '/api/session', summary: 'Log out', ok: [204, null] },
  { method: 'post', path: '/api/session/password', summary: 'Change one\'s own password: every session ends and this browser gets a new one (422 names the broken rule)', body: 'PasswordChange', ok: [200, 'Session'] },
  { method: 'post', path: '/api/session/totp', summary: 'Start turning on a second factor: a new TOTP secret and its otpauth URI', ok: [201, 'TotpEnrolment'] },
  { method: 'post', path: '/api/session/totp/confirm', summary: 'Confirm the second factor with a first code; logins then need a code', body: 'TotpCode', ok: [200, 'User'] },
  { method: 'get', path: '/api/me', summary: 'The caller: roles, units, absence, scope, and (for a cookie session) its CSRF token', ok: [200, 'Me'] },
  { method: 'get', path: '/api/users', summary: 'Users the caller sees: everyone for admins, auditors and city-level roles; otherwise the people sharing a unit', ok: [200, 'UserList'] },
  { method: 'post', path: '/api/users', summary: 'Create a user', roles: ['admin'], body: 'NewUser', ok: [201, 'User'] },
  { method: 'get', path: '/api/users/:id', summary: 'One user (by id or username) the caller sees', ok: [200, 'User'] },
  { method: 'patch', path: '/api/users/:id', summary: 'Change roles, units, name, email, disable, set a new password or turn off the second factor (the last three end the user\'s sessions)', roles: ['admin'], body: 'UserChange', ok: [200, 'User'] },
  { method: 'put', path: '/api/users/:id/absence', summary: 'Mark someone away with a delegate (themselves, an admin, or a supervisor of their unit)', body: 'Absence', ok: [200, 'User'] },
  { method: 'delete', path: '/api/users/:id/absence', summary: 'Mark someone back', ok: [204, null] },
  { method: 'get', path: '/api/units', summary: 'The organisation directory: units, city-level roles and supervisor roles', ok: [200, 'Directory'] },
  { method: 'post', path: '/api/units', summary: 'Add a unit', roles: ['admin'], body: 'Unit', ok: [201, 'Unit'] },
  { method: 'patch', path: '/api/units/:id', summary: 'Relabel a unit', roles: ['admin'], body: 'UnitChange', ok: [200, 'Unit'] },
  { method: 'get', path: '/api/org', summary: 'The organisation directory as YAML', roles: ['admin', 'auditor'], ok: [200, 'yaml'] },
  { method: 'put', path: '/api/org', summary: 'Replace the whole organisation directory from YAML (or JSON): all or nothing, 422 listing every problem', roles: ['admin'], body: 'Directory', yaml: true, ok: [200, 'Directory'] },
  { method: 'get', path: '/api/tokens', summary: 'List API tokens', roles: ['admin', 'auditor'], query: { user: 'only the tokens of this user' }, ok: [200, 'TokenList'] },
  { method: 'post', path: '/api/tokens', summary: 'Issue an API token (the secret is shown once)', roles: ['admin'], body: 'NewToken', ok: [201, 'IssuedToken'] },
  { method: 'delete', path: '/api/tokens/:id', summary: 'Revoke an API token', roles: ['admin'], ok: [204, null] },
  { method: 'get', path: '/api/processes', summary: 'Published processes (latest version of each)', ok: [200, 'ProcessList'] },
  { method: 'post', path: '/api/processes/validate', summary: 'Diagnostics of a process file; nothing stored', roles: ['process-owner', 'admin'], body: 'ProcessUpload', yaml: true, ok: [200, 'Validation'] },
  { method: 'post', path: '/api/processes', summary: 'Publish a new version (422 with diagnostics when invalid)', roles: ['process-owner'], body: 'ProcessUpload', yaml: true, ok: [201, 'ProcessVersion'] },
  { method: 'post', path: '/api/processes/preview-template', summary: 'Render a template of a draft with a case\'s data (or given data), escaped; nothing stored', roles: ['process-owner', 'admin'], body: 'TemplatePreview', ok: [200, 'RenderedTemplate'] },
  { method: 'post', path: '/api/simulate', summary: 'Run a trial case of a draft through events and clock moves, in a worker within CASEFLOW_SIMULATION_TIMEOUT; nothing stored (422 with diagnostics if invalid, 422 simulation-timed-out past the limit)', roles: ['process-owner', 'admin'], body: 'Simulation', ok: [200, 'SimulationResult'] },
  { method: 'get', path: '/api/processes/:id', summary: 'Latest version with its YAML source, definition and all versions', ok: [200, 'ProcessWithVersions'] },
  { method: 'get', path: '/api/processes/:id/versions', summary: 'Every version of a process', ok: [200, 'ProcessList'] },
  { method: 'get', path: '/api/processes/:id/versions/:version', summary: 'One version with its YAML source and definition', ok: [200, 'ProcessVersion'] },
  { method: 'post', path: '/api/cases', summary: 'Open a case (roles: the process\'s starters)', body: 'NewCase', headers: { 'Idempotency-Key': 'a repeated key returns the first answer and changes nothing' }, ok: [201, 'CaseView'] },
  { method: 'get', path: '/api/cases', summary: 'List cases, newest first, a page at a time', query: CASE_FILTERS, ok: [200, 'CasePage'] },
  { method: 'get', path: '/api/cases/:id', summary: 'A case: state, data, revision (ETag), deadlines and the actions the caller may take', ok: [200, 'CaseView'] },
  {
    method: 'post',
    path: '/api/cases/:id/events',
    summary: 'Send an event: 403 role, 409 not allowed now, 409/412 stale revision, 422 bad input',
    body: 'NewEvent',
    headers: { 'If-Match': 'the revision read, as "3": 412 when the case has moved on', 'Idempotency-Key': 'a repeated key returns the first answer and changes nothing' },
    ok: [200, 'CaseView'],
  },
  { method: 'get', path: '/api/cases/:id/history', summary: 'Events with actor, time, from, to, input and hashes', ok: [200, 'History'] },
  { method: 'get', path: '/api/cases/:id/timers', summary: 'Pending timers of a case', ok: [200, 'Timers'] },
  { method: 'get', path: '/api/cases/:id/replay', summary: 'Re-run the case through its pinned version, step by step', ok: [200, 'Replay'] },
  { method: 'post', path: '/api/cases/:id/assign', summary: 'Give the case to a person (assigners; 422 naming the person who cannot hold it)', body: 'Assign', ok: [200, 'CaseView'] },
  { method: 'post', path: '/api/cases/:id/claim', summary: 'Take a queued case (409 naming the holder when someone has it)', ok: [200, 'CaseView'] },
  { method: 'post', path: '/api/cases/:id/release', summary: 'Put a held case back in its queue (the holder or an assigner)', body: 'Release', ok: [200, 'CaseView'] },
  { method: 'post', path: '/api/cases/:id/notes', summary: 'Add an internal note to the timeline', body: 'Note', ok: [201, 'CaseView'] },
  { method: 'post', path: '/api/cases/bulk', summary: 'One action on many cases, each its own event; the result of each', body: 'Bulk', ok: [200, 'BulkResult'] },
  { method: 'get', path: '/api/workload', summary: 'Active cases per person in the caller\'s units: open, overdue, due today', roles: ['team-lead', 'center-manager', 'cs-director', 'general-manager', 'admin'], ok: [200, 'Workload'] },
  { method: 'get', path: '/api/notifications', summary: 'The caller\'s in-app notifications, newest first, and the unread count', query: { unread: 'true: only unread', limit: '1-200 (default 50)' }, ok: [200, 'Notifications'] },
  { method: 'post', path: '/api/notifications/read', summary: 'Mark notifications read (all without ids)', body: 'NotificationsRead', ok: [200, 'Marked'] },
  { method: 'get', path: '/api/filters', summary: 'Saved inbox filters: the caller\'s and those shared with their units or roles', ok: [200, 'FilterList'] },
  { method: 'post', path: '/api/filters', summary: 'Save the inbox query under a name, optionally shared with a unit or a role', body: 'NewFilter', ok: [201, 'Filter'] },
  { method: 'delete', path: '/api/filters/:id', summary: 'Delete a saved filter (its owner or an admin)', ok: [204, null] },
  { method: 'get', path: '/api/audit/verify', summary: 'Check every case\'s hash chain against its case row, the admin log\'s chain and the sealed checkpoints', roles: ['auditor', 'admin'], ok: [200, 'ChainVerification'] },
  {
    method: 'get',
    path: '/api/audit/log',
    summary: 'Administrative actions (users, roles, tokens, units, publishing, clock), hash-chained, newest first; format=csv or json downloads them',
    roles: ADMIN_LOG_READERS,
    query: {
      action: `one of ${ADMIN_ACTIONS.join(', ')}`, actor: 'username of who did it', from: 'start (ISO date or epoch ms)', to: 'end, exclusive (a date: its whole day)',
      before: 'nextBefore of the previous page', limit: `page size, 1-${500} (default 100)`, format: 'csv or json: download every matching entry (at most 10,000)',
    },
    ok: [200, 'AdminLogPage'],
  },
  { method: 'post', path: '/api/audit/checkpoint', summary: 'Write a sealed checkpoint of every case head changed since the last one, now', roles: ['admin'], ok: [201, 'Checkpoint'] },
  { method: 'get', path: '/api/clock', summary: 'The engine\'s time, and whether it is a manual clock', ok: [200, 'Clock'] },
  { method: 'post', path: '/api/clock/advance', summary: 'Move the manual clock and fire what fell due (only with CASEFLOW_CLOCK=manual; 404 otherwise; recorded in the admin log)', roles: ['admin'], body: 'ClockAdvance', manualClockOnly: true, ok: [200, 'ClockAdvanced'] },
  { method: 'get', path: '/api/openapi.json', summary: 'This document', ok: [200, 'OpenApi'] },
  {
    method: 'get',
    path: '/api/outbox',
    summary: 'Messages waiting for or done with delivery, newest first, with counts by status',
    roles: OUTBOX_READERS,
    query: { status: 'pending, sent, failed or dead', case: 'only the messages of this case', before: 'id from the previous page', limit: 'page size (default 50)' },
    ok: [200, 'OutboxPage'],
  },
  { method: 'get', path: '/api/outbox/:id', summary: 'One outbox message', roles: OUTBOX_READERS, ok: [200, 'OutboxMessage'] },
  { method: 'post', path: '/api/outbox/:id/retry', summary: 'Send a failed or dead message again', roles: ['admin'], ok: [200, 'OutboxMessage'] },
  { method: 'get', path: '/api/reports', summary: 'The figures there are reports of', roles: REPORT_READERS, ok: [200, 'ReportList'] },
  { method: 'get', path: '/api/cases/:id/customer-history', summary: 'Every case of this case’s customer (same phone or customer id) across processes, newest first', ok: [200, 'Report'] },
  { method: 'get', path: '/api/reports/monthly-report', summary: 'The monthly service report (客服月报): figures by unit, ranked, and the late complaints', roles: REPORT_READERS, query: { month: 'the month wanted, 2026-03 (default: last month)', format: 'json or text' }, ok: [200, 'Report'] },
  { method: 'get', path: '/api/reports/warning-digest', summary: 'The weekly warning digest (预警分析通报)', roles: REPORT_READERS, query: { week: 'a day of the week wanted (default: this week)', format: 'json or text' }, ok: [200, 'Report'] },
  {
    method: 'get',
    path: '/api/reports/:figure',
    summary: 'One report\'s figures by period and business unit (JSON or CSV)',
    roles: REPORT_READERS,
    query: { from: 'start (ISO date or epoch ms)', to: 'end, exclusive', unit: 'business unit', format: 'json or csv', table: 'which table, for CSV' },
    ok: [200, 'Report'],
  },
];

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ref('Problem') } } });
const listOf = (name: string) => ({ type: 'object', properties: { items: { type: 'array', items: ref(name) } }, required: ['items'] });

const extraSchemas: Record<string, unknown> = {
  UserList: listOf('User'),
  TokenList: listOf('Token'),
  ProcessList: listOf('ProcessSummary'),
  ProcessWithVersions: { allOf: [ref('ProcessVersion'), { type: 'object', properties: { versions: { type: 'array', items: ref('ProcessSummary') } } }] },
  OpenApi: { type: 'object', description: 'an OpenAPI 3.1 document' },
  AdminLogEntry: {
    type: 'object',
    properties: {
      seq: { type: 'integer' }, at: { type: 'integer' }, actorId: { type: 'string' }, actorName: { type: 'string' }, action: { enum: [...ADMIN_ACTIONS] },
      target: { type: 'string' }, details: { type: 'object' }, prevHash: { type: 'string' }, hash: { type: 'string' },
    },
  },
  AdminLogPage: { type: 'object', properties: { items: { type: 'array', items: ref('AdminLogEntry') }, nextBefore: { type: 'integer' } }, required: ['items'] },
  Checkpoint: {
    type: 'object',
    properties: {
      seq: { type: 'integer' }, at: { type: 'integer' }, eventsMark: { type: 'integer' }, caseCount: { type: 'integer' }, headsDigest: { type: 'string' },
      adminSeq: { type: 'integer' }, adminHash: { type: 'string' }, keyId: { type: 'string' }, prevHash: { type: 'string' }, hash: { type: 'string' }, seal: { type: 'string' },
    },
  },
  OutboxMessage: {
    type: 'object',
    properties: {
      id: { type: 'integer' }, caseId: { type: 'string' }, eventSeq: { type: 'integer' }, channel: { type: 'string' }, template: { type: 'string' },
      to: { type: 'array', items: { type: 'string' } }, subject: { type: 'string' }, body: { type: 'string' },
      status: { enum: ['pending', 'sent', 'failed', 'dead'] }, attempts: { type: 'integer' }, nextAttemptAt: { type: 'integer' }, lastError: { type: 'string' }, createdAt: { type: 'integer' },
    },
  },
  OutboxPage: { type: 'object', properties: { items: { type: 'array', items: ref('OutboxMessage') }, counts: { type: 'object', additionalProperties: { type: 'integer' } } } },
  ReportList: { type: 'object', properties: { figures: { type: 'array', items: { type: 'string' } }, timezone: { type: 'string' } } },
  Report: {
    type: 'object',
    description: 'figures and tables of one report',
    properties: {
      tables: { type: 'object', description: 'tables for CSV; their unit column shows the unit labels' },
      unitLabels: { type: 'object', additionalProperties: { type: 'string' }, description: 'labels of the directory units by id, for the unit ids in data' },
    },
  },
};

function operationObject(op: ApiOperation): Record<string, unknown> {
  const parameters: unknown[] = [];
  for (const match of op.path.matchAll(/:(\w+)/g)) parameters.push({ name: match[1], in: 'path', required: true, schema: { type: 'string' } });
  for (const [name, description] of Object.entries(op.query ?? {})) parameters.push({ name, in: 'query', required: false, description, schema: { type: 'string' } });
  for (const [name, description] of Object.entries(op.headers ?? {})) parameters.push({ name, in: 'header', required: false, description, schema: { type: 'string' } });
  const [status, schema] = op.ok;
  const responses: Record<string, unknown> = {
    [status]: schema === null
      ? { description: 'done' }
      : schema === 'text' || schema === 'yaml'
        ? { description: 'ok', content: { [schema === 'text' ? 'text/plain' : 'application/yaml']: { schema: { type: 'string' } } } }
        : { description: 'ok', content: { 'application/json': { schema: ref(schema) } } },
  };
  if (!op.public) responses['401'] = problem('no session or token');
  if (op.roles || (!op.public && op.method !== 'get')) responses['403'] = problem('the caller\'s roles do not allow this (auditors change nothing; cookie callers must send X-CSRF-Token)');
  if (op.body) {
    responses['400'] = problem('malformed JSON');
    responses['413'] = problem('body too large');
    responses['415'] = problem('wrong content type');
    responses['422'] = problem('invalid input: `errors` (or `diagnostics`) names each problem');
  }
  if (op.path.includes(':')) responses['404'] = problem('unknown id');
  if ((op.path === '/api/session' || op.path === '/api/session/password') && op.method === 'post') responses['429'] = problem('too many wrong passwords: see Retry-After');
  if (op.path.startsWith('/api/cases') && op.method === 'post') responses['409'] = problem('event not allowed now (with `state`), stale revision, or a reused idempotency key');
  if (['/api/users', '/api/units', '/api/session/totp', '/api/session/totp/confirm'].includes(op.path) && op.method === 'post') responses['409'] = problem('the id or username is taken, or the second factor is already on');
  if (op.path === '/api/cases/:id/events') responses['412'] = problem('If-Match names a revision the case has moved past');
  const operation: Record<string, unknown> = {
    operationId: `${op.method}${op.path.replace(/[/:.]+(\w)/g, (_, c: string) => c.toUpperCase())}`,
    summary: op.summary,
    parameters,
    responses,
  };
  if (op.roles) operation.description = `Roles: ${op.roles.join(', ')}.`;
  if (op.public) operation.security = [];
  if (op.body) {
    const content: Record<string, unknown> = { 'application/json': { schema: ref(op.body) } };
    if (op.yaml) content['application/yaml'] = { schema: { type: 'string' } };
    operation.requestBody = { required: true, content };
  }
  return operation;
}

/** The operations served by an app built with or without a manual clock. */
export function servedOperations(manualClock: boolean): ApiOperation[] {
  return API_OPERATIONS.filter((op) => manualClock || !op.manualClockOnly);
}

/** The parts of an OpenAPI 3.1 document this module writes. */
export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  servers: Array<{ url: string }>;
  security: Array<Record<string, string[]>>;
  paths: Record<string, Record<string, Record<string, unknown>>>;
  components: { securitySchemes: Record<string, unknown>; schemas: Record<string, unknown> };
}

/** The OpenAPI 3.1 document. */
export function openApiDocument(options: { manualClock: boolean }): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  for (const op of servedOperations(options.manualClock)) {
    const path = op.path.replace(/:(\w+)/g, '{$1}');
    paths[path] ??= {};
    paths[path][op.method] = operationObject(op);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Caseflow API',
      version: '0.1.0',
      description: 'Cases of YAML-defined processes: open them, move them by events, audit and replay them. Errors are application/problem+json (RFC 9457).',
    },
    servers: [{ url: '/' }],
    security: [{ session: [] }, { bearer: [] }],
    paths,
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'caseflow_session', description: 'from POST /api/session; unsafe methods also need X-CSRF-Token' },
        bearer: { type: 'http', scheme: 'bearer', description: 'an API token from POST /api/tokens' },
      },
      schemas: { ...schemas, ...peopleSchemas, ...simulationSchemas, ...extraSchemas },
    },
  };
}
