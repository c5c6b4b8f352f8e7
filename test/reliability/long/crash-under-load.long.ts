/**
 * Crash under load: the real server takes complaints and their events over HTTP from many
 * connections while a clock move fires a round of deadline timers; it is SIGKILLed in the middle
 * of that. After a restart every acknowledged (2xx) event is there, every chain verifies, and
 * every timer fired exactly once: none lost, none twice.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine, manualClock } from '../../../engine/runtime/index.js';
import { openSqliteStore } from '../../../engine/store/sqlite/index.js';
import { adminSession, call, startServer, tokenFor, type ServerProcess } from '../server-process.js';
import { STEPS, complaint, type Ack } from '../complaint-walk.js';

const T0 = Date.parse('2025-03-03T01:00:00Z');
const HOUR = 3_600_000;

describe('crash under load', () => {
  const dir = mkdtempSync(join(tmpdir(), 'caseflow-crash-'));
  const dbFile = join(dir, 'caseflow.db');
  const servers: ServerProcess[] = [];
  afterAll(async () => {
    for (const server of servers) await server.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every acknowledged event and fires every timer exactly once across a SIGKILL mid-load', async () => {
    const first = await startServer({ dbFile, clockStart: new Date(T0).toISOString() });
    servers.push(first);
    const admin = await adminSession(first.url);
    const token = await tokenFor(first.url, admin, 'load-agent', ['agent']);

    const acks: Ack[] = [];
    let stopped = false;
    let flows = 0;
    const send = async (path: string, json: unknown, type: string): Promise<{ id: string } | undefined> => {
      try {
        const answer = await call<{ id: string; revision: number }>(first.url, 'POST', path, { token, json });
        if (answer.status >= 200 && answer.status < 300) {
          acks.push({ caseId: answer.body.id, revision: answer.body.revision, type });
          return answer.body;
        }
      } catch {
        stopped = true; // the server is gone
      }
      return undefined;
    };
    // Most lanes only register complaints (they wait for their deadlines); the others walk them to the end.
    const lane = async (walks: boolean) => {
      while (!stopped) {
        const opened = await send('/api/cases', complaint(flows++), '$start');
        if (!opened || !walks) continue;
        for (const step of STEPS) {
          if (stopped || !(await send(`/api/cases/${opened.id}/events`, step, step.type))) break;
        }
      }
    };
    const lanes = Array.from({ length: 16 }, (_, i) => lane(i % 4 === 0));

    while (acks.length < 4000) await new Promise((resolve) => setTimeout(resolve, 20));
    // 21 hours on: every complaint still unanswered passes its first-reply warning mark.
    const watcher = openSqliteStore({ file: dbFile, readonly: true });
    const dueAt21h = async () => (await watcher.dueTimers(T0 + 21 * HOUR, 100_000)).length;
    const dueBefore = await dueAt21h();
    const advance = call(first.url, 'POST', '/api/clock/advance', { headers: admin, json: { by: '21h' } }).catch(() => undefined);
    // Kill as soon as the round of warnings is under way, so it is cut in the middle.
    while ((await dueAt21h()) > dueBefore - 20) await new Promise((resolve) => setTimeout(resolve, 2));
    await first.kill();
    stopped = true;
    await Promise.all([...lanes, advance]);
    const dueAfterKill = await dueAt21h();
    await watcher.close();
    expect(acks.length).toBeGreaterThanOrEqual(4000);
    expect(dueAfterKill, 'the kill came after the round of warnings had finished').toBeGreaterThan(0);

    // Restart at the time the clock had reached; the scheduler fires what is still due, then 4 more hours pass the breach.
    const second = await startServer({ dbFile, clockStart: new Date(T0 + 21 * HOUR).toISOString() });
    servers.push(second);
    const moved = await call<{ now: number }>(second.url, 'POST', '/api/clock/advance', { headers: await adminSession(second.url), json: { by: '4h' } });
    expect(moved.status).toBe(200);
    const verify = await call<{ valid: boolean }>(second.url, 'GET', '/api/audit/verify', { headers: await adminSession(second.url) });
    expect(verify.body.valid).toBe(true);
    await second.stop();

    const store = openSqliteStore({ file: dbFile });
    const engine = createEngine({ store, clock: manualClock(T0 + 25 * HOUR) });
    try {
      for (const ack of acks) {
        const events = await store.getEvents(ack.caseId);
        expect(events.length, `case ${ack.caseId}`).toBeGreaterThanOrEqual(ack.revision);
        expect(events[ack.revision - 1]?.type).toBe(ack.type);
      }
      expect(await engine.verifyAll()).toMatchObject({ valid: true });
      expect(await store.dueTimers(T0 + 25 * HOUR, 10)).toEqual([]);

      const complaints = new Set(acks.filter((a) => a.type === '$start').map((a) => a.caseId));
      let waiting = 0;
      for (const caseId of complaints) {
        const events = await store.getEvents(caseId);
        const fired = events.filter((e) => e.timer !== undefined).map((e) => `${e.timer?.key}#${e.timer?.count}`);
        expect(new Set(fired).size, `a timer of ${caseId} fired twice`).toBe(fired.length);
        const record = await store.getCase(caseId);
        if (record?.state !== 'received') continue;
        waiting++;
        // Unanswered for 25 hours: the warning and the breach each fired once, the breach opened one escalation.
        // (Every complaint here is of one unit and category: the fifth of a batch window also opens a batch warning.)
        expect(fired, `timers of ${caseId}`).toHaveLength(2);
        expect(record.snapshot.data.firstReplyBreached).toBe(true);
        const escalations = await store.queryCases({ parentId: caseId, limit: 10 });
        const sources = escalations.items.map((c) => `${c.processId}:${String(c.snapshot.data.source)}`);
        expect(sources.filter((source) => source !== 'escalation-warning:batch-complaints')).toEqual(['escalation-warning:overdue-complaint']);
      }
      expect(waiting).toBeGreaterThan(2000);
    } finally {
      await engine.stop();
      await store.close();
    }
  }, 600_000);
});
