/**
 * Durable timers: due rows become `$timer` events through the same path as people's events.
 * The store removes the row in the event's transaction, so a timer never fires twice.
 */
import type { Actor } from '../compile/types.js';
import type { ManualClock } from './clock.js';
import { ensureError } from '../errors.js';
import { commitEvent } from './apply-event.js';
import type { RuntimeContext } from './context.js';
import type { TimerRecord } from './store.js';

/** Who sends timer events. */
export const SYSTEM_ACTOR: Actor = { id: 'system', roles: ['system'] };

/** Event type of a fired timer. */
export const TIMER_EVENT = '$timer';

/** Tuning and reporting of the timer loop. */
export interface SchedulerOptions {
  /** Due timers read per page (default 1,000). */
  pageSize?: number;
  /** Cases whose timers fire at once, so their commits share a group commit (default 1,000). */
  concurrency?: number;
  /** Longest sleep of the background loop in ms (default 1,000). */
  maxSleepMs?: number;
  /** Told about a failed round, or a timer whose event failed (it stays pending, tried again next round). */
  onError?: (error: Error, timer?: TimerRecord) => void;
}

type Outcome = 'fired' | 'gone' | 'failed';

const timerId = (t: TimerRecord) => `${t.caseId}\u0000${t.key}\u0000${t.count}\u0000${t.dueAt}`;

/** Fires one timer as a `$timer` event; a row that is gone or changed meanwhile is skipped. */
async function fireTimer(ctx: RuntimeContext, timer: TimerRecord, onError: SchedulerOptions['onError']): Promise<Outcome> {
  const firedTimer = { key: timer.key, count: timer.count };
  try {
    await commitEvent(ctx, timer.caseId, { type: TIMER_EVENT }, SYSTEM_ACTOR, { firedTimer });
    return 'fired';
  } catch (caught) {
    const pending = await ctx.store.pendingTimers(timer.caseId);
    if (!pending.some((t) => t.key === timer.key && t.count === timer.count)) return 'gone';
    onError?.(ensureError(caught), timer);
    return 'failed';
  }
}

/** Runs `work` over `items` with at most `limit` running at once. */
async function forEachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

/** The timer scheduler of one engine: explicit rounds and a background loop, never overlapping. */
export function createScheduler(ctx: RuntimeContext, options: SchedulerOptions = {}) {
  const pageSize = options.pageSize ?? 1000;
  const concurrency = options.concurrency ?? 1000;
  const maxSleepMs = options.maxSleepMs ?? 1000;
  let round: Promise<number> = Promise.resolve(0);
  let running = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;

  async function fireRound(): Promise<number> {
    const now = ctx.clock.now();
    const stuck = new Set<string>();
    let fired = 0;
    for (;;) {
      const page = (await ctx.store.claimDueTimers(now, pageSize + stuck.size)).filter((t) => !stuck.has(timerId(t)));
      if (page.length === 0) return fired;
      // One case's timers go one after another in due order; different cases go side by side.
      const byCase = new Map<string, TimerRecord[]>();
      for (const timer of page) {
        const queue = byCase.get(timer.caseId);
        if (queue) queue.push(timer);
        else byCase.set(timer.caseId, [timer]);
      }
      await forEachLimited([...byCase.values()], concurrency, async (queue) => {
        for (const timer of queue) {
          const outcome = await fireTimer(ctx, timer, options.onError);
          if (outcome === 'fired') fired++;
          else if (outcome === 'failed') stuck.add(timerId(timer));
        }
      });
    }
  }

  /** Fires every timer due at the clock's now, each once; waits for a round already going. */
  function fireDueTimers(): Promise<number> {
    const next = round.catch(() => 0).then(fireRound);
    round = next;
    return next;
  }

  /**
   * Moves a manual clock to `target` one due time at a time, so each timer fires at its own due
   * time (a 20 h warning is stamped 20 h, not at the end of a 25 h move), then sets `target`.
   */
  async function advanceManualClock(clock: ManualClock, target: number): Promise<number> {
    let fired = 0;
    for (;;) {
      const due = await ctx.store.nextTimerDue();
      if (due === undefined || due > target) break;
      if (due > clock.now()) clock.set(due);
      const firedNow = await fireDueTimers();
      fired += firedNow;
      // Only timers that keep failing are left at this time: stop stepping, do not spin.
      if (firedNow === 0) break;
    }
    clock.set(Math.max(clock.now(), target));
    return fired + (await fireDueTimers());
  }

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const handle = setTimeout(() => { wake = undefined; resolve(); }, ms);
      wake = () => { clearTimeout(handle); wake = undefined; resolve(); };
    });
  }

  async function runLoop(): Promise<void> {
    while (running) {
      let fired = 0;
      try {
        const due = await ctx.store.nextTimerDue();
        if (due !== undefined && due <= ctx.clock.now()) fired = await fireDueTimers();
        else if (due !== undefined) {
          await sleep(Math.min(maxSleepMs, due - ctx.clock.now()));
          continue;
        }
      } catch (caught) {
        options.onError?.(ensureError(caught));
      }
      // Nothing fired although something is due (failing timers) or nothing pending: wait a while.
      if (fired === 0 && running) await sleep(maxSleepMs);
    }
  }

  return {
    fireDueTimers,
    advanceManualClock,
    /** Starts the background loop (idempotent). */
    start(): void {
      if (running) return;
      running = true;
      loop = runLoop();
    },
    /** Ends the background loop and waits for the round in progress. */
    async stop(): Promise<void> {
      running = false;
      wake?.();
      await loop;
      loop = undefined;
      await round.catch(() => 0);
    },
  };
}
