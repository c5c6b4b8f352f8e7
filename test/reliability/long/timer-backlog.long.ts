/**
 * Restart with a large timer backlog: thousands of complaints whose deadlines all fell due while
 * the server was down. It listens at once, fires the backlog in due order (page by page), survives
 * a SIGKILL half-way, and in the end every timer has fired exactly once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateBigDatabase } from '../../../bench/lib/big-database.js';
import type { TimerRecord } from '../../../engine/runtime/store.js';
import { openSqliteStore } from '../../../engine/store/sqlite/index.js';
import { call, startServer, type ServerProcess } from '../server-process.js';

const DAY = 86_400_000;
const CASES = 8000;
/** Due timers the scheduler reads in one page; no timer of a later page fires before a page is done. */
const PAGE = 1000;
const timerId = (t: { caseId: string; key: string; count: number }) => `${t.caseId}|${t.key}|${t.count}`;

describe('restart with a large timer backlog', () => {
  const dir = mkdtempSync(join(tmpdir(), 'caseflow-backlog-'));
  const dbFile = join(dir, 'caseflow.db');
  const servers: ServerProcess[] = [];
  afterAll(async () => {
    for (const server of servers) await server.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves at once, fires the backlog in due order across a SIGKILL, each timer exactly once', async () => {
    const end = Date.parse('2025-06-02T01:00:00Z');
    await generateBigDatabase(dbFile, CASES, end);
    const now = end + 30 * DAY;
    const watcher = openSqliteStore({ file: dbFile, readonly: true });
    const pendingDue = () => watcher.dueTimers(now, 1_000_000);
    const backlog = await pendingDue();
    const dueOf = new Map(backlog.map((t) => [timerId(t), t.dueAt]));
    expect(backlog.length).toBeGreaterThan(CASES);

    const clockStart = new Date(now).toISOString();
    const first = await startServer({ dbFile, clockStart });
    servers.push(first);
    const health = await call<{ status: string }>(first.url, 'GET', '/health');
    expect(health.body.status).toBe('ok');
    const atReady = await pendingDue();
    expect(atReady.length, 'the server drained the backlog before it would answer').toBeGreaterThan(backlog.length / 2);

    /** Checks that what has fired so far came before what is still pending, up to one page in progress. */
    let checks = 0;
    const checkOrder = (remaining: TimerRecord[]) => {
      const pending = new Set(remaining.map(timerId));
      let latestFired = -Infinity;
      for (const [id, due] of dueOf) if (!pending.has(id)) latestFired = Math.max(latestFired, due);
      const overtaken = remaining.filter((t) => dueOf.has(timerId(t)) && t.dueAt < latestFired).length;
      expect(overtaken, 'timers still pending although later ones fired').toBeLessThanOrEqual(PAGE);
      checks++;
    };

    let remaining = atReady;
    while (remaining.length > backlog.length * 0.6) {
      checkOrder(remaining);
      await new Promise((resolve) => setTimeout(resolve, 100));
      remaining = await pendingDue();
    }
    await first.kill();
    const second = await startServer({ dbFile, clockStart });
    servers.push(second);
    for (let waited = 0; remaining.length > 0; waited += 100) {
      if (waited > 300_000) throw new Error(`${remaining.length} timers still due after 5 minutes`);
      checkOrder(remaining);
      await new Promise((resolve) => setTimeout(resolve, 100));
      remaining = await pendingDue();
    }
    await second.stop();
    await watcher.close();
    expect(checks).toBeGreaterThan(3);

    const store = openSqliteStore({ file: dbFile, readonly: true });
    try {
      const firedCount = new Map<string, number>();
      const caseIds = new Set(backlog.map((t) => t.caseId));
      for (const caseId of caseIds) {
        const fired = (await store.getEvents(caseId)).filter((e) => e.timer !== undefined);
        const dues = fired.map((e) => dueOf.get(timerId({ caseId, key: e.timer?.key ?? '', count: e.timer?.count ?? 0 })) ?? Number.NaN);
        expect(dues, `timers of ${caseId} out of due order`).toEqual([...dues].sort((a, b) => a - b));
        for (const e of fired) {
          const id = timerId({ caseId, key: e.timer?.key ?? '', count: e.timer?.count ?? 0 });
          firedCount.set(id, (firedCount.get(id) ?? 0) + 1);
        }
      }
      const missing = [...dueOf.keys()].filter((id) => !firedCount.has(id));
      const twice = [...firedCount].filter(([, n]) => n > 1);
      expect(missing, 'timers that never fired').toEqual([]);
      expect(twice, 'timers that fired more than once').toEqual([]);
    } finally {
      await store.close();
    }
  }, 600_000);
});
