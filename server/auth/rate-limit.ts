/**
 * Login throttling: at most `maxFailures` attempts that did not succeed, per username and
 * address, within `windowMs`. An attempt is counted before its password is checked (reserved),
 * so many requests sent at once cannot all be checked while the first ones are still hashing;
 * a successful login forgets the key's attempts.
 */

/** Settings of a `LoginLimiter`. */
export interface LoginLimiterOptions {
  maxFailures: number;
  windowMs: number;
  /** Keys remembered at most; the oldest are forgotten first (bounds memory under a spray). */
  maxKeys?: number;
}

/** The answer to `reserve`: go ahead, or wait `retryAfterMs`. */
export type Reservation = { granted: true } | { granted: false; retryAfterMs: number };

/** Counts login attempts per key (username + address) in a sliding window. */
export class LoginLimiter {
  private readonly attempts = new Map<string, number[]>();
  private readonly maxKeys: number;

  constructor(private readonly options: LoginLimiterOptions) {
    this.maxKeys = options.maxKeys ?? 100_000;
  }

  /** Milliseconds until `key` may try again, or 0 when it may try now. */
  retryAfterMs(key: string, now = Date.now()): number {
    const recent = this.recent(key, now);
    if (recent.length < this.options.maxFailures) return 0;
    return Math.max(1, recent[recent.length - this.options.maxFailures] + this.options.windowMs - now);
  }

  /**
   * Counts an attempt of `key` now, before its password is checked, or refuses it when the
   * window is full. Check and count happen in one synchronous step, so concurrent attempts
   * cannot slip between them.
   */
  reserve(key: string, now = Date.now()): Reservation {
    const retryAfterMs = this.retryAfterMs(key, now);
    if (retryAfterMs > 0) return { granted: false, retryAfterMs };
    this.fail(key, now);
    return { granted: true };
  }

  /** Records an attempt that did not succeed. */
  fail(key: string, now = Date.now()): void {
    const recent = this.recent(key, now);
    recent.push(now);
    this.attempts.delete(key);
    this.attempts.set(key, recent);
    if (this.attempts.size > this.maxKeys) {
      const oldest = this.attempts.keys().next();
      if (!oldest.done) this.attempts.delete(oldest.value);
    }
  }

  /** Forgets the attempts of `key` after a successful login. */
  succeed(key: string): void {
    this.attempts.delete(key);
  }

  private recent(key: string, now: number): number[] {
    const since = now - this.options.windowMs;
    const kept = (this.attempts.get(key) ?? []).filter((at) => at > since);
    if (kept.length === 0) this.attempts.delete(key);
    return kept;
  }
}
