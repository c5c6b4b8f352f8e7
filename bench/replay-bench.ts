/**
 * B4, one case: a complaint with 1,000 events (registration, reply, then the case handed to a
 * department and back, again and again) written through the engine; then `replay` (re-run every
 * event through the pinned version and check the hash chain) timed many times.
 *
 *   node --import tsx bench/replay-bench.ts [events=1000] [runs=30]   -> one JSON line
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine, manualClock } from '../engine/runtime/index.js';
import { openSqliteStore } from '../engine/store/sqlite/index.js';
import { readProcessFile } from '../server/process-files.js';
import { ROOT } from './lib/children.js';
import { latencySummary } from './lib/stats.js';

const events = Number(process.argv[2] ?? '1000');
const runs = Number(process.argv[3] ?? '30');
const dir = mkdtempSync(join(tmpdir(), 'caseflow-b4-'));
try {
  const store = openSqliteStore({ file: join(dir, 'b4.db'), synchronous: 'NORMAL' });
  const clock = manualClock(Date.UTC(2025, 2, 3, 1));
  const engine = createEngine({ store, clock });
  const source = readProcessFile(join(ROOT, 'processes/complaint-handling.yaml'));
  await engine.publish({ yaml: source.yaml, files: source.files, publishedBy: 'bench' });
  const agent = { id: 'agent-li', roles: ['agent'] };
  const data = {
    customer: { name: 'Wang Fang', phone: '13800138000' }, channel: 'phone', category: 'network',
    severity: 'normal', unit: 'East branch', description: 'No signal at home',
  };
  const opened = await engine.createCase({ process: 'complaint-handling', data, actor: agent });
  await engine.applyEvent(opened.id, { type: 'reply', input: { message: 'We are checking the cell' } }, agent);
  for (let n = 3; n <= events; n++) {
    clock.advance(60_000);
    const event = n % 2 === 1
      ? { type: 'transfer', input: { department: 'network', note: `hand-over ${n}` } }
      : { type: 'department-replied', input: { reply: `answer ${n}` } };
    await engine.applyEvent(opened.id, event, agent);
  }
  const times: number[] = [];
  let consistent = true;
  let steps = 0;
  for (let run = 0; run < runs + 5; run++) {
    const t = performance.now();
    const result = await engine.replay(opened.id);
    const took = performance.now() - t;
    if (run >= 5) times.push(took);
    consistent &&= result.consistent && result.chainValid;
    steps = result.steps.length;
  }
  await engine.stop();
  await store.close();
  process.stdout.write(`${JSON.stringify({ events: steps, runs, consistent, latency: latencySummary(times) })}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
