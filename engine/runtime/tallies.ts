/**
 * Stamps a new case's tallies: for each, the store counts the earlier cases of its process that
 * left the same mark (the matched values as they opened) within the tally's window. Indexed, so a
 * registration costs the same with ten cases in the month as with ten thousand.
 */
import { TALLY_KEEPS, tallyMarks, tallyValue, type TallyMark } from '../compile/tallies.js';
import type { CompiledProcess } from '../compile/types.js';
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
  const marks = tallyMarks(tallies, data);
  // The tallies are counted side by side: each is one read, none depends on another.
  const counts = await Promise.all(tallies.map((tally) => {
    const key = marks.find((mark) => mark.tally === tally.name)?.key;
    return key === undefined
      ? { count: 0, cases: [] }
      : store.countTally({
        processId: compiled.definition.id, tally: tally.name, key, from: tally.windowStart(data, now, caseId), to: now, keep: TALLY_KEEPS,
      });
  }));
  const stamped = { ...data };
  tallies.forEach((tally, index) => {
    stamped[tally.name] = tallyValue(counts[index], caseId);
  });
  return { data: stamped, marks };
}
