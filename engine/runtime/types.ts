/**
 * The engine API: what the HTTP server, the CLI and the benchmarks call. No HTTP here.
 */
import type { AdminLogVerification } from '../audit/admin-log.js';
import type { CheckpointVerification } from '../audit/verify-checkpoints.js';
import type { DraftDesk } from './process-drafts.js';
import type { MigrationReport, MigrationRequest } from './migrate-cases.js';
import type { Actor, AvailableEvent } from '../compile/types.js';
import type { Diagnostic } from '../dsl/diagnostic.js';
import type { ApprovalView } from '../compile/staffing.js';
import type { BulkAction, BulkOutcome } from './bulk.js';
import type { CalendarVersionRecord, CaseQuery, CaseRecord, EventRecord, NoticeRecord, ProcessVersionRecord, TimerRecord, WorkloadRow } from './store.js';
import type { CalendarLibrary } from '../dsl/index.js';

/** The engine's source of time; tests and `CASEFLOW_CLOCK=manual` use a manual one. */
export interface Clock {
  now(): number;
}

/** A case in a list: the record plus its title, one line rendered from the process's `title` (plain text). */
export interface CaseListItem extends CaseRecord {
  title: string;
  /** The decision the case waits on (roles and the figure to show), when it waits on one. */
  approval?: ApprovalView;
}

/** A page of listed cases. */
export interface CaseListPage {
  items: CaseListItem[];
  nextCursor?: string;
}

/** A case as callers see it: the record and its title, its deadlines and what this actor may do now. */
export interface CaseView extends CaseListItem {
  deadlines: Array<{ id: string; label?: string; status: 'running' | 'paused' | 'stopped'; dueAt?: number; elapsedMs: number; withinMs: number; pauses: number; overdue: boolean; beyondCalendar?: string }>;
  actions: AvailableEvent[];
  /** Set when someone else holds the case and this actor may not act on it: then `actions` is empty. */
  heldByOther?: boolean;
}

/**
 * What an event answers by default: where the case is now (its revision is the next If-Match),
 * without the view's title, deadlines and actions, which cost more than the event to work out.
 */
export interface EventOutcome {
  id: string;
  processId: string;
  version: number;
  state: string;
  status: 'active' | 'done';
  revision: number;
  updatedAt: number;
  /** Who holds the case, when someone does. */
  assignee?: string;
  /** Earliest running deadline (epoch ms), when one runs. */
  nextDueAt?: number;
}

/** One step of a replay: recorded vs recomputed. */
export interface ReplayStep {
  seq: number;
  type: string;
  recorded: { to: string; revision: number };
  replayed: { to: string; snapshot: unknown };
  consistent: boolean;
  /** Set when the recorded snapshot differs from the replayed one (field paths). */
  differences?: string[];
}

/** Result of re-running a case's events through its pinned version. */
export interface ReplayResult {
  caseId: string;
  consistent: boolean;
  chainValid: boolean;
  brokenAt?: number;
  steps: ReplayStep[];
}

/**
 * Result of checking hash chains. `firstBroken` names the first bad event, or the first case
 * whose chain does not end where its case row or a checkpoint says.
 */
export interface ChainVerification {
  valid: boolean;
  casesChecked: number;
  eventsChecked: number;
  firstBroken?: { caseId: string; seq: number; reason: string };
  /** The administrative audit log's chain, when the engine keeps one. */
  adminLog?: AdminLogVerification;
  /** The sealed checkpoints, when the engine has a seal key. */
  checkpoints?: CheckpointVerification;
}

/** Options of `applyEvent`. */
export interface ApplyOptions {
  /** Refuse with `stale-revision` unless the case is at this revision (If-Match). */
  expectedRevision?: number;
  /** A repeated key returns the first result and changes nothing. */
  idempotencyKey?: string;
}

/** The case engine. */
export interface Engine {
  readonly clock: Clock;
  /** Validates and publishes a new version of a shared calendar (`invalid-definition` with diagnostics). */
  publishCalendar(args: { yaml: string; publishedBy: string; message?: string }): Promise<CalendarVersionRecord>;
  /** Latest version of each shared calendar. */
  listCalendars(): Promise<CalendarVersionRecord[]>;
  /** One version of a shared calendar (the latest by default); `not-found` when there is none. */
  getCalendar(calendarId: string, version?: number): Promise<CalendarVersionRecord>;
  /** The latest shared calendars as processes see them, by name (for drafts, trial runs and previews). */
  calendars(): Promise<CalendarLibrary>;
  /**
   * Validates and publishes a new version of a process (`invalid-definition` with diagnostics),
   * fixing the latest version of each shared calendar it names.
   */
  publish(args: {
    yaml: string; files?: Record<string, string>; publishedBy: string; message?: string;
    /** Refuse (`conflict`) a process that goes live only with a second owner's approval (people publishing; the server's own files are not). */
    enforceApproval?: boolean;
  }): Promise<ProcessVersionRecord>;
  /** Drafts of versions awaiting a second process owner's approval (four-eyes publishing). */
  readonly drafts: DraftDesk;
  /** Diagnostics of a YAML text, nothing stored. */
  validate(yaml: string, files?: Record<string, string>): Diagnostic[];
  listProcesses(): Promise<ProcessVersionRecord[]>;
  getProcess(processId: string, version?: number): Promise<ProcessVersionRecord>;
  listVersions(processId: string): Promise<ProcessVersionRecord[]>;

  createCase(args: { process: string; data: Record<string, unknown>; actor: Actor; idempotencyKey?: string; parentId?: string }): Promise<CaseView>;
  applyEvent(caseId: string, event: { type: string; input?: Record<string, unknown> }, actor: Actor, options?: ApplyOptions): Promise<CaseView>;
  /** Applies an event like `applyEvent` and answers with its outcome only (no view is worked out). */
  sendEvent(caseId: string, event: { type: string; input?: Record<string, unknown> }, actor: Actor, options?: ApplyOptions): Promise<EventOutcome>;
  getCase(caseId: string, actor: Actor): Promise<CaseView>;
  /** A page of the cases the actor may see, each with its title (rendered by its pinned version, not stored). */
  listCases(query: CaseQuery, actor: Actor): Promise<CaseListPage>;
  /** The case's events; `actor` limits it to cases they may see (absent: a trusted caller such as the CLI). */
  history(caseId: string, actor?: Actor): Promise<EventRecord[]>;
  timers(caseId: string, actor?: Actor): Promise<TimerRecord[]>;
  replay(caseId: string, actor?: Actor): Promise<ReplayResult>;

  /** Gives a case to a person (an assigner, or the person themselves); an `$assign` event. */
  assign(caseId: string, to: string, actor: Actor, reason?: string): Promise<CaseView>;
  /** Takes a queued case; a `$claim` event. */
  claim(caseId: string, actor: Actor): Promise<CaseView>;
  /** Puts a held case back in its queue; a `$release` event. */
  release(caseId: string, actor: Actor, reason?: string): Promise<CaseView>;
  /** An internal note on the timeline; a `$note` event. */
  addNote(caseId: string, text: string, actor: Actor): Promise<CaseView>;
  /** One action on many cases, each its own event and transaction, with a result per case. */
  bulk(caseIds: string[], action: BulkAction, actor: Actor): Promise<BulkOutcome[]>;
  /** Hands an absent person's active cases to their delegate, or back to the queues. */
  handOver(userId: string, mode: 'delegate' | 'queue', actor: Actor): Promise<BulkOutcome[]>;
  /** Active cases per person holding some, in the actor's units; overdue and due before `dayEnd`. */
  workload(actor: Actor, dayEnd: number): Promise<WorkloadRow[]>;
  /** In-app notifications of the actor, newest first, and how many are unread. */
  notices(actor: Actor, options: { unreadOnly?: boolean; limit: number }): Promise<{ items: NoticeRecord[]; unread: number }>;
  /** Marks the actor's notifications read (all when `ids` is absent). */
  markNoticesRead(actor: Actor, ids?: number[]): Promise<number>;
  verifyAll(): Promise<ChainVerification>;
  /** Dry run of moving one page of a process's running cases onto a later version: a report per case, nothing written. */
  planMigration(request: MigrationRequest, actor: Actor): Promise<MigrationReport>;
  /** Moves one page of running cases onto a later version, each with a `$migrated` event; a case that cannot move stays. */
  migrateCases(request: MigrationRequest, actor: Actor): Promise<MigrationReport>;
  /** Running cases of a process by the version they run on (`not-found` for an unknown process). */
  runningCases(processId: string): Promise<Record<string, number>>;

  /** Fires every timer due at the clock's now, in due order, each once. Returns how many fired. */
  fireDueTimers(): Promise<number>;
  /**
   * Manual clock only (`not-found` otherwise): moves time forward by `by` ms, firing each timer
   * at its own due time in due order. Returns how many fired.
   */
  advanceClock(by: number): Promise<number>;
  /** Starts the background timer loop (server); `stop` ends it. */
  startScheduler(): void;
  stop(): Promise<void>;
}
