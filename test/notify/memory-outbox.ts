/** An in-memory outbox with the store's outbox semantics, for delivery tests. */
import type { OutboxRecord } from '../../engine/runtime/store.js';
import type { OutboxStore } from '../../engine/notify/index.js';

/** A test outbox: `add` rows, then let the worker read and update them. */
export interface MemoryOutbox extends OutboxStore {
  rows: OutboxRecord[];
  add(row: Partial<OutboxRecord> & { body: string }): OutboxRecord;
  get(id: number): OutboxRecord;
}

/** A fresh, empty in-memory outbox. */
export function memoryOutbox(): MemoryOutbox {
  const rows: OutboxRecord[] = [];
  const get = (id: number): OutboxRecord => {
    const row = rows.find((candidate) => candidate.id === id);
    if (!row) throw new Error(`no outbox row ${id}`);
    return row;
  };
  return {
    rows,
    get,
    add(row) {
      const record: OutboxRecord = {
        id: rows.length + 1,
        caseId: 'case-1',
        eventSeq: rows.length + 1,
        channel: 'webhook',
        template: 'first-reply-warning',
        to: ['team-lead'],
        status: 'pending',
        attempts: 0,
        nextAttemptAt: 0,
        createdAt: 0,
        ...row,
      };
      rows.push(record);
      return record;
    },
    async claimDueOutbox(now, limit) {
      return rows
        .filter((row) => (row.status === 'pending' || row.status === 'failed') && row.nextAttemptAt <= now)
        .sort((a, b) => a.nextAttemptAt - b.nextAttemptAt || a.id - b.id)
        .slice(0, limit)
        .map((row) => ({ ...row }));
    },
    async listOutbox(filter) {
      return rows
        .filter((row) => (!filter.status || row.status === filter.status) && (!filter.caseId || row.caseId === filter.caseId))
        .slice(0, filter.limit)
        .map((row) => ({ ...row }));
    },
    async updateOutbox(id, change) {
      Object.assign(get(id), change);
    },
  };
}
