/**
 * Stamps a new case's tallies: reads the cases of its process opened in the widest tally
 * window (newest first, within the case's unit when every tally matches on it) and counts.
 */
import { stampTallies, type CompiledProcess, type OpenedCase } from '../compile/index.js';
import type { Store } from './store.js';

const PAGE = 200;

/** The data of a case about to open, with its process's tallies stamped on it. */
export async function withTallies(
  store: Pick<Store, 'queryCases'>,
  compiled: CompiledProcess,
  data: Record<string, unknown>,
  caseId: string,
  now: number,
): Promise<Record<string, unknown>> {
  const { tallies } = compiled;
  if (tallies.length === 0) return data;
  const from = Math.min(...tallies.map((tally) => tally.windowStart(data, now, caseId)));
  const unitField = compiled.staffing.unitField;
  const unit = unitField === undefined ? undefined : data[unitField];
  const byUnit = typeof unit === 'string' && tallies.every((tally) => tally.match.some((path) => path.length === 1 && path[0] === unitField));
  const earlier: OpenedCase[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.queryCases({ processId: compiled.definition.id, limit: PAGE, cursor, ...(byUnit ? { units: [unit] } : {}) });
    for (const record of page.items) {
      if (record.createdAt >= from) earlier.push({ id: record.id, createdAt: record.createdAt, data: record.snapshot.data });
    }
    // Newest first: once a page reaches before the window, the rest is older still.
    const oldest = page.items.at(-1);
    cursor = oldest !== undefined && oldest.createdAt < from ? undefined : page.nextCursor;
  } while (cursor !== undefined);
  return stampTallies(tallies, data, caseId, now, earlier);
}
