/**
 * Measurements on a large database, each in a fresh process so that nothing of the generator
 * is in memory:
 *   restart <db> <clock-ms>   B3: open the store and engine, first queries -> ready
 *   inbox <db> <now-ms> <n>   B5: inbox queries (state / role / overdue), then B6: RSS, then
 *                             B4: whole-database chain check
 * Prints one JSON line.
 */
import { createEngine, manualClock } from '../engine/runtime/index.js';
import type { CaseQuery } from '../engine/runtime/store.js';
import { openSqliteStore } from '../engine/store/sqlite/index.js';
import { encodeCursor } from '../engine/store/sqlite/sql/query-cases.js';
import { latencySummary, type LatencySummary } from './lib/stats.js';

const [mode, file, clockText, countText] = process.argv.slice(2);
if (!file || !clockText) throw new Error('usage: big-db-child.ts restart|inbox <db> <clock-ms> [queries]');
const now = Number(clockText);

/** B3 restart: everything between "the process has its code loaded" and "it can serve". */
async function restart() {
  const t0 = performance.now();
  const store = openSqliteStore({ file });
  const engine = createEngine({ store, clock: manualClock(now) });
  const opened = performance.now();
  const processes = await engine.listProcesses();
  const nextDue = await store.nextTimerDue();
  const due = await store.dueTimers(now, 1000);
  const page = await engine.listCases({ status: 'active', limit: 50 }, { id: 'bench', roles: ['team-lead'] });
  const ready = performance.now();
  await engine.stop();
  await store.close();
  return {
    openMs: opened - t0, readyMs: ready - t0, processes: processes.length, nextDue, dueNow: due.length, firstPage: page.items.length,
  };
}

const FILTERS: Array<{ name: string; query: (start?: string) => CaseQuery; order: 'created' | 'due' }> = [
  { name: 'state', order: 'created', query: (cursor) => ({ state: 'investigating', limit: 50, cursor }) },
  { name: 'role', order: 'created', query: (cursor) => ({ roles: ['team-lead'], status: 'active', limit: 50, cursor }) },
  { name: 'overdue', order: 'due', query: (cursor) => ({ overdueAt: now, limit: 50, cursor }) },
  { name: 'role+overdue', order: 'due', query: (cursor) => ({ roles: ['agent'], overdueAt: now, limit: 50, cursor }) },
  { name: 'state+role', order: 'created', query: (cursor) => ({ state: 'received', roles: ['agent'], limit: 50, cursor }) },
  // People's views: agent-7 works in unit-7 (see bench/lib/big-database.ts).
  { name: 'assigned to me', order: 'created', query: (cursor) => ({ assignee: 'agent-7', status: 'active', units: ['unit-7'], limit: 50, cursor }) },
  { name: 'assigned to me, by due', order: 'due', query: (cursor) => ({ assignee: 'agent-7', overdueAt: Number.MAX_SAFE_INTEGER, units: ['unit-7'], limit: 50, cursor }) },
  { name: 'my queues', order: 'created', query: (cursor) => ({ roles: ['agent', 'team-lead'], queued: true, status: 'active', units: ['unit-7'], limit: 50, cursor }) },
];

/** B5, B6 and the whole-database part of B4. */
async function inbox() {
  const rounds = Number(countText ?? '100');
  const store = openSqliteStore({ file });
  const engine = createEngine({ store, clock: manualClock(now) });
  const actor = { id: 'bench', roles: ['team-lead', 'agent'] };
  const span = { from: now - 60 * 86_400_000, to: now };
  const byFilter: Record<string, LatencySummary> = {};
  const all: number[] = [];
  let rows = 0;
  // Deterministic pseudo-random positions: half the lists start at the top, half somewhere inside.
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (const filter of FILTERS) {
    const times: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const key = span.from + random() * (span.to - span.from);
      let cursor = round % 2 === 0 ? undefined : encodeCursor({ order: filter.order, key: Math.floor(key), id: filter.order === 'due' ? '' : 'Z' });
      for (let page = 0; page < 3; page++) {
        const t = performance.now();
        const result = await engine.listCases(filter.query(cursor), actor);
        const took = performance.now() - t;
        times.push(took);
        all.push(took);
        rows += result.items.length;
        cursor = result.nextCursor;
        if (!cursor) break;
      }
    }
    byFilter[filter.name] = latencySummary(times);
  }
  // Open a few hundred cases as the UI would (compiled process, deadlines, actions).
  const sample = await engine.listCases({ roles: ['agent'], limit: 200 }, actor);
  for (const item of sample.items) await engine.getCase(item.id, actor);
  const memory = process.memoryUsage();
  const verifyStart = performance.now();
  const verified = await engine.verifyAll();
  const verifyMs = performance.now() - verifyStart;
  const rssAfterVerify = process.memoryUsage().rss;
  await engine.stop();
  await store.close();
  return {
    byFilter, overall: latencySummary(all), rows,
    rss: memory.rss, heapUsed: memory.heapUsed, external: memory.external, rssAfterVerify,
    verify: { ...verified, ms: verifyMs },
  };
}

const result = mode === 'restart' ? await restart() : await inbox();
process.stdout.write(`${JSON.stringify(result)}\n`);
