import { describe, expect, it } from 'vitest';
import { startIntervalJob } from '../../engine/runtime/interval-job.js';
import type { SingletonLock } from '../../engine/runtime/singleton-lock.js';

describe('a periodic job', () => {
  it('runs at once and again after each pause, never two runs at a time, until stopped', async () => {
    let runs = 0;
    let concurrent = 0;
    let most = 0;
    const job = startIntervalJob({
      name: 'look', intervalMs: 5,
      run: async () => {
        runs++;
        most = Math.max(most, ++concurrent);
        await new Promise((resolve) => setTimeout(resolve, 10));
        concurrent--;
      },
    });
    await expect.poll(() => runs).toBeGreaterThanOrEqual(3);
    await job.stop();
    const stoppedAt = runs;
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(runs).toBe(stoppedAt);
    expect(most).toBe(1);
  });

  it('skips the runs the database\'s singleton lock gives to another server, and reports failures without stopping', async () => {
    const names: string[] = [];
    let othersHold = true;
    const lock: SingletonLock = {
      async runAlone(name, work) {
        names.push(name);
        return othersHold ? { ran: false } : { ran: true, value: await work() };
      },
    };
    let runs = 0;
    const errors: string[] = [];
    const job = startIntervalJob({
      name: 'warning-digest', intervalMs: 5, lock,
      run: async () => {
        runs++;
        throw new Error('report store unreachable');
      },
      onError: (error) => errors.push(error.message),
    });
    await expect.poll(() => names.length).toBeGreaterThanOrEqual(2);
    expect(runs).toBe(0);
    othersHold = false;
    await expect.poll(() => runs).toBeGreaterThanOrEqual(2);
    await job.stop();
    expect(new Set(names)).toEqual(new Set(['warning-digest']));
    expect(errors.length).toBe(runs);
    expect(errors[0]).toBe('report store unreachable');
  });
});
