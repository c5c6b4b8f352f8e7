/**
 * Hints between servers sharing one database that something they may have cached changed (or
 * that a manual clock moved). A hint is sent after the change commits and may be lost (a dropped
 * connection): readers keep a bounded cache lifetime as well, so a lost hint costs latency,
 * never correctness.
 */

/**
 * What changed: the accounts (users, sessions, tokens, the directory); a manual clock moved to
 * `now`; or `lost` when hints may have been missed.
 */
export type ChangeHint = { topic: 'accounts' } | { topic: 'clock'; now: number } | { topic: 'lost' };

/** Hints between the servers on the database. */
export interface ChangeHints {
  /** Calls `listener` with each hint another server sends; returns the way to stop. */
  subscribe(listener: (hint: ChangeHint) => void): () => void;
  /** Sends a hint to the other servers (after the change it names). */
  send(hint: ChangeHint): Promise<void>;
}
