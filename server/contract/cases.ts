/**
 * Declarations of the case operations: open, list, read, send an event, history, timers, replay.
 */
import { Type as T } from '@sinclair/typebox';
import { operation } from './operation.js';
import { CaseDtoShape, CaseLeanShape, CasePageShape, HistoryShape, ReplayShape, TimersShape } from './case-shapes.js';
import { Enum, EpochMs, ETagHeader, Int, LocationHeader, Obj, OpenObject, Opt, problem, Str, Text } from './shapes.js';

/** Most cases in one page. */
export const MAX_CASE_PAGE = 100;

const CaseId = T.Object({ id: Str({ description: 'case id' }) });
const idempotencyKey = Opt(T.String({ pattern: '^[\\x21-\\x7e]{1,200}$', description: 'a repeated key returns the first answer and changes nothing (400 idempotency-key-invalid when malformed)' }));
const flag = (description: string) => Opt(T.Boolean({ description: `${description} (true/false; 1/0 and yes/no too)` }));

/** `POST /api/cases`. */
export const openCase = operation({
  method: 'post', path: '/api/cases', id: 'openCase', summary: 'Open a case (roles: the process\'s starters)',
  headers: T.Object({ 'Idempotency-Key': idempotencyKey }),
  body: T.Object({ process: Text(200, { description: 'process id' }), data: OpenObject('case data, checked against the process\'s data schema'), parentId: Opt(Text(200, { description: 'id of the parent case' })) }),
  responses: {
    201: { description: 'the case opened (or the first answer of a repeated Idempotency-Key)', body: CaseDtoShape, headers: { ...ETagHeader, ...LocationHeader } },
    400: problem('a malformed Idempotency-Key'),
    404: problem('no such process (not-found)'),
    409: problem('the Idempotency-Key was used with another request (conflict)'),
  },
});

/** `GET /api/cases`. */
export const listCases = operation({
  method: 'get', path: '/api/cases', id: 'listCases', summary: 'List cases, newest first, a page at a time',
  query: T.Object({
    process: Opt(Str({ description: 'process id' })),
    state: Opt(Str({ description: 'top-level state name' })),
    status: Opt(Enum(['active', 'done'])),
    role: Opt(Str({ description: 'comma-separated roles: cases someone with one of them can act on now' })),
    mine: flag('cases the caller\'s roles can act on now'),
    overdue: flag('cases with a running deadline already past'),
    search: Opt(T.String({ maxLength: 200, description: 'substring of the case\'s search text (customer name, phone…)' })),
    parent: Opt(Str({ description: 'id of the parent case' })),
    view: Opt(Enum(['assigned', 'queue', 'waiting', 'all'], {
      description: 'assigned (held by me), queue (nobody holds it and my roles can claim it, in my units), waiting (waits on my decision), all',
    })),
    assignee: Opt(Str({ description: 'me, none, or a username' })),
    unit: Opt(Str({ description: 'comma-separated unit ids (within the caller\'s units)' })),
    sort: Opt(Enum(['due', 'created'], { description: 'due: cases with a running deadline, soonest first; created (default): newest first' })),
    limit: Opt(Int({ minimum: 1, description: `page size (default 50; larger values are cut to ${MAX_CASE_PAGE})` })),
    cursor: Opt(Str({ description: 'nextCursor of the previous page' })),
  }),
  responses: { 200: { description: 'a page of cases', body: CasePageShape } },
});

/** `GET /api/cases/:id`. */
export const getCase = operation({
  method: 'get', path: '/api/cases/:id', id: 'getCase', summary: 'A case: state, data, revision (ETag), deadlines and the actions the caller may take',
  params: CaseId,
  responses: { 200: { description: 'the case', body: CaseDtoShape, headers: ETagHeader } },
});

/** `POST /api/cases/:id/events`. */
export const sendEvent = operation({
  method: 'post', path: '/api/cases/:id/events', id: 'sendEvent',
  summary: 'Send an event: 403 role, 409 not allowed in this state or its condition false, 409/412 stale revision, 422 bad input',
  params: CaseId,
  headers: T.Object({
    'If-Match': Opt(T.String({ description: 'the revision read, as "3": 412 when the case has moved on (400 if-match-invalid when malformed)' })),
    'Idempotency-Key': idempotencyKey,
    Prefer: Opt(T.String({ description: 'return=representation answers with the whole case instead of the outcome (RFC 7240)' })),
  }),
  body: T.Object({ type: Text(200, { description: 'the event' }), input: Opt(OpenObject('the event input, checked against the event\'s input schema')) }),
  responses: {
    200: {
      description: 'the outcome of the event (CaseLean), or the whole case when asked for with Prefer: return=representation',
      body: T.Union([CaseLeanShape, CaseDtoShape]),
      headers: { ...ETagHeader, 'Preference-Applied': { schema: T.Literal('return=representation'), description: 'present when the whole case is returned', optional: true } },
    },
    400: problem('a malformed If-Match or Idempotency-Key'),
    409: problem('event-not-allowed (not in this state; with `state`), guard-refused (its condition does not hold; with `state` and `condition`), stale-revision, or a reused Idempotency-Key (conflict)'),
    412: problem('If-Match names a revision the case has moved past (stale-revision)'),
  },
});

/** `GET /api/cases/:id/history`. */
export const caseHistory = operation({
  method: 'get', path: '/api/cases/:id/history', id: 'caseHistory', summary: 'Events with actor, time, from, to, input and hashes',
  params: CaseId,
  responses: { 200: { description: 'the events, oldest first', body: HistoryShape } },
});

/** `GET /api/cases/:id/timers`. */
export const caseTimers = operation({
  method: 'get', path: '/api/cases/:id/timers', id: 'caseTimers', summary: 'Pending timers of a case',
  params: CaseId,
  responses: { 200: { description: 'the pending timers', body: TimersShape } },
});

/** `GET /api/cases/:id/replay`. */
export const replayCase = operation({
  method: 'get', path: '/api/cases/:id/replay', id: 'replayCase', summary: 'Re-run the case through its pinned version, step by step',
  params: CaseId,
  responses: { 200: { description: 'each step recorded and recomputed', body: ReplayShape } },
});

/** The case operations. */
/** `GET /api/cases/:id/customer-history`. */
export const customerHistory = operation({
  method: 'get', path: '/api/cases/:id/customer-history', id: 'customerHistory',
  summary: 'Every case of this case\'s customer (same phone or customer id) across processes that the caller may see, newest first',
  params: CaseId,
  responses: {
    200: {
      description: 'the customer and their cases',
      body: Obj({
        customer: Obj({ phone: Opt(Str()), id: Opt(Str()) }),
        items: T.Array(Obj({
          id: Str(), processId: Str(), state: Str(), status: Enum(['active', 'done']), title: Opt(Str()),
          createdAt: EpochMs(), updatedAt: EpochMs(), unit: Opt(Str()), assignee: Opt(Str()), parentId: Opt(Str()),
        })),
      }, { $id: 'CustomerHistory' }),
    },
  },
});

export const CASE_OPERATIONS = [openCase, listCases, getCase, sendEvent, caseHistory, customerHistory, caseTimers, replayCase];
