/**
 * JSON Schemas of the API's bodies, for the OpenAPI document (`server/openapi.ts`).
 */

type Schema = Record<string, unknown>;

const str: Schema = { type: 'string' };
const int: Schema = { type: 'integer' };
const epochMs: Schema = { type: 'integer', description: 'epoch milliseconds' };
const strings: Schema = { type: 'array', items: str };
const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const object = (properties: Record<string, Schema>, required: string[] = []): Schema => ({ type: 'object', properties, required });

/** Every named schema of the API. */
export const schemas: Record<string, Schema> = {
  Problem: object(
    {
      type: str,
      title: str,
      status: int,
      detail: str,
      code: { type: 'string', description: 'stable code: invalid-input, event-not-allowed, role-not-allowed, stale-revision, not-found, conflict, unauthenticated, malformed-json, unsupported-media-type, body-too-large, too-many-login-attempts, csrf-token-invalid…' },
      instance: str,
      requestId: str,
      errors: { type: 'array', items: ref('FieldError') },
      diagnostics: { type: 'array', items: ref('Diagnostic') },
      state: { type: 'string', description: 'current state, on event-not-allowed' },
    },
    ['type', 'title', 'status', 'detail', 'code'],
  ),
  FieldError: object({ field: str, message: str }, ['field', 'message']),
  Diagnostic: object(
    { line: int, column: int, path: str, message: str, severity: { enum: ['error', 'warning'] }, file: str },
    ['line', 'column', 'path', 'message', 'severity'],
  ),
  ProcessSummary: object(
    { processId: str, version: int, name: str, description: str, roles: strings, starters: strings, publishedBy: str, publishedAt: epochMs, message: str },
    ['processId', 'version', 'name', 'roles', 'starters', 'publishedBy', 'publishedAt'],
  ),
  ProcessVersion: object(
    {
      processId: str,
      version: int,
      name: str,
      yaml: str,
      files: { type: 'object', additionalProperties: str },
      publishedBy: str,
      publishedAt: epochMs,
      message: str,
      definition: { type: 'object', description: 'the YAML read into JSON' },
    },
    ['processId', 'version', 'name', 'yaml', 'files', 'publishedBy', 'publishedAt', 'definition'],
  ),
  ProcessUpload: object({ yaml: str, files: { type: 'object', additionalProperties: str }, message: str }, ['yaml']),
  Validation: object({ valid: { type: 'boolean' }, diagnostics: { type: 'array', items: ref('Diagnostic') } }, ['valid', 'diagnostics']),
  NewCase: object({ process: str, data: { type: 'object' }, parentId: str }, ['process', 'data']),
  Case: object(
    {
      id: str,
      processId: str,
      version: int,
      parentId: str,
      state: str,
      status: { enum: ['active', 'done'] },
      snapshot: object({ value: {}, data: { type: 'object' }, clocks: { type: 'object' }, status: str }),
      revision: int,
      nextDueAt: epochMs,
      actionableRoles: strings,
      searchText: str,
      title: { type: 'string', description: "one line naming the case, rendered from its process's title template (or its data's first short texts); plain text, not HTML" },
      createdAt: epochMs,
      updatedAt: epochMs,
      createdBy: str,
      lastHash: str,
      unit: { type: 'string', description: 'the unit (业务单元) the case belongs to' },
      assignee: { type: 'string', description: 'username of the person holding the case; absent while it waits in a queue' },
      waitingOn: { ...strings, description: 'roles whose decision (an approval) the case waits on' },
      queueRoles: { ...strings, description: 'while nobody holds the case: the roles whose queue it waits in' },
      approval: object({ state: str, roles: strings, label: str, figure: { description: 'the figure beside the decision (an amount, a budget)' } }, ['state', 'roles']),
    },
    ['id', 'processId', 'version', 'state', 'status', 'snapshot', 'revision', 'title', 'createdAt', 'updatedAt', 'createdBy'],
  ),
  CaseView: {
    allOf: [
      ref('Case'),
      object({
        deadlines: {
          type: 'array',
          items: object({ id: str, label: str, status: { enum: ['running', 'paused', 'stopped'] }, dueAt: epochMs, elapsedMs: int, withinMs: int, pauses: int, overdue: { type: 'boolean' } }),
        },
        actions: { type: 'array', items: object({ type: str, label: str, input: { type: 'object', description: 'JSON Schema of the input' } }, ['type']) },
        heldByOther: { type: 'boolean', description: 'someone else holds the case and the caller may not act on it (actions is empty)' },
      }),
    ],
  },
  CasePage: object({ items: { type: 'array', items: ref('Case') }, nextCursor: { type: ['string', 'null'] } }, ['items', 'nextCursor']),
  NewEvent: object({ type: str, input: { type: 'object' } }, ['type']),
  EventOutcome: object(
    {
      id: str,
      processId: str,
      version: int,
      state: str,
      status: { enum: ['active', 'done'] },
      revision: { ...int, description: 'the next If-Match' },
      updatedAt: epochMs,
      assignee: { type: 'string', description: 'username of the person holding the case, when someone does' },
      nextDueAt: epochMs,
    },
    ['id', 'processId', 'version', 'state', 'status', 'revision', 'updatedAt'],
  ),
  EventAnswer: {
    description: 'the outcome of the event, or with Prefer: return=representation the whole case view',
    oneOf: [ref('EventOutcome'), ref('CaseView')],
  },
  Event: object(
    {
      caseId: str,
      seq: int,
      type: str,
      actor: str,
      actorRoles: strings,
      at: epochMs,
      from: { type: ['string', 'null'] },
      to: str,
      input: { type: ['object', 'null'] },
      timer: object({ key: str, count: int }),
      assignment: object({ from: { type: ['string', 'null'] }, to: { type: ['string', 'null'] }, reason: str }, ['from', 'to', 'reason']),
      onBehalfOf: { type: 'string', description: 'the absent holder a delegate acted for' },
      prevHash: str,
      hash: str,
    },
    ['caseId', 'seq', 'type', 'actor', 'at', 'to', 'prevHash', 'hash'],
  ),
  History: object({ caseId: str, events: { type: 'array', items: ref('Event') } }, ['caseId', 'events']),
  Timers: object({ caseId: str, timers: { type: 'array', items: object({ caseId: str, key: str, dueAt: epochMs, count: int }) } }, ['caseId', 'timers']),
  Replay: object(
    {
      caseId: str,
      consistent: { type: 'boolean' },
      chainValid: { type: 'boolean' },
      brokenAt: int,
      steps: {
        type: 'array',
        items: object({ seq: int, type: str, recorded: object({ to: str, revision: int }), replayed: object({ to: str, snapshot: {} }), consistent: { type: 'boolean' }, differences: strings }),
      },
    },
    ['caseId', 'consistent', 'chainValid', 'steps'],
  ),
  ChainVerification: object(
    {
      valid: { type: 'boolean' },
      casesChecked: int,
      eventsChecked: int,
      firstBroken: object({ caseId: str, seq: int, reason: str }),
      adminLog: object({ valid: { type: 'boolean' }, entriesChecked: int, head: object({ seq: int, hash: str }), firstBroken: object({ seq: int, reason: str }) }),
      checkpoints: object({
        valid: { type: 'boolean' }, checkpointsChecked: int, headsChecked: int, latest: object({ seq: int, at: epochMs }),
        firstBroken: object({ checkpoint: int, caseId: str, seq: int, reason: str }),
      }),
    },
    ['valid', 'casesChecked', 'eventsChecked'],
  ),
  Clock: object({ now: epochMs, iso: str, manual: { type: 'boolean' } }, ['now', 'iso', 'manual']),
  ClockAdvance: object({ by: { type: 'string', examples: ['25h', '90m', '3d'] } }, ['by']),
  ClockAdvanced: object({ now: epochMs, iso: str, advancedMs: int, fired: int }, ['now', 'iso', 'advancedMs', 'fired']),
  Assign: object({ to: { type: 'string', description: 'username' }, reason: str }, ['to']),
  Release: object({ reason: str }),
  Note: object({ text: { type: 'string', minLength: 1, maxLength: 4000 } }, ['text']),
  Bulk: object(
    { ids: { ...strings, minItems: 1, maxItems: 200 }, action: { enum: ['assign', 'claim', 'release', 'event'] }, to: str, type: str, input: { type: 'object' }, reason: str },
    ['ids', 'action'],
  ),
  BulkResult: object(
    {
      results: { type: 'array', items: object({ caseId: str, ok: { type: 'boolean' }, state: str, revision: int, assignee: str, code: str, message: str }, ['caseId', 'ok']) },
      succeeded: int,
      refused: int,
    },
    ['results', 'succeeded', 'refused'],
  ),
  Workload: object(
    { people: { type: 'array', items: object({ username: str, userId: { type: ['string', 'null'] }, assignee: str, open: int, overdue: int, dueToday: int }, ['username', 'open', 'overdue', 'dueToday']) } },
    ['people'],
  ),
  Notifications: object(
    {
      items: { type: 'array', items: object({ id: int, caseId: str, eventSeq: int, kind: str, text: str, createdAt: epochMs, readAt: epochMs }, ['id', 'caseId', 'kind', 'text', 'createdAt']) },
      unread: int,
    },
    ['items', 'unread'],
  ),
  NotificationsRead: object({ ids: { type: 'array', items: int } }),
  Marked: object({ marked: int }, ['marked']),
  Filter: object(
    { id: str, ownerId: str, name: str, query: { type: 'object', additionalProperties: { type: 'string' } }, sharedUnit: str, sharedRole: str, createdAt: epochMs },
    ['id', 'ownerId', 'name', 'query', 'createdAt'],
  ),
  NewFilter: object({ name: str, query: { type: 'object', additionalProperties: { type: 'string' } }, sharedUnit: str, sharedRole: str }, ['name', 'query']),
  FilterList: object({ items: { type: 'array', items: ref('Filter') } }, ['items']),
  Health: object({ status: { enum: ['ok', 'unavailable'] }, uptimeSeconds: int, clock: str }, ['status']),
};
