/**
 * One writer per case inside an engine: events of one case queue behind each other instead of
 * racing into the same group commit, where all but one would lose and recompute. Writers in
 * other processes are still caught by the store's revision check.
 */

/** A keyed queue of async tasks: tasks of one key run one at a time, in arrival order. */
export function createCaseLock() {
  const tails = new Map<string, Promise<unknown>>();
  return async function withCase<T>(caseId: string, task: () => Promise<T>): Promise<T> {
    const previous = tails.get(caseId);
    const run = previous ? previous.then(task, task) : task();
    const settled = run.catch(() => undefined);
    tails.set(caseId, settled);
    void settled.then(() => {
      if (tails.get(caseId) === settled) tails.delete(caseId);
    });
    return run;
  };
}

/** Runs `task` while holding the case's turn. */
export type CaseLock = ReturnType<typeof createCaseLock>;
