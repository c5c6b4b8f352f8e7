/** Reads the cases a figure needs from the Store, a page at a time. */
import type { Store } from '../runtime/store.js';
import { reportCase, type ReportCase } from './report-case.js';

/** The part of the store the reports read. */
export type ReportStore = Pick<Store, 'queryCases' | 'getEvents'>;

/** Options of `loadReportCases`. */
export interface LoadOptions {
  /** Also read each case's events (approval lead time needs them). */
  withEvents?: boolean;
  /** Only cases opened at or after this time (epoch ms); the store reads just that stretch of its index. */
  openedFrom?: number;
  /** Only cases opened before this time. */
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
    const page = await store.queryCases({
      processId, limit: options.pageSize ?? 500, cursor,
      ...(options.openedFrom === undefined ? {} : { createdFrom: options.openedFrom }),
      ...(options.openedBefore === undefined ? {} : { createdBefore: options.openedBefore }),
      ...(options.units === undefined ? {} : { units: options.units }),
    });
    for (const record of page.items) cases.push(reportCase(record, options.withEvents ? await store.getEvents(record.id) : undefined));
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return cases;
}
