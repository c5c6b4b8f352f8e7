/**
 * An in-memory Store for runtime tests: same contract as the SQLite one (copies in and out,
 * all-or-nothing commits, stale-revision on a moved case), no durability; the store suite runs
 * against it (test/store/memory.test.ts).
 */
import { CaseflowError } from '../../engine/errors.js';
import type {
  CalendarVersionRecord, DraftReview, ProcessDraftRecord,
  CaseCommit, CasePage, CaseQuery, CaseRecord, EventRecord, NoticeRecord, OutboxRecord, ProcessVersionRecord, Store, TallyQuery, TimerRecord, WorkloadRow,
} from '../../engine/runtime/store.js';

const copy = <T>(value: T): T => structuredClone(value);

/** The two orders of a case list: newest first, or (with `overdueAt`) most overdue first. */
type Order = 'created' | 'due';

/** The position a cursor of `order` points after; `invalid-input` for anything else. */
function decodeCursor(cursor: string, order: Order): [number, string] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (Array.isArray(parsed) && parsed.length === 3 && parsed[0] === order && typeof parsed[1] === 'number' && typeof parsed[2] === 'string') {
    return [parsed[1], parsed[2]];
  }
  throw new CaseflowError('invalid-input', 'The cursor is not valid for this query', { details: [{ field: 'cursor', message: 'is not a cursor of this list' }] });
}
const timerKey = (caseId: string, key: string) => `${caseId}\u0000${key}`;

/** Creates an empty in-memory store. */
export function createMemoryStore(): Store & { commits: number } {
  const versions: ProcessVersionRecord[] = [];
  const calendars: CalendarVersionRecord[] = [];
  const drafts: ProcessDraftRecord[] = [];
  const cases = new Map<string, CaseRecord>();
  const events = new Map<string, EventRecord[]>();
  const timers = new Map<string, TimerRecord>();
  const outbox: OutboxRecord[] = [];
  const notices: NoticeRecord[] = [];
  const tallyMarks: Array<{ processId: string; tally: string; key: string; at: number; caseId: string }> = [];
  const idempotency = new Map<string, { requestHash: string; response: unknown }>();
  let closed = false;

  const open = () => {
    if (closed) throw new CaseflowError('internal', 'store is closed');
  };

  /** Refuses the commit as the SQLite store would; `written` holds revisions set earlier in the same commit. */
  function check(change: CaseCommit, keys: Set<string>, written: Map<string, number>): void {
    const id = change.case.id;
    const revision = written.get(id) ?? cases.get(id)?.revision;
    if (revision === undefined && change.expectedRevision > 0) throw new CaseflowError('not-found', `case ${id} does not exist`);
    if ((revision ?? 0) !== change.expectedRevision) {
      throw new CaseflowError('stale-revision', `case ${id} is at revision ${revision ?? 0}, not ${change.expectedRevision}`);
    }
    if (change.firedTimer) {
      const pending = timers.get(timerKey(id, change.firedTimer.key));
      if (!pending || pending.count !== change.firedTimer.count) throw new CaseflowError('stale-revision', 'timer no longer pending');
    }
    if (change.idempotency) {
      if (idempotency.has(change.idempotency.key) || keys.has(change.idempotency.key)) throw new CaseflowError('conflict', 'idempotency key used');
      keys.add(change.idempotency.key);
    }
    written.set(id, change.case.revision);
    for (const child of change.children) check(child, keys, written);
  }

  function write(change: CaseCommit): void {
    const id = change.case.id;
    cases.set(id, copy(change.case));
    const list = events.get(id) ?? [];
    list.push(copy(change.event));
    events.set(id, list);
    if (change.firedTimer) timers.delete(timerKey(id, change.firedTimer.key));
    for (const effect of change.timers) {
      if (effect.kind === 'timer.schedule') timers.set(timerKey(id, effect.key), { caseId: id, key: effect.key, dueAt: effect.dueAt, count: effect.count });
      else if (effect.kind === 'timer.cancel') timers.delete(timerKey(id, effect.key));
    }
    for (const mark of change.tallyMarks ?? []) {
      tallyMarks.push({ processId: change.case.processId, tally: mark.tally, key: mark.key, at: change.case.createdAt, caseId: id });
    }
    for (const n of change.notices ?? []) notices.push({ ...copy(n), id: notices.length + 1, caseId: id, eventSeq: change.event.seq });
    for (const row of change.outbox) outbox.push({ ...copy(row), id: outbox.length + 1, caseId: id, eventSeq: change.event.seq });
    if (change.idempotency) idempotency.set(change.idempotency.key, copy({ requestHash: change.idempotency.requestHash, response: change.idempotency.response }));
    for (const child of change.children) write(child);
  }

  const store = {
    commits: 0,
    async migrate() {},
    async close() { closed = true; },
    async publishVersion(record: Omit<ProcessVersionRecord, 'version'>) {
      open();
      const version = versions.filter((v) => v.processId === record.processId).length + 1;
      const stored = { ...copy(record), version };
      versions.push(stored);
      return copy(stored);
    },
    async listProcesses() {
      const latest = new Map<string, ProcessVersionRecord>();
      for (const v of versions) latest.set(v.processId, v);
      return copy([...latest.values()].sort((a, b) => (a.processId < b.processId ? -1 : 1)));
    },
    async getVersion(processId: string, version?: number) {
      const mine = versions.filter((v) => v.processId === processId);
      const found = version === undefined ? mine[mine.length - 1] : mine.find((v) => v.version === version);
      return found ? copy(found) : undefined;
    },
    async listVersions(processId: string) {
      return copy(versions.filter((v) => v.processId === processId));
    },
    async publishCalendar(record: Omit<CalendarVersionRecord, 'version'>) {
      open();
      const stored = { ...copy(record), version: calendars.filter((c) => c.calendarId === record.calendarId).length + 1 };
      calendars.push(stored);
      return copy(stored);
    },
    async listCalendars() {
      const latest = new Map<string, CalendarVersionRecord>();
      for (const c of calendars) latest.set(c.calendarId, c);
      return copy([...latest.values()]);
    },
    async getCalendar(calendarId: string, version?: number) {
      const mine = calendars.filter((c) => c.calendarId === calendarId);
      const found = version === undefined ? mine[mine.length - 1] : mine.find((c) => c.version === version);
      return found ? copy(found) : undefined;
    },
    async saveDraft(draft: Omit<ProcessDraftRecord, 'status'>) {
      open();
      const stored: ProcessDraftRecord = { ...copy(draft), status: 'pending' };
      if (stored.message === undefined) delete stored.message;
      if (stored.baseVersion === undefined) delete stored.baseVersion;
      drafts.push(stored);
      return copy(stored);
    },
    async getDraft(id: string) {
      const found = drafts.find((d) => d.id === id);
      return found ? copy(found) : undefined;
    },
    async listDrafts(filter: { processId?: string; status?: ProcessDraftRecord['status'] }) {
      const mine = drafts.filter((d) => (filter.processId === undefined || d.processId === filter.processId) && (filter.status === undefined || d.status === filter.status));
      return copy(mine.sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1)));
    },
    async returnDraft(id: string, review: DraftReview) {
      open();
      const found = drafts.find((d) => d.id === id && d.status === 'pending');
      if (!found) return undefined;
      Object.assign(found, { status: 'returned', reviewer: review.by, reviewedAt: review.at }, review.comment === undefined ? {} : { comment: review.comment });
      return copy(found);
    },
    async approveDraft(id: string, review: DraftReview, record: Omit<ProcessVersionRecord, 'version'>) {
      open();
      const found = drafts.find((d) => d.id === id && d.status === 'pending');
      if (!found) return undefined;
      const version = { ...copy(record), version: versions.filter((v) => v.processId === record.processId).length + 1 };
      versions.push(version);
      Object.assign(found, { status: 'approved', reviewer: review.by, reviewedAt: review.at, version: version.version }, review.comment === undefined ? {} : { comment: review.comment });
      return { draft: copy(found), version: copy(version) };
    },
    async getCase(id: string) {
      open();
      const found = cases.get(id);
      return found ? copy(found) : undefined;
    },
    async countTally(query: TallyQuery) {
      const marked = tallyMarks
        .filter((m) => m.processId === query.processId && m.tally === query.tally && m.key === query.key && m.at >= query.from && m.at <= query.to)
        .sort((a, b) => a.at - b.at || (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0));
      return { count: marked.length, cases: query.keep > 0 ? marked.slice(-query.keep).map((m) => m.caseId) : [] };
    },
    async queryCases(query: CaseQuery): Promise<CasePage> {
      const all = [...cases.values()].filter((c) =>
        (query.processId === undefined || c.processId === query.processId) &&
        (query.state === undefined || c.state === query.state) &&
        (query.status === undefined || c.status === query.status) &&
        (query.roles === undefined || c.actionableRoles.some((r) => query.roles?.includes(r))) &&
        (query.overdueAt === undefined || (c.status === 'active' && c.nextDueAt !== undefined && c.nextDueAt < query.overdueAt)) &&
        (query.search === undefined || c.searchText.toLowerCase().includes(query.search.toLowerCase())) &&
        (query.parentId === undefined || c.parentId === query.parentId) &&
        (query.createdFrom === undefined || c.createdAt >= query.createdFrom) &&
        (query.createdBefore === undefined || c.createdAt < query.createdBefore) &&
        (query.assignee === undefined || (c.assignee ?? null) === query.assignee) &&
        (query.units === undefined || (c.unit !== undefined && query.units.includes(c.unit))) &&
        (query.queued !== true || (c.assignee === undefined && c.status === 'active' && (c.queueRoles ?? c.actionableRoles).some((r) => query.roles?.includes(r)))) &&
        (query.waiting !== true || (c.waitingOn ?? []).some((r) => query.roles?.includes(r))));
      const order: Order = query.overdueAt === undefined ? 'created' : 'due';
      const sortKey = (c: CaseRecord): [number, string] => [order === 'due' ? (c.nextDueAt ?? 0) : c.createdAt, c.id];
      // Newest first (created_at, id both down), or most overdue first (next_due_at, id both up).
      const sign = order === 'due' ? 1 : -1;
      const compare = (a: [number, string], b: [number, string]) => sign * (a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
      all.sort((a, b) => compare(sortKey(a), sortKey(b)));
      const from = query.cursor === undefined ? undefined : decodeCursor(query.cursor, order);
      const rest = from === undefined ? all : all.filter((c) => compare(from, sortKey(c)) < 0);
      const items = rest.slice(0, query.limit);
      const page: CasePage = { items: copy(items) };
      const last = items[items.length - 1];
      if (rest.length > query.limit) page.nextCursor = Buffer.from(JSON.stringify([order, ...sortKey(last)])).toString('base64url');
      return page;
    },
    async commit(change: CaseCommit) {
      open();
      check(change, new Set(), new Map());
      write(change);
      store.commits++;
      await new Promise((resolve) => setImmediate(resolve));
    },
    async getEvents(caseId: string) {
      return copy(events.get(caseId) ?? []);
    },
    async scanEvents(after: { caseId: string; seq: number } | undefined, limit: number) {
      const ids = [...events.keys()].sort();
      const out: EventRecord[] = [];
      for (const id of ids) {
        for (const e of events.get(id) ?? []) {
          if (after && (id < after.caseId || (id === after.caseId && e.seq <= after.seq))) continue;
          out.push(copy(e));
          if (out.length >= limit) return out;
        }
      }
      return out;
    },
    async dueTimers(now: number, limit: number) {
      return copy([...timers.values()].filter((t) => t.dueAt <= now).sort((a, b) => a.dueAt - b.dueAt).slice(0, limit));
    },
    async claimDueTimers(now: number, limit: number) {
      return this.dueTimers(now, limit);
    },
    async pendingTimers(caseId: string) {
      return copy([...timers.values()].filter((t) => t.caseId === caseId).sort((a, b) => a.dueAt - b.dueAt));
    },
    async nextTimerDue() {
      let next: number | undefined;
      for (const t of timers.values()) if (next === undefined || t.dueAt < next) next = t.dueAt;
      return next;
    },
    async findIdempotency(key: string) {
      const found = idempotency.get(key);
      return found ? copy(found) : undefined;
    },
    async workload(args: { units?: string[]; now: number; dayEnd: number }) {
      const rows = new Map<string, WorkloadRow>();
      for (const c of cases.values()) {
        if (c.assignee === undefined || c.status !== 'active' || (args.units !== undefined && (c.unit === undefined || !args.units.includes(c.unit)))) continue;
        const row = rows.get(c.assignee) ?? { assignee: c.assignee, open: 0, overdue: 0, dueToday: 0 };
        row.open++;
        if (c.nextDueAt !== undefined && c.nextDueAt < args.now) row.overdue++;
        else if (c.nextDueAt !== undefined && c.nextDueAt < args.dayEnd) row.dueToday++;
        rows.set(c.assignee, row);
      }
      return [...rows.values()].sort((a, b) => (a.assignee < b.assignee ? -1 : 1));
    },
    async openCaseCounts(userIds: string[]) {
      const active = [...cases.values()].filter((c) => c.status === 'active');
      return new Map(userIds.map((id) => [id, active.filter((c) => c.assignee === id).length]));
    },
    async listNotices(userId: string, options: { unreadOnly?: boolean; limit: number }) {
      return copy(notices.filter((n) => n.userId === userId && (!options.unreadOnly || n.readAt === undefined)).reverse().slice(0, options.limit));
    },
    async countUnreadNotices(userId: string) {
      return notices.filter((n) => n.userId === userId && n.readAt === undefined).length;
    },
    async markNoticesRead(userId: string, at: number, ids?: number[]) {
      let changed = 0;
      for (const n of notices) {
        if (n.userId !== userId || n.readAt !== undefined || (ids !== undefined && !ids.includes(n.id))) continue;
        n.readAt = at;
        changed++;
      }
      return changed;
    },
    async dueOutbox(now: number, limit: number) {
      const due = outbox.filter((o) => (o.status === 'pending' || o.status === 'failed') && o.nextAttemptAt <= now);
      return copy(due.sort((a, b) => a.nextAttemptAt - b.nextAttemptAt || a.id - b.id).slice(0, limit));
    },
    async claimDueOutbox(now: number, limit: number) {
      return this.dueOutbox(now, limit);
    },
    async listOutbox(filter: { status?: OutboxRecord['status']; caseId?: string; limit: number }) {
      return copy(outbox.filter((o) => (filter.status === undefined || o.status === filter.status) && (filter.caseId === undefined || o.caseId === filter.caseId)).slice(0, filter.limit));
    },
    async updateOutbox(id: number, change: Partial<Pick<OutboxRecord, 'status' | 'attempts' | 'nextAttemptAt' | 'lastError'>>) {
      const row = outbox.find((o) => o.id === id);
      if (!row) throw new CaseflowError('not-found', `outbox row ${id}`);
      Object.assign(row, change);
    },
  };
  return store;
}
