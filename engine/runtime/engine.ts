/**
 * The case engine: publishing, cases, events, timers and audit over one Store and one Clock.
 */
import { verifyWithAudit, type AuditOptions } from '../audit/verify-all.js';
import type { Actor } from '../compile/types.js';
import type { Diagnostic } from '../dsl/diagnostic.js';
import { parseProcess } from '../dsl/index.js';
import { CaseflowError } from '../errors.js';
import { applyEvent, sendEvent } from './apply-event.js';
import { addNote, assignCase, claimCase, releaseCase } from './assign-case.js';
import { bulkApply, handOverCases } from './bulk.js';
import type { PeopleDirectory } from './people.js';
import { unitsFilter, visibleCase } from './permissions.js';
import { createCaseLock } from './case-lock.js';
import { listCases } from './case-list.js';
import { toCaseView } from './case-view.js';
import type { RuntimeContext } from './context.js';
import { namedText } from './directory-names.js';
import { createCase } from './create-case.js';
import { migrateCases, planMigration, runningCases } from './migrate-cases.js';
import { compileDefinition, compileRecord, parseOrRefuse } from './compile-record.js';
import { createProcessCache } from './process-cache.js';
import { createDraftDesk, type PreparedVersion } from './process-drafts.js';
import { createSharedCalendars } from './shared-calendars.js';
import { replayCase } from './replay.js';
import { createScheduler, type SchedulerOptions } from './scheduler.js';
import type { ProcessVersionRecord, Store } from './store.js';
import type { Clock, Engine } from './types.js';
import { isManualClock } from './clock.js';
import { verifyAllChains } from './verify.js';

/** The caller of an engine method that names no actor: code in the same process (CLI, tests), seeing every unit. */
const TRUSTED: Actor = { id: 'system', roles: ['system'] };

/** What an engine runs on. */
export interface EngineOptions {
  store: Store;
  clock: Clock;
  scheduler?: SchedulerOptions;
  /** The organisation directory, for assignment, unit checks and notifications. */
  people?: PeopleDirectory;
  /** The admin log and checkpoints `verifyAll` also checks. */
  audit?: AuditOptions;
}

/** Creates an engine over a migrated store. */
export function createEngine({ store, clock, scheduler: schedulerOptions, people, audit }: EngineOptions): Engine {
  const calendars = createSharedCalendars(store);
  const processes = createProcessCache(store, async (record) => compileRecord(record, await calendars.pinned(record.calendars ?? {})));
  const ctx: RuntimeContext = { store, clock, processes, caseLock: createCaseLock() };
  if (people) ctx.people = people;
  const scheduler = createScheduler(ctx, schedulerOptions);

  async function getProcess(processId: string, version?: number): Promise<ProcessVersionRecord> {
    const record = await store.getVersion(processId, version);
    if (!record) throw new CaseflowError('not-found', `process ${processId}${version === undefined ? '' : ` version ${version}`} is not published`);
    return record;
  }

  /** Validates and compiles a version to publish. */
  async function prepare({ yaml, files, publishedBy, message }: { yaml: string; files: Record<string, string>; publishedBy: string; message?: string }): Promise<PreparedVersion> {
    const { definition, calendarVersions } = parseOrRefuse(yaml, files, await calendars.latest());
    compileDefinition(definition, files);
    const record: Omit<ProcessVersionRecord, 'version'> = {
      processId: definition.id, name: definition.name, yaml, files, publishedBy, publishedAt: clock.now(),
    };
    if (message !== undefined) record.message = message;
    if (Object.keys(calendarVersions).length > 0) record.calendars = calendarVersions;
    return { definition, record };
  }

  const drafts = createDraftDesk({
    store, clock, prepare,
    definitionOf: async (record) => (await processes.load(record.processId, record.version)).compiled.definition,
    published: (processId) => processes.forgetLatest?.(processId),
  });

  async function existingCase(caseId: string, actor: Actor = TRUSTED) {
    return visibleCase(actor, await store.getCase(caseId), caseId);
  }

  return {
    clock,

    validate(yaml: string, files?: Record<string, string>): Diagnostic[] {
      return parseProcess(yaml, files, {}, { calendars: calendars.known(), now: clock.now() }).diagnostics;
    },

    async publish({ yaml, files = {}, publishedBy, message, enforceApproval }) {
      const { definition, record: draft } = await prepare({ yaml, files, publishedBy, message });
      if (enforceApproval && (await drafts.needsApproval(definition))) {
        throw new CaseflowError('conflict', `${definition.id} goes live only with a second process owner's approval: save it as a draft for review`);
      }
      const record = await store.publishVersion(draft);
      processes.forgetLatest?.(record.processId);
      return record;
    },
    drafts,

    publishCalendar: ({ yaml, publishedBy, message }) => calendars.publish({ yaml, publishedBy, message, publishedAt: clock.now() }),
    listCalendars: () => store.listCalendars(),
    async getCalendar(calendarId: string, version?: number) {
      const record = await store.getCalendar(calendarId, version);
      if (!record) throw new CaseflowError('not-found', `calendar ${calendarId}${version === undefined ? '' : ` version ${version}`} is not published`);
      return record;
    },
    calendars: () => calendars.latest(),

    listProcesses: () => store.listProcesses(),
    getProcess,
    async listVersions(processId: string) {
      const versions = await store.listVersions(processId);
      if (versions.length === 0) throw new CaseflowError('not-found', `process ${processId} is not published`);
      return versions;
    },

    createCase: (args) => createCase(ctx, args),
    applyEvent: (caseId, event, actor, options) => applyEvent(ctx, caseId, event, actor, options),
    sendEvent: (caseId, event, actor, options) => sendEvent(ctx, caseId, event, actor, options),

    async getCase(caseId: string, actor: Actor) {
      const record = await existingCase(caseId, actor);
      const { compiled } = await processes.load(record.processId, record.version);
      return toCaseView(record, compiled, actor, clock.now(), await namedText(people, compiled.title(record.snapshot.data)));
    },

    listCases(query, actor) {
      const units = unitsFilter(actor);
      return listCases(ctx, units === undefined ? query : { ...query, units: query.units ? query.units.filter((u) => units.includes(u)) : units });
    },

    async history(caseId: string, actor?: Actor) {
      await existingCase(caseId, actor);
      return store.getEvents(caseId);
    },

    async timers(caseId: string, actor?: Actor) {
      await existingCase(caseId, actor);
      return store.pendingTimers(caseId);
    },

    async replay(caseId, actor) {
      await existingCase(caseId, actor);
      return replayCase(ctx, caseId);
    },

    assign: (caseId, to, actor, reason) => assignCase(ctx, caseId, to, actor, reason),
    claim: (caseId, actor) => claimCase(ctx, caseId, actor),
    release: (caseId, actor, reason) => releaseCase(ctx, caseId, actor, reason),
    addNote: (caseId, text, actor) => addNote(ctx, caseId, text, actor),
    bulk: (caseIds, action, actor) => bulkApply(ctx, caseIds, action, actor),
    handOver: (userId, mode, actor) => handOverCases(ctx, userId, mode, actor),
    workload: (actor, dayEnd) => store.workload({ units: unitsFilter(actor), now: clock.now(), dayEnd }),
    async notices(actor, options) {
      const [items, unread] = await Promise.all([store.listNotices(actor.id, options), store.countUnreadNotices(actor.id)]);
      return { items, unread };
    },
    markNoticesRead: (actor, ids) => store.markNoticesRead(actor.id, clock.now(), ids),
    async verifyAll() {
      const chains = await verifyAllChains(ctx);
      return audit ? verifyWithAudit(chains, audit) : chains;
    },

    planMigration: (request, actor) => planMigration(ctx, request, actor),
    migrateCases: (request, actor) => migrateCases(ctx, request, actor),
    runningCases: (processId) => runningCases(ctx, processId),

    fireDueTimers: () => scheduler.fireDueTimers(),
    advanceClock(by: number) {
      if (!isManualClock(clock)) throw new CaseflowError('not-found', 'the engine runs on the system clock; only a manual clock can be moved');
      if (!Number.isFinite(by) || by < 0) throw new CaseflowError('invalid-input', `cannot move the clock by ${by} ms`);
      return scheduler.advanceManualClock(clock, clock.now() + by);
    },
    startScheduler: () => scheduler.start(),
    stop: () => scheduler.stop(),
  };
}
