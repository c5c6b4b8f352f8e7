import { afterEach, describe, expect, it } from 'vitest';
import { manualClock } from '../../engine/runtime/clock.js';
import { calendarEvery, startPeriodicJobs, type PeriodicJob, type PeriodicJobs } from '../../engine/runtime/periodic-jobs.js';
import { monthlyReportJob, weeklyDigestJob } from '../../engine/reports/index.js';

const ZONE = 'Asia/Shanghai';
const HOUR = 3_600_000;
/** A moment written in the centre's time (UTC+8). */
const at = (local: string): number => Date.parse(`${local.replace(' ', 'T')}:00+08:00`);

/** A job that records when it ran, due on Monday 09:00 in Shanghai. */
function mondayJob(runs: number[], name = 'monday'): PeriodicJob {
  return { name, next: calendarEvery('week', 9 * HOUR, ZONE), run: async (now) => void runs.push(now) };
}

const waitFor = async (condition: () => boolean): Promise<void> => {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
};

describe('calendar next-run functions', () => {
  it('name the first moment strictly after, in the centre\'s time zone', () => {
    const weekly = calendarEvery('week', 9 * HOUR, ZONE);
    expect(weekly(at('2025-03-05 12:00'))).toBe(at('2025-03-10 09:00'));
    expect(weekly(at('2025-03-10 08:59'))).toBe(at('2025-03-10 09:00'));
    expect(weekly(at('2025-03-10 09:00'))).toBe(at('2025-03-17 09:00'));
    const monthly = calendarEvery('month', 9 * HOUR, ZONE);
    expect(monthly(at('2026-02-14 10:00'))).toBe(at('2026-03-01 09:00'));
    expect(monthly(at('2026-03-01 09:00'))).toBe(at('2026-04-01 09:00'));
    expect(monthly(at('2026-12-31 23:00'))).toBe(at('2027-01-01 09:00'));
  });

  it('make the digest due on Monday 09:00 and the monthly report on the 1st at 09:00', () => {
    const reports = { timezone: ZONE, settings: async () => { throw new Error('not read'); }, digest: async () => { throw new Error('not read'); } };
    const outbox = { addNotice: async () => undefined, page: async () => ({ items: [] }) };
    const clock = { now: () => 0 };
    const digest = weeklyDigestJob({ reports, outbox, clock });
    expect(digest.name).toBe('warning-digest');
    expect(digest.next(at('2025-03-12 10:00'))).toBe(at('2025-03-17 09:00'));
    const monthly = monthlyReportJob({ store: { queryCases: async () => ({ items: [] }), getEvents: async () => [] }, reports, outbox, clock, sendAfterHours: 10 });
    expect(monthly.name).toBe('monthly-report');
    expect(monthly.next(at('2026-03-01 09:30'))).toBe(at('2026-03-01 10:00'));
  });
});

describe('periodic jobs on a manual clock', () => {
  let jobs: PeriodicJobs | undefined;
  afterEach(async () => {
    await jobs?.stop();
    jobs = undefined;
  });

  it('run once at start, then only when the calendar says, once per due moment', async () => {
    const clock = manualClock(at('2025-03-08 15:00'));
    const runs: number[] = [];
    jobs = startPeriodicJobs([mondayJob(runs)], { clock, pollMs: 3_600_000 });
    await jobs.runDue();
    expect(runs).toEqual([at('2025-03-08 15:00')]);

    clock.set(at('2025-03-10 08:59'));
    expect(await jobs.runDue()).toBe(0);
    clock.set(at('2025-03-10 09:00'));
    expect(await jobs.runDue()).toBe(1);
    clock.advance(HOUR);
    expect(await jobs.runDue()).toBe(0);
    // A clock moved past several due moments runs the job once, then waits for the next.
    clock.set(at('2025-03-31 12:00'));
    expect(await jobs.runDue()).toBe(1);
    clock.set(at('2025-04-07 08:00'));
    expect(await jobs.runDue()).toBe(0);
    expect(runs).toEqual([at('2025-03-08 15:00'), at('2025-03-10 09:00'), at('2025-03-31 12:00')]);
  });

  it('try a failed run again after the poll interval, naming the job, without holding up the others', async () => {
    const clock = manualClock(at('2025-03-10 09:00'));
    let failures = 1;
    const errors: string[] = [];
    const runs: number[] = [];
    const flaky: PeriodicJob = {
      name: 'flaky',
      next: calendarEvery('week', 9 * HOUR, ZONE),
      run: async (now) => {
        if (failures-- > 0) throw new Error('store unavailable');
        runs.push(now);
      },
    };
    const others: number[] = [];
    jobs = startPeriodicJobs([flaky, mondayJob(others)], { clock, pollMs: 60_000, onError: (error, job) => errors.push(`${job}: ${error.message}`) });
    await jobs.runDue();
    expect(errors).toEqual(['flaky: store unavailable']);
    expect(others).toEqual([at('2025-03-10 09:00')]);
    clock.advance(59_000);
    expect(await jobs.runDue()).toBe(0);
    clock.advance(1_000);
    expect(await jobs.runDue()).toBe(1);
    expect(runs).toEqual([at('2025-03-10 09:01')]);
    expect(others).toHaveLength(1);
  });

  it('notice a moved clock on their own, and run nothing after stop', async () => {
    const clock = manualClock(at('2025-03-09 23:00'));
    const runs: number[] = [];
    jobs = startPeriodicJobs([mondayJob(runs)], { clock, pollMs: 5 });
    await waitFor(() => runs.length === 1);
    clock.set(at('2025-03-10 09:00'));
    await waitFor(() => runs.length === 2);
    expect(runs).toEqual([at('2025-03-09 23:00'), at('2025-03-10 09:00')]);
    await jobs.stop();
    clock.set(at('2025-03-17 09:00'));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(runs).toHaveLength(2);
  });
});
