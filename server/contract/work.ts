/**
 * Declarations of the staff's work on cases: assign, claim, release, notes, bulk actions, the
 * workload view and the in-app notifications.
 */
import { Type as T } from '@sinclair/typebox';
import { BULK_LIMIT } from '../../engine/runtime/bulk.js';
import { CaseDtoShape } from './case-shapes.js';
import { operation } from './operation.js';
import { Enum, EpochMs, ETagHeader, Int, Obj, OpenObject, Opt, problem, Str, Text } from './shapes.js';

/** Who sees the workload of the people in their units. */
export const WORKLOAD_READERS = ['team-lead', 'center-manager', 'cs-director', 'general-manager', 'admin'];

const CaseId = T.Object({ id: Str({ description: 'case id' }) });
const Reason = Opt(Text(500, { description: 'why, kept on the event' }));

/** `POST /api/cases/:id/assign`. */
export const assignCase = operation({
  method: 'post', path: '/api/cases/:id/assign', id: 'assignCase', summary: 'Give the case to a person (assigners; 422 naming the person who cannot hold it)',
  params: CaseId,
  body: T.Object({ to: Text(200, { description: 'username' }), reason: Reason }),
  responses: {
    200: { description: 'the case, now held by that person', body: CaseDtoShape, headers: ETagHeader },
    409: problem('the case is closed (event-not-allowed) or that person already holds it (conflict)'),
  },
});

/** `POST /api/cases/:id/claim`. */
export const claimCase = operation({
  method: 'post', path: '/api/cases/:id/claim', id: 'claimCase', summary: 'Take a queued case (409 naming the holder when someone has it)',
  params: CaseId,
  responses: {
    200: { description: 'the case, now held by the caller', body: CaseDtoShape, headers: ETagHeader },
    409: problem('the case is closed (event-not-allowed) or held (conflict, with `assignee`)'),
  },
});

/** `POST /api/cases/:id/release`. */
export const releaseCase = operation({
  method: 'post', path: '/api/cases/:id/release', id: 'releaseCase', summary: 'Put a held case back in its queue (the holder or an assigner)',
  params: CaseId,
  body: T.Object({ reason: Reason }),
  bodyMode: 'optional-json',
  responses: {
    200: { description: 'the case, back in its queue', body: CaseDtoShape, headers: ETagHeader },
    409: problem('the case is closed or nobody holds it'),
  },
});

/** `POST /api/cases/:id/notes`. */
export const addNote = operation({
  method: 'post', path: '/api/cases/:id/notes', id: 'addNote', summary: 'Add an internal note to the timeline',
  params: CaseId,
  body: T.Object({ text: Text(4000) }),
  responses: {
    201: { description: 'the case with its note', body: CaseDtoShape, headers: ETagHeader },
    409: problem('the case is closed'),
  },
});

/** The outcome for one case of a bulk action: done (where the case is now), or refused (why). */
const BulkOutcomeShape = T.Union(
  [
    Obj({ caseId: Str(), ok: T.Literal(true), state: Str(), revision: Int(), assignee: Opt(Str()) }),
    Obj({ caseId: Str(), ok: T.Literal(false), code: Str({ description: 'the problem code of the refusal' }), message: Str() }),
  ],
  { $id: 'BulkOutcome' },
);

/** `POST /api/cases/bulk`. */
export const bulkAction = operation({
  method: 'post', path: '/api/cases/bulk', id: 'bulkAction', summary: 'One action on many cases, each its own event; the result of each',
  body: T.Object({
    ids: T.Array(T.String(), { minItems: 1, maxItems: BULK_LIMIT, description: 'case ids' }),
    action: Enum(['assign', 'claim', 'release', 'event']),
    to: Opt(Text(200, { description: 'username, for assign' })),
    type: Opt(Text(200, { description: 'the event, for event' })),
    input: Opt(OpenObject('the event input, for event')),
    reason: Reason,
  }),
  responses: {
    200: { description: 'the outcome of each case', body: Obj({ results: T.Array(BulkOutcomeShape), succeeded: Int(), refused: Int() }, { $id: 'BulkResult' }) },
    409: problem('an event Caseflow sends itself ($…)'),
  },
});

/** `GET /api/workload`. */
export const workload = operation({
  method: 'get', path: '/api/workload', id: 'workload', summary: 'Active cases per person in the caller\'s units: open, overdue, due today',
  roles: WORKLOAD_READERS,
  responses: {
    200: {
      description: 'one row per person holding cases',
      body: Obj({
        people: T.Array(Obj({ username: Str(), userId: T.Union([T.String(), T.Null()]), assignee: Str(), open: Int(), overdue: Int(), dueToday: Int() })),
      }, { $id: 'Workload' }),
    },
  },
});

/** `GET /api/notifications`. */
export const notifications = operation({
  method: 'get', path: '/api/notifications', id: 'notifications', summary: 'The caller\'s in-app notifications, newest first, and the unread count',
  query: T.Object({
    unread: Opt(T.Boolean({ description: 'true: only unread' })),
    limit: Opt(Int({ minimum: 1, maximum: 200, default: 50 })),
  }),
  responses: {
    200: {
      description: 'the notifications',
      body: Obj({
        items: T.Array(Obj({
          id: Int(), userId: Str(), caseId: Str(), eventSeq: Int(), kind: Str(), text: Str(), createdAt: EpochMs(), readAt: Opt(EpochMs()),
        }, { $id: 'Notification' })),
        unread: Int(),
      }, { $id: 'Notifications' }),
    },
  },
});

/** `POST /api/notifications/read`. */
export const markNotificationsRead = operation({
  method: 'post', path: '/api/notifications/read', id: 'markNotificationsRead', summary: 'Mark notifications read (all without ids)',
  body: T.Object({ ids: Opt(T.Array(T.Integer(), { description: 'notification ids (all when left out)' })) }),
  bodyMode: 'optional-json',
  responses: { 200: { description: 'how many were marked', body: Obj({ marked: Int() }, { $id: 'Marked' }) } },
});

/** The operations of staff work. */
export const WORK_OPERATIONS = [assignCase, claimCase, releaseCase, addNote, bulkAction, workload, notifications, markNotificationsRead];

