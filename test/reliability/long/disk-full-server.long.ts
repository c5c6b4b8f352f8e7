/**
 * A real full disk: the server's database lives on a 6 MB tmpfs. When the disk fills, writes get
 * a 503 problem while reads go on; nothing acknowledged is lost, nothing half-written is kept;
 * when the disk grows again, writes work again without a restart. (Needs root, to mount.)
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine, manualClock } from '../../../engine/runtime/index.js';
import { openSqliteStore } from '../../../engine/store/sqlite/index.js';
import { adminSession, call, startServer, tokenFor, type ServerProcess } from '../server-process.js';

const complaint = (n: number) => ({
  process: 'complaint-handling',
  data: {
    customer: { name: `Customer ${n}`, phone: '13800138000' }, channel: 'phone', category: 'billing',
    severity: 'normal', unit: 'East branch', description: `Charged twice. ${'Details. '.repeat(300)}`,
  },
});

describe('a full disk under the real server', () => {
  const mountPoint = mkdtempSync(join(tmpdir(), 'caseflow-tiny-'));
  let mounted = false;
  let server: ServerProcess | undefined;
  afterAll(async () => {
    await server?.kill();
    if (mounted) execFileSync('umount', [mountPoint]);
    rmSync(mountPoint, { recursive: true, force: true });
  });

  it('refuses writes with 503 while the disk is full, keeps serving reads, and takes writes again once there is room', async () => {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=6m', 'tmpfs', mountPoint]);
    mounted = true;
    const dbFile = join(mountPoint, 'caseflow.db');
    server = await startServer({ dbFile });
    const admin = await adminSession(server.url);
    const token = await tokenFor(server.url, admin, 'agent-wu', ['agent']);

    const acknowledged: string[] = [];
    let refusal: { status: number; body: { code: string; detail: string } } | undefined;
    for (let n = 0; n < 5000 && !refusal; n++) {
      const answer = await call<{ id: string; code: string; detail: string }>(server.url, 'POST', '/api/cases', { token, json: complaint(n) });
      if (answer.status === 201) acknowledged.push(answer.body.id);
      else refusal = answer;
    }
    expect(refusal, 'the disk never filled').toBeDefined();
    expect(refusal?.status).toBe(503);
    expect(refusal?.body.code).toBe('read-only');
    expect(refusal?.body.detail).toMatch(/refuses writes/);
    expect(acknowledged.length).toBeGreaterThan(10);

    // Reads go on while the disk is full.
    const read = await call<{ id: string }>(server.url, 'GET', `/api/cases/${acknowledged[0]}`, { token });
    expect(read.status).toBe(200);
    expect((await call(server.url, 'GET', '/api/cases?limit=5', { token })).status).toBe(200);
    expect((await call(server.url, 'GET', '/health')).status).toBe(200);

    // Room again: the same server takes writes without a restart.
    execFileSync('mount', ['-o', 'remount,size=256m', mountPoint]);
    const again = await call<{ id: string }>(server.url, 'POST', '/api/cases', { token, json: complaint(9999) });
    expect(again.status).toBe(201);
    acknowledged.push(again.body.id);
    await server.stop();

    const store = openSqliteStore({ file: dbFile });
    const engine = createEngine({ store, clock: manualClock() });
    try {
      for (const id of acknowledged) {
        const record = await store.getCase(id);
        expect(record?.revision, id).toBe((await store.getEvents(id)).length);
      }
      const all = await store.queryCases({ processId: 'complaint-handling', limit: 1000 });
      expect(new Set(all.items.map((c) => c.id))).toEqual(new Set(acknowledged));
      expect(await engine.verifyAll()).toMatchObject({ valid: true });
    } finally {
      await engine.stop();
      await store.close();
    }
  }, 600_000);
});
