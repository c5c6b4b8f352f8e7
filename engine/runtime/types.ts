/**
 * The engine API: what the HTTP server, the CLI and the benchmarks call. No HTTP here.
 */
import type { Actor, AvailableEvent } from '../compile/types.js';
import type { Diagnostic } from '../dsl/diagnostic.js';
import type { CaseQuery, CaseRecord, EventRecord, ProcessVersionRecord, TimerRecord } from './store.js';

/** The engine's source of time; tests and `CASEFLOW_CLOCK=manual` use a manual one. */
export interface Clock {
  now(): number;
}

/** A case in a list: the record plus its title, one line rendered from the process's `title` (plain text). */
export interface CaseListItem extends CaseRecord {
  title: string;
}

/** A page of listed cases. */
export interface CaseListPage {
  items: CaseListItem[];
  nextCursor?: string;
}

/** A case as callers see it: the record and its title, its deadlines and what this actor may do now. */
export interface CaseView extends CaseListItem {
  deadlines: Array<{ id: string; label?: string; status: 'running' | 'paused' | 'stopped'; dueAt?: number; elapsedMs: number; withinMs: number; pauses: number; overdue: boolean }>;
  actions: AvailableEvent[];
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

/** Result of checking hash chains. `firstBroken` names the first bad event. */
export interface ChainVerification {
  valid: boolean;
  casesChecked: number;
  eventsChecked: number;
  firstBroken?: { caseId: string; seq: number; reason: string };
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
  /** Validates and publishes a new version of a process (`invalid-definition` with diagnostics). */
  publish(args: { yaml: string; files?: Record<string, string>; publishedBy: string; message?: string }): Promise<ProcessVersionRecord>;
  /** Diagnostics of a YAML text, nothing stored. */
  validate(yaml: string, files?: Record<string, string>): Diagnostic[];
  listProcesses(): Promise<ProcessVersionRecord[]>;
  getProcess(processId: string, version?: number): Promise<ProcessVersionRecord>;
  listVersions(processId: string): Promise<ProcessVersionRecord[]>;

  createCase(args: { process: string; data: Record<string, unknown>; actor: Actor; idempotencyKey?: string; parentId?: string }): Promise<CaseView>;
  applyEvent(caseId: string, event: { type: string; input?: Record<string, unknown> }, actor: Actor, options?: ApplyOptions): Promise<CaseView>;
  getCase(caseId: string, actor: Actor): Promise<CaseView>;
  /** A page of cases, each with its title (rendered by its pinned version, not stored). */
  listCases(query: CaseQuery, actor: Actor): Promise<CaseListPage>;
  history(caseId: string): Promise<EventRecord[]>;
  timers(caseId: string): Promise<TimerRecord[]>;
  replay(caseId: string): Promise<ReplayResult>;
  verifyAll(): Promise<ChainVerification>;

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
