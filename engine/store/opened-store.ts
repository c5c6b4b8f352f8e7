/**
 * What one Caseflow database holds, behind the interfaces the engine owns. A store driver
 * (`engine/store/sqlite/`, `engine/store/postgres/`) opens all of it on one connection or
 * pool; the server receives it whole from `openStore` and never sees the driver.
 */
import type { AccountStore } from '../accounts/types.js';
import type { SavedFilterStore } from '../accounts/saved-filters.js';
import type { AuditStore } from '../audit/types.js';
import type { OutboxBrowser } from '../notify/outbox-browser.js';
import type { SingletonLock } from '../runtime/singleton-lock.js';
import type { Store } from '../runtime/store.js';
import type { ChangeHints } from './change-hints.js';

/** The cases side of a database (the engine's `Store`) with its administrative audit log and checkpoints. */
export type CaseStore = Store & AuditStore;

/** An open database: every store on it, and one way to close them all. */
export interface OpenedStore<S extends CaseStore = CaseStore> {
  /** Cases, events, timers, outbox and notices; the admin log and the sealed checkpoints. */
  store: S;
  /** Users, sessions, API tokens and the organisation directory. */
  accounts: AccountStore;
  /** Saved inbox filters. */
  filters: SavedFilterStore;
  /** The outbox page's reads and the scheduled notices (the weekly digest). */
  outbox: OutboxBrowser;
  /** Hints from other servers sharing the database that cached accounts changed; absent where one server has the database. */
  hints?: ChangeHints;
  /** Lets one server at a time run work done for the whole database (digests, reports, checkpoints). */
  singleton: SingletonLock;
  /** Closes the database after the writes in progress. */
  close(): Promise<void>;
}
