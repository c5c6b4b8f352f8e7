/**
 * Stamps a new case's tallies: for each, the store counts the earlier cases of its process that
 * left the same mark (the matched values as they opened) within the tally's window. A calendar
 * period's count is kept by the store, a rolling window's read from one index range, so a
 * registration costs the same with ten cases in the month as with ten thousand.
 */
import { tallyMarks, tallyValue, type CompiledProcess, type TallyMark } from '../compile/index.js';
import { TALLY_KEEPS } from '../compile/tallies.js';
import type { Store } from './store.js';

/** A new case's data with its process's tallies stamped on it, and the marks it leaves. */
export async function withTallies(
  store: Pick<Store, 'countTally'>,
  compiled: CompiledProcess,
  data: Record<string, unknown>,
  caseId: string,
  now: number,
): Promise<{ data: Record<string, unknown>; marks: TallyMark[] }> {
  const { tallies } = compiled;
  if (tallies.length === 0) return { data, marks: [] };
  const marks = tallyMarks(tallies, data, now, caseId);
  const stamped = { ...data };
  for (const tally of tallies) {
    const mark = marks.find((candidate) => candidate.tally === tally.name);
    const earlier = mark === undefined
      ? { count: 0, cases: [] }
      : await store.countTally({
        processId: compiled.definition.id, tally: tally.name, key: mark.key, from: mark.period ?? tally.windowStart(data, now, caseId), to: now,
        keep: TALLY_KEEPS, period: mark.period !== undefined,
      });
    stamped[tally.name] = tallyValue(earlier, caseId);
  }
  return { data: stamped, marks };
}
