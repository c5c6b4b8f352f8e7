/**
 * Declarations of the operating routes: health, metrics, the clock, the audit (chain check,
 * admin log, checkpoints), the outbox, the reports, and this document.
 */
import { Type as T } from '@sinclair/typebox';
import { ADMIN_ACTIONS } from '../../engine/audit/types.js';
import { FIGURE_NAMES } from '../../engine/reports/catalog.js';
import { operation } from './operation.js';
import { digestRows, FIGURE_DATA, MonthlyReportShape } from './report-shapes.js';
import { Enum, EpochMs, Int, Obj, OpenObject, Opt, problem, Str, Strings, Text, CountMap, MapOf, TextMap, TimeText } from './shapes.js';

/** Who may read the admin log. */
export const ADMIN_LOG_READERS = ['auditor', 'admin'];
/** Who may read the outbox (messages carry customers' names and numbers). */
export const OUTBOX_READERS = ['admin', 'auditor', 'process-owner', 'team-lead', 'center-manager', 'cs-director', 'general-manager'];
/** Who may read the reports: managers, quality, platform roles, and the units (their fees). */
export const REPORT_READERS = [
  'team-lead', 'center-manager', 'cs-director', 'general-manager', 'quality-inspector',
  'city-reviewer', 'finance', 'business-unit', 'process-owner', 'auditor', 'admin',
];
/** Entries in one page of the admin log, at most. */
export const MAX_LOG_PAGE = 500;

const time = (description: string) => Opt(TimeText(description));
const download = (filename: string) => ({ 'Content-Disposition': { schema: T.String(), description: `attachment; filename="${filename}"` } });
const NoStore = { 'Cache-Control': { schema: T.Literal('no-store'), description: 'never cached' } };

/** `GET /health`. */
export const health = operation({
  method: 'get', path: '/health', id: 'health', summary: 'Liveness and database check', public: true,
  responses: {
    200: { description: 'up', body: Obj({ status: T.Literal('ok'), uptimeSeconds: Int(), clock: Enum(['manual', 'system']) }, { $id: 'Health' }), headers: NoStore },
    503: { description: 'the database does not answer', body: Obj({ status: T.Literal('unavailable') }, { $id: 'HealthDown' }), headers: NoStore },
  },
});

/** `GET /metrics`. */
export const metrics = operation({
  method: 'get', path: '/metrics', id: 'metrics', summary: 'Prometheus metrics (text format)',
  responses: { 200: { description: 'the metrics', body: T.String(), mediaType: 'text/plain', headers: NoStore } },
});

const ClockShape = Obj({ now: EpochMs(), iso: Str(), manual: T.Boolean() }, { $id: 'Clock' });

/** `GET /api/clock`. */
export const getClock = operation({
  method: 'get', path: '/api/clock', id: 'getClock', summary: 'The engine\'s time, and whether it is a manual clock',
  responses: { 200: { description: 'the time', body: ClockShape } },
});

/** `POST /api/clock/advance`. */
export const advanceClock = operation({
  method: 'post', path: '/api/clock/advance', id: 'advanceClock', roles: ['admin'], manualClockOnly: true,
  summary: 'Move the manual clock and fire what fell due (recorded in the admin log)',
  description: 'Present only when the server runs with CASEFLOW_CLOCK=manual; otherwise this route does not exist (404 no-such-route).',
  body: T.Object({ by: Text(50, { description: 'a wall-clock duration of at most a year: 90m, 25h, 3d' }) }),
  responses: { 200: { description: 'the new time and how many timers fired', body: Obj({ now: EpochMs(), iso: Str(), advancedMs: Int(), fired: Int() }, { $id: 'ClockAdvanced' }) } },
});

/** `GET /api/audit/verify`. */
export const verifyAudit = operation({
  method: 'get', path: '/api/audit/verify', id: 'verifyAudit', roles: ['auditor', 'admin'],
  summary: 'Check every case\'s hash chain against its case row, the admin log\'s chain and the sealed checkpoints',
  responses: {
    200: {
      description: 'the verdict',
      body: Obj({
        valid: T.Boolean(), casesChecked: Int(), eventsChecked: Int(),
        firstBroken: Opt(Obj({ caseId: Str(), seq: Int(), reason: Str() })),
        adminLog: Opt(Obj({ valid: T.Boolean(), entriesChecked: Int(), head: Opt(Obj({ seq: Int(), hash: Str() })), firstBroken: Opt(Obj({ seq: Int(), reason: Str() })) })),
        checkpoints: Opt(Obj({
          valid: T.Boolean(), checkpointsChecked: Int(), headsChecked: Int(), latest: Opt(Obj({ seq: Int(), at: EpochMs() })),
          firstBroken: Opt(Obj({ checkpoint: Int(), caseId: Opt(Str()), seq: Opt(Int()), reason: Str() })),
        })),
      }, { $id: 'ChainVerification' }),
    },
  },
});

const AdminLogEntryShape = Obj(
  {
    seq: Int(), at: EpochMs(), actorId: Str(), actorName: Str(), action: Enum(ADMIN_ACTIONS),
    target: Str(), details: OpenObject('what changed; never a secret'), prevHash: Str(), hash: Str(),
  },
  { $id: 'AdminLogEntry' },
);

/** `GET /api/audit/log`. */
export const adminLog = operation({
  method: 'get', path: '/api/audit/log', id: 'adminLog', roles: ADMIN_LOG_READERS,
  summary: 'Administrative actions (users, roles, tokens, units, publishing, clock), hash-chained, newest first; format=csv or json downloads them',
  query: T.Object({
    action: Opt(Enum(ADMIN_ACTIONS)),
    actor: Opt(T.String({ maxLength: 200, description: 'username of who did it' })),
    from: time('start'),
    to: time('end, exclusive (a date: its whole day)'),
    before: Opt(Int({ minimum: 1, description: 'nextBefore of the previous page' })),
    limit: Opt(Int({ minimum: 1, maximum: MAX_LOG_PAGE, description: 'page size (default 100; a download: at most 10,000)' })),
    format: Opt(Enum(['csv', 'json'], { description: 'download every matching entry' })),
  }),
  responses: {
    200: {
      description: 'a page of entries (a download with format)',
      body: Obj({ items: T.Array(AdminLogEntryShape), nextBefore: Opt(Int()) }, { $id: 'AdminLogPage' }),
      alternatives: ['text/csv'],
      headers: { 'Content-Disposition': { schema: T.String(), description: 'with format: attachment; filename="admin-log-<date>.<format>"', optional: true } },
    },
  },
});

/** `POST /api/audit/checkpoint`. */
export const writeCheckpoint = operation({
  method: 'post', path: '/api/audit/checkpoint', id: 'writeCheckpoint', roles: ['admin'],
  summary: 'Write a sealed checkpoint of every case head changed since the last one, now',
  responses: {
    201: {
      description: 'the checkpoint',
      body: Obj({
        seq: Int(), at: EpochMs(), eventsMark: Int(), caseCount: Int(), headsDigest: Str(), adminSeq: Int(), adminHash: Str(),
        keyId: Str(), prevHash: Str(), hash: Str(), seal: Str(),
      }, { $id: 'Checkpoint' }),
    },
  },
});

const OUTBOX_STATUSES = ['pending', 'sent', 'failed', 'dead'] as const;
const OutboxMessageShape = Obj(
  {
    id: Int(), caseId: Str(), eventSeq: Int(), channel: Str(), template: Str(), to: Strings(), subject: Opt(Str()), body: Str(),
    status: Enum(OUTBOX_STATUSES), attempts: Int(), nextAttemptAt: EpochMs(), lastError: Opt(Str()), createdAt: EpochMs(),
  },
  { $id: 'OutboxMessage' },
);
const OutboxId = T.Object({ id: Str({ description: 'message id (a whole number; 404 otherwise)' }) });

/** `GET /api/outbox`. */
export const listOutbox = operation({
  method: 'get', path: '/api/outbox', id: 'listOutbox', roles: OUTBOX_READERS,
  summary: 'Messages waiting for or done with delivery, newest first, with counts by status',
  query: T.Object({
    status: Opt(Enum(['pending', 'sent', 'failed', 'dead'])),
    case: Opt(Str({ description: 'only the messages of this case' })),
    before: Opt(Int({ minimum: 1, description: 'nextBefore of the previous page' })),
    limit: Opt(Int({ minimum: 1, description: 'page size (default 50; larger values are cut to 200)' })),
  }),
  responses: {
    200: {
      description: 'a page of messages',
      body: Obj({ items: T.Array(OutboxMessageShape), nextBefore: Opt(Int()), counts: Obj({ pending: Int(), sent: Int(), failed: Int(), dead: Int() }, { description: 'messages by status' }) }, { $id: 'OutboxPage' }),
    },
  },
});

/** `GET /api/outbox/:id`. */
export const getOutboxMessage = operation({
  method: 'get', path: '/api/outbox/:id', id: 'getOutboxMessage', summary: 'One outbox message', roles: OUTBOX_READERS,
  params: OutboxId,
  responses: { 200: { description: 'the message', body: OutboxMessageShape } },
});

/** `POST /api/outbox/:id/retry`. */
export const retryOutboxMessage = operation({
  method: 'post', path: '/api/outbox/:id/retry', id: 'retryOutboxMessage', summary: 'Send a failed or dead message again', roles: ['admin'],
  params: OutboxId,
  responses: { 200: { description: 'the message, pending again', body: OutboxMessageShape }, 409: problem('the message is pending or sent (conflict, with `status`)') },
});

/** `GET /api/reports`. */
export const listReports = operation({
  method: 'get', path: '/api/reports', id: 'listReports', summary: 'The figures there are reports of', roles: REPORT_READERS,
  responses: { 200: { description: 'the figures', body: Obj({ figures: Strings(), timezone: Str() }, { $id: 'ReportList' }) } },
});

/** `GET /api/reports/warning-digest`. */
export const warningDigest = operation({
  method: 'get', path: '/api/reports/warning-digest', id: 'warningDigest', summary: 'The weekly warning digest (预警分析通报)', roles: REPORT_READERS,
  query: T.Object({ week: time('a day of the week wanted (default: this week)'), format: Opt(Enum(['json', 'text'])) }),
  responses: {
    200: {
      description: 'the digest (format=text: its message text)',
      alternatives: ['text/plain'],
      body: Obj({
        week: Obj({ label: Str({ description: '2025-W03' }), from: EpochMs(), to: EpochMs() }),
        generatedAt: EpochMs(),
        raised: digestRows.raised,
        bySource: digestRows.bySource,
        openByLevel: T.Array(Obj({ level: Str(), open: Int() })),
        overdue: digestRows.overdue,
        subject: Str(), text: Str(), firstDay: Str(), lastDay: Str(),
      }, { $id: 'WarningDigest' }),
    },
  },
});

/** `GET /api/reports/monthly-report`. */
export const monthlyReport = operation({
  method: 'get', path: '/api/reports/monthly-report', id: 'monthlyReport', roles: REPORT_READERS,
  summary: 'The monthly service report (客服月报): figures by unit, ranked, and the complaints past their close deadline',
  query: T.Object({
    month: Opt(T.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'the month wanted, 2026-03 (default: last month)' })),
    format: Opt(Enum(['json', 'text'])),
  }),
  responses: {
    200: { description: 'the report (format=text: the message as sent)', alternatives: ['text/plain'], body: MonthlyReportShape },
  },
});

const FigureScope = Obj({ from: Opt(EpochMs()), to: Opt(EpochMs()), unit: Opt(Str()), units: Opt(Strings({ description: 'the reader\'s units, when the report is limited to them' })), now: EpochMs() });
const FigureTables = MapOf(Obj({ columns: Strings(), rows: T.Array(OpenObject('one row: column -> cell')) }), 'tables for CSV');

/** `GET /api/reports/:figure`. */
export const figureReport = operation({
  method: 'get', path: '/api/reports/:figure', id: 'figureReport', summary: 'One report\'s figures by period and business unit (JSON or CSV)', roles: REPORT_READERS,
  params: T.Object({ figure: Str({ description: `one of ${FIGURE_NAMES.join(', ')} (404 otherwise)` }) }),
  query: T.Object({
    from: time('start'), to: time('end, exclusive (a date: its whole day)'),
    unit: Opt(T.String({ maxLength: 200, description: 'business unit' })),
    format: Opt(Enum(['json', 'csv'])),
    table: Opt(Str({ description: 'which table, for CSV (default: the first)' })),
  }),
  responses: {
    200: {
      description: 'the figure (format=csv: one of its tables)',
      alternatives: ['text/csv'],
      headers: { 'Content-Disposition': { schema: T.String(), description: 'with format=csv: attachment; filename="<figure>-<from>-<to>.csv"', optional: true } },
      body: T.Union(FIGURE_NAMES.map((figure) => Obj({
        figure: T.Literal(figure), title: Str(), scope: FigureScope,
        data: FIGURE_DATA[figure],
        tables: FigureTables,
        unitLabels: TextMap('labels of the directory units by id'),
      })), { $id: 'FigureReport', description: 'one figure: its numbers (data) are those of the figure named' }),
    },
  },
});

/** `GET /api/openapi.json`. */
export const openApi = operation({
  method: 'get', path: '/api/openapi.json', id: 'openApi', summary: 'This document (no login needed)', public: true,
  responses: { 200: { description: 'the OpenAPI 3.1 document', body: OpenObject('an OpenAPI 3.1 document') } },
});

/** The operating operations. */
export const OPERATING_OPERATIONS = [
  health, metrics, getClock, advanceClock, verifyAudit, adminLog, writeCheckpoint, listOutbox, getOutboxMessage, retryOutboxMessage,
  listReports, warningDigest, monthlyReport, figureReport, openApi,
];
