/**
 * The disk's floor under every acknowledged event: how long one fully synced SQLite commit
 * (WAL, synchronous=FULL, one small row) takes on the folder the benchmarks write to.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { latencySummary, type LatencySummary } from './stats.js';

/** Latency of `commits` single-row commits, each fully synced, and their rate one after another. */
export function fsyncFloor(dir: string, commits = 300): { latency: LatencySummary; perSecond: number } {
  const db = new Database(join(dir, 'fsync-floor.db'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec('CREATE TABLE t (n INTEGER, payload TEXT)');
    const insert = db.prepare('INSERT INTO t VALUES (?, ?)');
    const payload = 'x'.repeat(200);
    const times: number[] = [];
    const started = performance.now();
    for (let n = 0; n < commits; n++) {
      const t = performance.now();
      insert.run(n, payload);
      times.push(performance.now() - t);
    }
    return { latency: latencySummary(times), perSecond: Math.round((commits / (performance.now() - started)) * 1000) };
  } finally {
    db.close();
  }
}
