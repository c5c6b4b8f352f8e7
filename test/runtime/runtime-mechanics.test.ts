import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commitEvent } from '../../engine/runtime/apply-event.js';
import { applyEvent } from '../../engine/runtime/apply-event.js';
import { manualClock, type ManualClock } from '../../engine/runtime/clock.js';
import type { RuntimeContext } from '../../engine/runtime/context.js';
import { createCase } from '../../engine/runtime/create-case.js';
import { createProcessCache } from '../../engine/runtime/process-cache.js';
import { replayCase } from '../../engine/runtime/replay.js';
import { createScheduler } from '../../engine/runtime/scheduler.js';
import type { Store } from '../../engine/runtime/store.js';
import { verifyAllChains } from '../../engine/runtime/verify.js';
import { compileFake } from './fake-process.js';
import { createMemoryStore } from './memory-store.js';
import { openSqliteStore } from '../../engine/store/sqlite/index.js';

const HOUR = 3_600_000;
const agent = { id: 'ann', roles: ['agent'] };
const lead = { id: 'lee', roles: ['team-lead'] };

const stores: Array<[string, (dir: string) => Store]> = [
  ['the in-memory store', () => createMemoryStore()],
  ['the SQLite store', (dir) => openSqliteStore({ file: join(dir, 'cases.db') })],
  ['the SQLite store with its writer thread', (dir) => openSqliteStore({ file: join(dir, 'cases.db'), writerThread: true })],
];

describe.each(stores)('the runtime over a hand-written process and %s', (_name, openStore) => {
  let store: Store;
  let clock: ManualClock;
  let ctx: RuntimeContext;
  let dir: string;

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'caseflow-runtime-'));
    store = openStore(dir);
    clock = manualClock(Date.UTC(2025, 0, 6, 9));
    ctx = { store, clock, processes: createProcessCache(store, compileFake) };
    await store.publishVersion({ processId: 'ticket', name: 'Ticket', yaml: 'id: ticket', files: {}, publishedBy: 'po', publishedAt: clock.now() });
  });

  it('opens a case with a first $start event, its timers and inbox facts', async () => {
    const view = await createCase(ctx, { process: 'ticket', data: { customer: 'Wang Fang', phone: '13800000000' }, actor: agent });
    expect(view.id).toMatch(/^C[0-9A-Z]{26}$/);
    expect(view).toMatchObject({ state: 'open', revision: 1, version: 1, createdBy: 'ann', actionableRoles: ['agent'] });
    expect(view.searchText).toContain('Wang Fang');
    expect(view.searchText).toContain('13800000000');
    expect(view.searchText).toContain(view.id);
    expect(view.nextDueAt).toBe(clock.now() + 24 * HOUR);
    expect(view.actions.map((a) => a.type).sort()).toEqual(['answer', 'spawn', 'wait']);
    const [first] = await store.getEvents(view.id);
    expect(first).toMatchObject({ seq: 1, type: '$start', from: null, to: 'open', input: { customer: 'Wang Fang', phone: '13800000000' } });
    expect(first.prevHash).toBe('0'.repeat(64));
    expect((await store.pendingTimers(view.id)).map((t) => t.key).sort()).toEqual(['remind', 'reply.breach']);
  });

  it('refuses a starter without the role, and bad data with its field errors', async () => {
    await expect(createCase(ctx, { process: 'ticket', data: { customer: 'x' }, actor: lead })).rejects.toMatchObject({ code: 'role-not-allowed' });
    await expect(createCase(ctx, { process: 'ticket', data: {}, actor: agent })).rejects.toMatchObject({
      code: 'invalid-input', details: [{ field: 'customer', message: 'is required' }],
    });
    await expect(createCase(ctx, { process: 'nope', data: {}, actor: agent })).rejects.toMatchObject({ code: 'not-found' });
    expect((await store.queryCases({ limit: 10 })).items).toHaveLength(0);
  });

  it('applies an event: one more event chained to the last, revision + 1, stale retried without If-Match', async () => {
    const opened = await createCase(ctx, { process: 'ticket', data: { customer: 'Li' }, actor: agent });
    clock.advance(1000);
    const answered = await applyEvent(ctx, opened.id, { type: 'answer', input: { text: 'done' } }, agent);
    expect(answered).toMatchObject({ state: 'answered', revision: 2, actionableRoles: ['team-lead'], actions: [] });
    const events = await store.getEvents(opened.id);
    expect(events[1]).toMatchObject({ seq: 2, type: 'answer', actor: 'ann', from: 'open', to: 'answered', input: { text: 'done' }, prevHash: events[0].hash });
    expect(answered.lastHash).toBe(events[1].hash);
    expect(await store.pendingTimers(opened.id)).toEqual([]);
  });

  it('makes two writers with the same expected revision: one wins, the other is stale, nothing lost', async () => {
    const opened = await createCase(ctx, { process: 'ticket', data: { customer: 'Li' }, actor: agent });
    const results = await Promise.allSettled([
      applyEvent(ctx, opened.id, { type: 'answer', input: { text: 'a' } }, agent, { expectedRevision: 1 }),
      applyEvent(ctx, opened.id, { type: 'wait' }, agent, { expectedRevision: 1 }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected');
    expect(rejected?.status === 'rejected' && rejected.reason).toMatchObject({ code: 'stale-revision' });
    expect(await store.getEvents(opened.id)).toHaveLength(2);
  });

  it('lets concurrent writers without If-Match all land, one after another', async () => {
    const opened = await createCase(ctx, { process: 'ticket', data: { customer: 'Li' }, actor: agent });
    await Promise.all([1, 2, 3, 4].map(() => applyEvent(ctx, opened.id, { type: 'spawn' }, agent)));
    const row = await store.getCase(opened.id);
    expect(row?.revision).toBe(5);
    expect((await store.queryCases({ parentId: opened.id, limit: 10 })).items).toHaveLength(4);
    expect(await verifyAllChains(ctx)).toMatchObject({ valid: true, casesChecked: 5, eventsChecked: 9 });
  });

  it('returns the first answer for a repeated idempotency key and refuses it for another request', async () => {
    const opened = await createCase(ctx, { process: 'ticket', data: { customer: 'Li' }, actor: agent });
    const first = await applyEvent(ctx, opened.id, { type: 'wait' }, agent, { idempotencyKey: 'k1' });
    const again = await applyEvent(ctx, opened.id, { type: 'wait' }, agent, { idempotencyKey: 'k1' });
    expect(again).toEqual(first);
    expect(await store.getEvents(opened.id)).toHaveLength(2);
    await expect(applyEvent(ctx, opened.id, { type: 'resume' }, agent, { idempotencyKey: 'k1' })).rejects.toMatchObject({ code: 'conflict' });
    const racing = await Promise.all([1, 2, 3].map(() => applyEvent(ctx, opened.id, { type: 'resume' }, agent, { idempotencyKey: 'k2' })));
    expect(new Set(racing.map((v) => v.revision))).toEqual(new Set([3]));
    expect(await store.getEvents(opened.id)).toHaveLength(3);
  });

  it('fires a repeating reminder once per count and never again', async () => {
    const opened = await createCase(ctx, { process: 'ticket', data: { customer: 'Li' }, actor: agent });
    const scheduler = createScheduler(ctx);
    expect(await scheduler.fireDueTimers()).toBe(0);
    clock.advance(HOUR);
    expect(await scheduler.fireDueTimers()).toBe(1);
    expect(await scheduler.fireDueTimers()).toBe(0);
    for (let i = 0; i < 5; i++) {
      clock.advance(HOUR);
      await scheduler.fireDueTimers();
    }
    const events = await store.getEvents(opened.id);
    expect(events.map((e) => e.timer?.count)).toEqual([undefined, 1, 2, 3]);
    expect(events[1]).toMatchObject({ type: '$timer', actor: 'system', actorRoles: ['system'], timer: { key: 'remind', count: 1 } });
    const outbox = await store.listOutbox({ caseId: opened.id, limit: 10 });
    expect(outbox.map((o) => o.body)).toEqual(['Reminder 1 for Li', 'Reminder 2 for Li', 'Reminder 3 for Li']);
    expect(outbox[0]).toMatchObject({ channel: 'log', status: 'pending', eventSeq: 2 });
  });

  it('skips a timer that a person cancelled between reading and firing it', async () => {
    const opened = await createCase(ctx, { process: 'ticket', data: { customer: 'Li' }, actor: agent });
    clock.advance(HOUR);
    const [due] = await store.dueTimers(clock.now(), 10);
    await applyEvent(ctx, opened.id, { type: 'answer', input: { text: 'ok' } }, agent);
    await expect(commitEvent(ctx, opened.id, { type: '$timer' }, { id: 'system', roles: ['system'] }, { firedTimer: due })).rejects.toMatchObject({ code: 'conflict' });
    expect(await createScheduler(ctx).fireDueTimers()).toBe(0);
    expect(await store.getEvents(opened.id)).toHaveLength(2);
  });

  it('fires many cases timers side by side, each case in due order', async () => {
    const ids = [];
    for (let i = 0; i < 30; i++) ids.push((await createCase(ctx, { process: 'ticket', data: { customer: `c${i}` }, actor: agent })).id);
    const scheduler = createScheduler(ctx, { pageSize: 7, concurrency: 4 });
    let fired = 0;
    for (let hour = 1; hour <= 24; hour++) {
      clock.advance(HOUR);
      fired += await scheduler.fireDueTimers();
    }
    expect(fired).toBe(30 * 4);
    for (const id of ids) {
      const events = await store.getEvents(id);
      expect(events.map((e) => `${e.timer?.key}#${e.timer?.count}`)).toEqual(['undefined#undefined', 'remind#1', 'remind#2', 'remind#3', 'reply.breach#1']);
    }
  });

  it('fires everything that fell due while nobody looked, once each and in due order per case', async () => {
    const ids = [];
    for (let i = 0; i < 20; i++) ids.push((await createCase(ctx, { process: 'ticket', data: { customer: `c${i}` }, actor: agent })).id);
    clock.advance(30 * HOUR);
    expect(await createScheduler(ctx, { pageSize: 3, concurrency: 8 }).fireDueTimers()).toBe(40);
    for (const id of ids) {
      expect((await store.getEvents(id)).map((e) => e.timer?.key)).toEqual([undefined, 'remind', 'reply.breach']);
    }
  });

  it('replays a case to the same states and snapshot, and finds a changed event', async () => {
    const opened = await createCase(ctx, { process: 'ticket', data: { customer: 'Li' }, actor: agent });
    clock.advance(HOUR);
    await createScheduler(ctx).fireDueTimers();
    await applyEvent(ctx, opened.id, { type: 'wait' }, agent);
    clock.advance(2 * HOUR);
    await applyEvent(ctx, opened.id, { type: 'resume' }, agent);
    await applyEvent(ctx, opened.id, { type: 'answer', input: { text: 'ok' } }, agent);
    const replay = await replayCase(ctx, opened.id);
    expect(replay).toMatchObject({ consistent: true, chainValid: true });
    expect(replay.steps.map((s) => s.replayed.to)).toEqual(['open', 'open', 'waiting', 'open', 'answered']);
  });

  it('keeps the time left on a paused clock', async () => {
    const opened = await createCase(ctx, { process: 'ticket', data: { customer: 'Li' }, actor: agent });
    clock.advance(10 * HOUR);
    await applyEvent(ctx, opened.id, { type: 'wait' }, agent);
    clock.advance(100 * HOUR);
    const resumed = await applyEvent(ctx, opened.id, { type: 'resume' }, agent);
    expect(resumed.deadlines).toEqual([{ id: 'reply', label: 'First reply', status: 'running', dueAt: clock.now() + 14 * HOUR, elapsedMs: 10 * HOUR, withinMs: 24 * HOUR, pauses: 1, overdue: false }]);
  });
});
