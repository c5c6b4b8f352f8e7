/**
 * What the runtime's operations share: storage, time and compiled processes.
 */
import type { CaseLock } from './case-lock.js';
import type { PeopleDirectory } from './people.js';
import type { ProcessSource } from './process-cache.js';
import type { Store } from './store.js';
import type { Clock } from './types.js';

/** The dependencies of every runtime operation. */
export interface RuntimeContext {
  store: Store;
  clock: Clock;
  processes: ProcessSource;
  /** Serialises writes to one case within this engine. */
  caseLock?: CaseLock;
  /** The organisation directory: without it, nobody is picked automatically and units are not checked. */
  people?: PeopleDirectory;
}
