/**
 * Hints between servers sharing one database that something they may have cached changed. A
 * hint is sent after the change commits and may be lost (a dropped connection): readers keep a
 * bounded cache lifetime as well, so a lost hint costs latency, never correctness.
 */

/** What changed: the accounts (users, sessions, tokens, the directory), or `lost` when hints may have been missed. */
export type ChangeTopic = 'accounts' | 'lost';

/** Hints from the other servers on the database. */
export interface ChangeHints {
  /** Calls `listener` with each hint another server sends; returns the way to stop. */
  subscribe(listener: (topic: ChangeTopic) => void): () => void;
}
