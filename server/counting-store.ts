/**
 * Counts what the engine commits, whoever caused it (a person, a system, the timer scheduler),
 * by watching the store's one write path: `commit`.
 */
import type { CaseCommit, Store } from '../engine/runtime/store.js';
import type { CaseflowMetrics } from './metrics.js';

function count(change: CaseCommit, metrics: CaseflowMetrics): void {
  const labels = { process: change.case.processId };
  metrics.eventsApplied.inc(labels);
  if (change.expectedRevision === 0) metrics.casesOpened.inc(labels);
  if (change.firedTimer) metrics.timersFired.inc(labels);
  for (const child of change.children) count(child, metrics);
}

/** The same store, with every successful commit counted in `metrics`. */
export function countingStore(store: Store, metrics: CaseflowMetrics): Store {
  const commit = async (change: CaseCommit): Promise<void> => {
    await store.commit(change);
    count(change, metrics);
  };
  // Methods are bound once, not on every call the engine makes (several per event).
  const bound = new Map<string | symbol, unknown>();
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property === 'commit') return commit;
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      let method = bound.get(property);
      if (method === undefined) {
        method = value.bind(target);
        bound.set(property, method);
      }
      return method;
    },
  });
}
