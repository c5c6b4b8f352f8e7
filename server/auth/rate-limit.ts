/**
 * Login throttling: after `maxFailures` wrong passwords for one username from one address
 * within `windowMs`, further attempts are refused until the oldest failure leaves the window.
 */

/** Settings of a `LoginLimiter`. */
export interface LoginLimiterOptions {
  maxFailures: number;
  windowMs: number;
  /** Keys remembered at most; the oldest are forgotten first (bounds memory under a spray). */
  maxKeys?: number;
}

/** Counts failed logins per key (username + address) in a sliding window. */
export class LoginLimiter {
  private readonly failures = new Map<string, number[]>();
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

  /** Records a wrong password. */
  fail(key: string, now = Date.now()): void {
    const recent = this.recent(key, now);
    recent.push(now);
    this.failures.delete(key);
    this.failures.set(key, recent);
    if (this.failures.size > this.maxKeys) {
      const oldest = this.failures.keys().next();
      if (!oldest.done) this.failures.delete(oldest.value);
    }
  }

  /** Forgets the failures of `key` after a successful login. */
  succeed(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string, now: number): number[] {
    const since = now - this.options.windowMs;
    const kept = (this.failures.get(key) ?? []).filter((at) => at > since);
    if (kept.length === 0) this.failures.delete(key);
    return kept;
  }
}
