/** Reads the cases a figure needs from the Store, a page at a time. */
import type { Store } from '../runtime/store.js';
import { reportCase, type ReportCase } from './report-case.js';

/** The part of the store the reports read. */
export type ReportStore = Pick<Store, 'queryCases' | 'getEvents'>;

/** Options of `loadReportCases`. */
export interface LoadOptions {
  /** Also read each case's events (approval lead time needs them). */
  withEvents?: boolean;
  /** Drop cases opened before this time (epoch ms); the store lists oldest first by creation. */
  openedFrom?: number;
  /** Drop cases opened at or after this time. */
  openedBefore?: number;
  pageSize?: number;
  /** Only cases of these units (the reader's scope); absent: every unit. */
  units?: string[];
}

/** Every case of `processId` (within the opening window, if given) as the reports see it. */
export async function loadReportCases(store: ReportStore, processId: string, options: LoadOptions = {}): Promise<ReportCase[]> {
  const cases: ReportCase[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.queryCases({ processId, limit: options.pageSize ?? 500, cursor, ...(options.units === undefined ? {} : { units: options.units }) });
    for (const record of page.items) {
      if (options.openedFrom !== undefined && record.createdAt < options.openedFrom) continue;
      if (options.openedBefore !== undefined && record.createdAt >= options.openedBefore) continue;
      cases.push(reportCase(record, options.withEvents ? await store.getEvents(record.id) : undefined));
    }
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return cases;
}
