/**
 * Declarations of moving running cases onto a later version of their process: how many cases
 * run on each version, a dry run of a migration plan, and applying it a page at a time.
 */
import { Type as T } from '@sinclair/typebox';
import { operation } from './operation.js';
import { CountMap, Enum, EpochMs, FieldErrorShape, Int, MapOf, Obj, Opt, Str, Strings, TextMap } from './shapes.js';

/** Who may move cases between versions: those who publish them. */
export const MIGRATORS = ['process-owner'];

const IdParam = T.Object({ id: Str({ description: 'process id' }) });

const PlanShape = Obj({
  states: Opt(TextMap('old state name -> new state name, for states renamed in the new version')),
  timers: Opt(MapOf(Enum(['keep', 'recompute']), 'per timer key (timer:<state>:<id>, deadline:<id>:<mark>), state or deadline id: keep the due time or recompute it under the new version')),
  set: Opt(TextMap('data field (dotted path) -> CEL expression over the old data')),
}, { $id: 'MigrationPlan', description: 'how the cases move (see docs/migrating-cases.md)' });

const requestBody = T.Object({
  from: Int({ minimum: 1, description: 'the version the cases run on' }),
  to: Int({ minimum: 1, description: 'a later version to move them onto' }),
  plan: PlanShape,
  cursor: Opt(T.String({ minLength: 1, maxLength: 200, description: 'where the previous page stopped (its nextCursor)' })),
  limit: Opt(Int({ minimum: 1, maximum: 1000, description: 'running cases looked at in this page (default 100)' })),
});

const TimerMoveShape = Obj({
  key: Str(), newKey: Opt(Str({ description: 'the key under the new version; absent when the timer is dropped' })),
  action: Enum(['keep', 'recompute', 'drop']), dueAt: EpochMs(), newDueAt: Opt(EpochMs()),
  firesAtOnce: Opt(T.Boolean({ description: 'due at or before now: it fires as soon as the scheduler runs' })),
  note: Opt(Str()),
  label: Opt(Str({ description: 'the timer in words, by its deadline or state label under the old version, in the language of Accept-Language (首次回复已超时, First reply: overdue)' })),
  newLabel: Opt(Str({ description: 'the timer in words under the new version, when it is kept or recomputed' })),
}, { $id: 'TimerMove' });

const CaseMigrationShape = Obj({
  caseId: Str(), state: Str(), newState: Opt(Str()),
  outcome: Enum(['ready', 'migrated', 'blocked'], { description: 'ready (dry run), migrated (applied) or blocked (stays on its version)' }),
  reasons: Strings({ description: 'why a blocked case cannot move' }),
  unmappedStates: Strings({ description: 'active states that have no place in the new version' }),
  fieldErrors: T.Array(FieldErrorShape, { description: 'data that does not fit the new version\'s schema' }),
  timers: T.Array(TimerMoveShape),
  notes: Strings(),
}, { $id: 'CaseMigration' });

const MigrationReportShape = Obj({
  processId: Str(), from: Int(), to: Int(), applied: T.Boolean(),
  cases: T.Array(CaseMigrationShape, { description: 'the cases of this page still on `from`' }),
  nextCursor: Opt(Str({ description: 'set while more cases remain: send it back as cursor to go on' })),
}, { $id: 'MigrationReport' });

/** `GET /api/processes/:id/running-cases`. */
export const runningCases = operation({
  method: 'get', path: '/api/processes/:id/running-cases', id: 'runningCases', roles: MIGRATORS,
  summary: 'How many running cases each version of a process has',
  params: IdParam,
  responses: { 200: { description: 'the counts', body: Obj({ processId: Str(), byVersion: CountMap('running cases by version number'), total: Int() }, { $id: 'RunningCases' }) } },
});

/** `POST /api/processes/:id/migrations/dry-run`. */
export const planMigration = operation({
  method: 'post', path: '/api/processes/:id/migrations/dry-run', id: 'planMigration', roles: MIGRATORS,
  summary: 'What moving one page of running cases onto a later version would do, per case; nothing written (422 naming a plan member that fits neither version)',
  params: IdParam, body: requestBody,
  responses: { 200: { description: 'the report of this page', body: MigrationReportShape } },
});

/** `POST /api/processes/:id/migrations`. */
export const applyMigration = operation({
  method: 'post', path: '/api/processes/:id/migrations', id: 'applyMigration', roles: MIGRATORS,
  summary: 'Move one page of running cases onto a later version, each in its own transaction with a $migrated event; cases that cannot move stay and are listed',
  description: 'Send nextCursor back to go on; running it again moves nothing twice (moved cases are no longer on the old version).',
  params: IdParam, body: requestBody,
  responses: { 200: { description: 'the result of this page, per case', body: MigrationReportShape } },
});

/** The operations on running cases across versions. */
export const MIGRATION_OPERATIONS = [runningCases, planMigration, applyMigration];
