/**
 * The storage contract of the engine. Every method is async so that a Postgres store (several
 * servers, one database) fits behind the same interface as the SQLite one.
 * `engine/store/sqlite/` implements it; nothing above the store imports drizzle, SQLite or pg, and
 * the server receives it with the other stores of its database from `openStore` (engine/store).
 */
import type { TallyCount, TallyMark } from '../compile/tallies.js';
import type { CaseSnapshot, Effect } from '../compile/types.js';
import type { ChainVerification } from './types.js';

/** One published version of a process, with its YAML source kept. */
export interface ProcessVersionRecord {
  processId: string;
  version: number;
  name: string;
  yaml: string;
  /** Templates read from files beside the YAML, by path, so a version is self-contained. */
  files: Record<string, string>;
  publishedBy: string;
  publishedAt: number;
  message?: string;
  /**
   * Version of each shared calendar the process names, fixed when it is published, so its cases
   * (and their replay) keep the calendar they started with: `{ "cn-mainland": 2 }`.
   */
  calendars?: Record<string, number>;
  /** The second process owner who approved it, when the process requires approval (`publishedBy` drafted it). */
  approvedBy?: string;
}

/** Where a draft stands: awaiting review, published, or sent back to its author. */
export type DraftStatus = 'pending' | 'approved' | 'returned';

/** A new version of a process awaiting a second process owner's approval. */
export interface ProcessDraftRecord {
  id: string;
  processId: string;
  /** Display name read from the YAML. */
  name: string;
  yaml: string;
  files: Record<string, string>;
  message?: string;
  /** The version in production when it was drafted (absent for a new process). */
  baseVersion?: number;
  author: string;
  createdAt: number;
  status: DraftStatus;
  reviewer?: string;
  reviewedAt?: number;
  /** Why it was sent back, or a note with the approval. */
  comment?: string;
  /** The version it became, once approved. */
  version?: number;
}

/** Who reviewed a draft, when, and what they said. */
export interface DraftReview {
  by: string;
  at: number;
  comment?: string;
}

/** One published version of a shared calendar (`calendars/<id>.yaml`), with its YAML source kept. */
export interface CalendarVersionRecord {
  calendarId: string;
  version: number;
  name: string;
  yaml: string;
  publishedBy: string;
  publishedAt: number;
  message?: string;
}

/** A case as stored. */
export interface CaseRecord {
  id: string;
  processId: string;
  version: number;
  parentId?: string;
  /** Top-level state name, for filtering. */
  state: string;
  status: 'active' | 'done';
  snapshot: CaseSnapshot;
  revision: number;
  /** Earliest running deadline (epoch ms), for the inbox and the overdue filter. */
  nextDueAt?: number;
  /** Roles that may act in the current state, for the inbox's role filter. */
  actionableRoles: string[];
  /** What the inbox search finds the case by: its id, its title and the details the title names (a customer's phone). */
  searchText: string;
  createdAt: number;
  updatedAt: number;
  createdBy: string;
  /** Hash of the last event, the head of the case's chain. */
  lastHash: string;
  /** The unit the case belongs to (a copy of the snapshot's, for scoping and queues). */
  unit?: string;
  /** Who holds the case (a copy of the snapshot's), for "assigned to me" and workload. */
  assignee?: string;
  /** Roles whose decision the case waits on now (an approval state), for "waiting on me". */
  waitingOn?: string[];
  /**
   * While nobody holds the case: the roles whose queue it waits in, when its state names them
   * (`queue:`/`auto:` rules); otherwise every role that can act. Worked out on writing, not stored.
   */
  queueRoles?: string[];
}

/** A change of the person holding a case, recorded on the event that made it. */
export interface AssignmentChange {
  from: string | null;
  to: string | null;
  /** Why: `claim`, `release`, `assign`, `rule:<state>`, `absence`, `creator`, or the assigner's words. */
  reason: string;
}

/** One audited event. `hash = sha256(prevHash + canonical JSON of the other fields)`. */
export interface EventRecord {
  caseId: string;
  /** 1 for the event that opened the case. */
  seq: number;
  type: string;
  actor: string;
  actorRoles: string[];
  at: number;
  from: string | null;
  to: string;
  input: Record<string, unknown> | null;
  /** Timer that caused the event, if any. */
  timer?: { key: string; count: number };
  /** The change of assignee this event made, if any. */
  assignment?: AssignmentChange;
  /** The absent assignee a delegate acted for. */
  onBehalfOf?: string;
  prevHash: string;
  hash: string;
}

/**
 * The JSON members of a new event as the canonical text its hash covers (`null` where the event
 * has none). A store that keeps them as text writes exactly this, so the row hashes as read.
 */
export interface EventJson {
  input: string | null;
  timer: string | null;
  assignment: string | null;
}

/** A pending timer; at most one per (caseId, key). */
export interface TimerRecord {
  caseId: string;
  key: string;
  dueAt: number;
  count: number;
}

/** A message waiting for (or done with) delivery. */
export interface OutboxRecord {
  id: number;
  caseId: string;
  eventSeq: number;
  channel: string;
  template: string;
  to: string[];
  subject?: string;
  body: string;
  status: 'pending' | 'sent' | 'failed' | 'dead';
  attempts: number;
  nextAttemptAt: number;
  lastError?: string;
  createdAt: number;
}

/**
 * Everything one accepted event changes, written in ONE transaction.
 * `expectedRevision` is the revision the change was computed from (0 for a new case);
 * the store refuses with `stale-revision` if the case moved on meanwhile.
 */
export interface CaseCommit {
  case: CaseRecord;
  expectedRevision: number;
  event: EventRecord;
  /** The event's input, timer and assignment as the canonical JSON that was hashed. */
  eventJson: EventJson;
  /** Timer effects in order: cancels and schedules of this case. */
  timers: Effect[];
  /** The timer row that fired this event; removed in the same transaction (must still exist). */
  firedTimer?: { key: string; count: number };
  outbox: Array<Omit<OutboxRecord, 'id' | 'caseId' | 'eventSeq'>>;
  /** Linked cases opened by this event, each with its own first event. */
  children: CaseCommit[];
  /** In-app notifications this event raises, written in its transaction. */
  notices?: Array<Omit<NoticeRecord, 'id' | 'caseId' | 'eventSeq' | 'readAt'>>;
  /** Idempotency record: the key and the response to return when it is used again. */
  idempotency?: { key: string; requestHash: string; response: unknown };
  /** A new case's tally marks (process tallies), kept with its opening time for later counts. */
  tallyMarks?: TallyMark[];
}

/** What `countTally` counts. */
export interface TallyQuery {
  processId: string;
  tally: string;
  key: string;
  from: number;
  to: number;
  keep: number;
}

/** One person's active cases, for the workload view. */
export interface WorkloadRow {
  assignee: string;
  open: number;
  overdue: number;
  dueToday: number;
}

/** An in-app notification for one person. */
export interface NoticeRecord {
  id: number;
  userId: string;
  caseId: string;
  eventSeq: number;
  /** `assigned`, `approval`, `warning`, `message`, `handover`. */
  kind: string;
  text: string;
  createdAt: number;
  readAt?: number;
}

/** Inbox / list filter. All optional; `cursor` comes from the previous page. */
export interface CaseQuery {
  processId?: string;
  state?: string;
  status?: 'active' | 'done';
  /** Cases someone with any of these roles can act on now. */
  roles?: string[];
  /** Only cases with a running deadline before `now`. */
  overdueAt?: number;
  /** Substring match on searchText. */
  search?: string;
  /** Held by this user id; `null` for cases nobody holds. */
  assignee?: string | null;
  /** Only cases of these units (an actor's scope); absent: every unit. */
  units?: string[];
  /** Nobody holds it and one of `roles` can act: the queues of those roles (needs `roles`). */
  queued?: boolean;
  /** Waiting on a decision of one of `roles` (needs `roles`). */
  waiting?: boolean;
  parentId?: string;
  /** Only cases created at or after this time (epoch ms). */
  createdFrom?: number;
  /** Only cases created before this time (epoch ms). */
  createdBefore?: number;
  limit: number;
  cursor?: string;
}

/** A page of cases. */
export interface CasePage {
  items: CaseRecord[];
  nextCursor?: string;
}

/** The engine's view of storage. */
export interface Store {
  /** Applies pending migrations. */
  migrate(): Promise<void>;
  close(): Promise<void>;

  publishVersion(record: Omit<ProcessVersionRecord, 'version'>): Promise<ProcessVersionRecord>;
  /** Latest version of each process. */
  listProcesses(): Promise<ProcessVersionRecord[]>;
  getVersion(processId: string, version?: number): Promise<ProcessVersionRecord | undefined>;
  listVersions(processId: string): Promise<ProcessVersionRecord[]>;

  publishCalendar(record: Omit<CalendarVersionRecord, 'version'>): Promise<CalendarVersionRecord>;

  /** Saves a new draft (status pending). */
  saveDraft(draft: Omit<ProcessDraftRecord, 'status' | 'reviewer' | 'reviewedAt' | 'comment' | 'version'>): Promise<ProcessDraftRecord>;
  getDraft(id: string): Promise<ProcessDraftRecord | undefined>;
  /** Drafts, newest first: of one process, and of one status, when given. */
  listDrafts(filter: { processId?: string; status?: DraftStatus }): Promise<ProcessDraftRecord[]>;
  /** Sends a pending draft back with its review; undefined when it is not pending (any more). */
  returnDraft(id: string, review: DraftReview): Promise<ProcessDraftRecord | undefined>;
  /**
   * In one transaction: publishes a pending draft as the next version (`approvedBy` the
   * reviewer) and marks it approved with that version; undefined when it is not pending.
   */
  approveDraft(id: string, review: DraftReview, version: Omit<ProcessVersionRecord, 'version'>): Promise<{ draft: ProcessDraftRecord; version: ProcessVersionRecord } | undefined>;
  /** Latest version of each shared calendar. */
  listCalendars(): Promise<CalendarVersionRecord[]>;
  getCalendar(calendarId: string, version?: number): Promise<CalendarVersionRecord | undefined>;

  getCase(id: string): Promise<CaseRecord | undefined>;
  queryCases(query: CaseQuery): Promise<CasePage>;
  /**
   * Counts the cases of a process a tally marked with `key` when they opened, between `from` and
   * `to` (epoch ms, both included): how many, and the ids of the newest `keep`, oldest first.
   * Counted in arrival order, like the reads before a commit: two cases opening at the same
   * moment may both see the count without the other.
   */
  countTally(query: TallyQuery): Promise<TallyCount>;
  /** Writes one accepted event (see CaseCommit). Resolves only after a durable commit. */
  commit(change: CaseCommit): Promise<void>;
  getEvents(caseId: string): Promise<EventRecord[]>;
  /** Events of all cases in (caseId, seq) order, a page at a time, for whole-database checks. */
  scanEvents(after: { caseId: string; seq: number } | undefined, limit: number): Promise<EventRecord[]>;
  /**
   * Optional fast path of the whole-database check: every chain checked by the runtime's
   * `ChainWalk` over the rows as stored, in worker threads where the store can.
   */
  verifyChains?(): Promise<ChainVerification>;

  /** Pending timers due at or before `now`, earliest first. */
  dueTimers(now: number, limit: number): Promise<TimerRecord[]>;
  pendingTimers(caseId: string): Promise<TimerRecord[]>;
  /**
   * Due timers this server is to fire now, earliest first. A store several servers share leases
   * them to this server, and hands out a case's timers to one server at a time; a store with one
   * server returns `dueTimers`.
   */
  claimDueTimers(now: number, limit: number): Promise<TimerRecord[]>;
  /** Earliest pending due time, to know when to wake up. */
  nextTimerDue(): Promise<number | undefined>;

  findIdempotency(key: string): Promise<{ requestHash: string; response: unknown } | undefined>;

  /** Per person holding active cases (of `units`, when given): how many, overdue at `now`, due before `dayEnd`. */
  workload(args: { units?: string[]; now: number; dayEnd: number }): Promise<WorkloadRow[]>;
  /** Active cases held by each of these users. */
  openCaseCounts(userIds: string[]): Promise<Map<string, number>>;

  /** In-app notifications of a user, newest first. */
  listNotices(userId: string, options: { unreadOnly?: boolean; limit: number }): Promise<NoticeRecord[]>;
  /** Unread notifications of a user. */
  countUnreadNotices(userId: string): Promise<number>;
  /** Marks notifications of a user read (all when `ids` is absent); returns how many changed. */
  markNoticesRead(userId: string, at: number, ids?: number[]): Promise<number>;

  /** Outbox rows ready to send at `now`. */
  dueOutbox(now: number, limit: number): Promise<OutboxRecord[]>;
  /**
   * Outbox rows this server is to send now, in due order: leased to it where several servers
   * share the store (a channel's rows to one server at a time), else `dueOutbox`.
   */
  claimDueOutbox(now: number, limit: number): Promise<OutboxRecord[]>;
  /**
   * Where several servers share the store: renews this server's lease on a claimed row right
   * before it is sent; false when the row is no longer this server's, and it must not be sent.
   * A store with one server has no such method: what it claimed is its own.
   */
  holdOutbox?(id: number): Promise<boolean>;
  listOutbox(filter: { status?: OutboxRecord['status']; caseId?: string; limit: number }): Promise<OutboxRecord[]>;
  /** Records an attempt on a row (where several servers share the store: unless another server holds the row now). */
  updateOutbox(id: number, change: Partial<Pick<OutboxRecord, 'status' | 'attempts' | 'nextAttemptAt' | 'lastError'>>): Promise<void>;
}
