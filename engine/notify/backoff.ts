/** How long to wait before the next delivery attempt, and when to give up. */

/** Retry settings of the delivery worker. */
export interface RetryPolicy {
  /** Wait after the first failure (default 10 s). */
  baseMs: number;
  /** Each further failure multiplies the wait (default 2). */
  factor: number;
  /** Longest wait (default 1 h). */
  capMs: number;
  /** Attempts in all, the first included; after the last failure the row is dead (default 8). */
  maxAttempts: number;
  /** Spread retries over [wait/2, wait] so a recovering receiver is not hit all at once. */
  jitter: boolean;
}

/** Defaults: 10 s, 20 s, 40 s … capped at 1 h, 8 attempts (about 21 minutes in all). */
export const defaultRetryPolicy: RetryPolicy = {
  baseMs: 10_000,
  factor: 2,
  capMs: 3_600_000,
  maxAttempts: 8,
  jitter: true,
};

/**
 * Wait before attempt `failures + 1`, after `failures` failed attempts (1 or more).
 * @example retryDelay(3, { ...defaultRetryPolicy, jitter: false }) // 40_000
 */
export function retryDelay(failures: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const exponential = policy.baseMs * policy.factor ** Math.max(0, failures - 1);
  const wait = Math.min(policy.capMs, exponential);
  return policy.jitter ? Math.round(wait / 2 + (random() * wait) / 2) : wait;
}
