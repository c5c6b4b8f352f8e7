/**
 * What the outbox page and the scheduled notices need from storage beyond the `Store`
 * contract: newest-first pages with counts, one row by id, and messages that no case event
 * caused (the weekly digest). `engine/store/sqlite/outbox-browser.ts` implements it on SQLite.
 */
import type { OutboxRecord } from '../runtime/store.js';

/** Delivery status of an outbox row. */
export type OutboxStatus = OutboxRecord['status'];

/** Every status, in the order the UI shows them. */
export const OUTBOX_STATUSES: readonly OutboxStatus[] = ['pending', 'failed', 'dead', 'sent'];

/** A page request: rows with ids below `before` (the previous page's `nextBefore`), newest first. */
export interface OutboxPageQuery {
  status?: OutboxStatus;
  caseId?: string;
  before?: number;
  limit: number;
  /** Only messages of cases of these units (a unit-level reader); absent: every message. */
  units?: string[];
}

/** A page of outbox rows, newest first. */
export interface OutboxPage {
  items: OutboxRecord[];
  nextBefore?: number;
}

/** A message not caused by a case event; `key` names it (`digest:2025-W13`) and it is written once. */
export interface Notice {
  key: string;
  channel: string;
  template: string;
  to: string[];
  subject?: string;
  body: string;
}

/** Outbox reads and notices for the admin page and the schedules. */
export interface OutboxBrowser {
  page(query: OutboxPageQuery): Promise<OutboxPage>;
  /** Rows per status; of the cases of `units` only, when given. */
  counts(units?: string[]): Promise<Record<OutboxStatus, number>>;
  /** One row; with `units`, only a message of a case of those units. */
  get(id: number, units?: string[]): Promise<OutboxRecord | undefined>;
  /** Writes the notice unless one with its key exists; the new row, or undefined if it existed. */
  addNotice(notice: Notice, now: number): Promise<OutboxRecord | undefined>;
}

/** Whether the notice keyed `key` is in the outbox already (in any status): one row read by its key. */
export async function noticeWritten(outbox: Pick<OutboxBrowser, 'page'>, key: string): Promise<boolean> {
  return (await outbox.page({ caseId: key, limit: 1 })).items.length > 0;
}
