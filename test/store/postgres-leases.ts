/**
 * Several servers on one PostgreSQL database sharing the due work: timers and outbox rows leased
 * to the server that claimed them, a case's timers and a channel's messages to one server at a
 * time, leases kept alive by the heartbeat and taken over once a server stops beating.
 */
import pg from 'pg';
import { expect, it } from 'vitest';
import { deliverDue, type DeliveryChannel, type OutboundMessage } from '../../engine/notify/index.js';
import type { CaseRecord } from '../../engine/runtime/store.js';
import { FORGET_AFTER_LEASES } from '../../engine/store/postgres/leases.js';
import { openPostgresStore, type PostgresStore } from '../../engine/store/postgres/index.js';
import { advanceCase, message, openCase, schedule } from './fixtures.js';
import { rejectionCode } from './suite-commits.js';

/** A server that dies: its connections go, its heartbeat stops, its leases stay until they expire. */
async function crash(store: PostgresStore): Promise<void> {
  await store.pool.end();
}

/** Opens one case per id with a timer `deadline` due at 1,000. */
async function openCasesWithTimers(store: PostgresStore, ids: string[]): Promise<Map<string, CaseRecord>> {
  const opened = new Map<string, CaseRecord>();
  for (const id of ids) {
    const commit = openCase(id, {}, { timers: [schedule('deadline', 1000)] });
    await store.commit(commit);
    opened.set(id, commit.case);
  }
  return opened;
}

const keysOf = (timers: Array<{ caseId: string; key: string }>) => timers.map((timer) => `${timer.caseId}/${timer.key}`);

/** Registers the lease tests; `freshDatabase` gives the URL of a new empty database. */
export function describePostgresLeases(freshDatabase: () => Promise<string>): void {
  it('leases due timers to the server that claimed them; another takes them once the first stops beating, and each fires once', async () => {
    const url = await freshDatabase();
    const east = await openPostgresStore({ url, node: { id: 'east', leaseMs: 400 } });
    const west = await openPostgresStore({ url, node: { id: 'west', leaseMs: 400 } });
    try {
      const opened = await openCasesWithTimers(east, ['c1', 'c2', 'c3']);
      // The lease runs from a moment after this one (same machine, same clock as the database).
      const claimedAt = Date.now();
      expect(keysOf(await east.claimDueTimers(2000, 10))).toEqual(['c1/deadline', 'c2/deadline', 'c3/deadline']);
      expect(await west.claimDueTimers(2000, 10)).toEqual([]);
      await crash(east);
      let taken: string[] = [];
      await expect.poll(async () => (taken = keysOf(await west.claimDueTimers(2000, 10))).length, { timeout: 5000, interval: 50 }).toBe(3);
      expect(Date.now() - claimedAt).toBeGreaterThanOrEqual(400);
      expect(taken).toEqual(['c1/deadline', 'c2/deadline', 'c3/deadline']);
      for (const record of opened.values()) await west.commit(advanceCase(record, { state: 'late' }, { firedTimer: { key: 'deadline', count: 1 } }));
      // The first server's late commit of the same timer finds its row gone.
      const again = advanceCase(opened.get('c1') as CaseRecord, { state: 'late' }, { firedTimer: { key: 'deadline', count: 1 } });
      expect(await rejectionCode(west.commit(again))).toBe('stale-revision');
      expect(await west.claimDueTimers(2000, 10)).toEqual([]);
      expect((await west.getEvents('c1')).map((event) => event.timer?.key ?? null)).toEqual([null, 'deadline']);
    } finally {
      await west.close();
    }
  });

  it('hands a case\'s due timers to one server at a time, so they fire in due order', async () => {
    const url = await freshDatabase();
    const east = await openPostgresStore({ url, node: { id: 'east' } });
    const west = await openPostgresStore({ url, node: { id: 'west' } });
    try {
      await east.commit(openCase('c1', {}, { timers: [schedule('first', 100), schedule('second', 200)] }));
      await east.commit(openCase('c2', {}, { timers: [schedule('only', 150)] }));
      expect(keysOf(await east.claimDueTimers(1000, 1))).toEqual(['c1/first']);
      // c1's second timer is due too, but c1 is with the east server until it lets go.
      expect(keysOf(await west.claimDueTimers(1000, 10))).toEqual(['c2/only']);
      expect(keysOf(await east.claimDueTimers(1000, 10))).toEqual(['c1/first', 'c1/second']);
    } finally {
      await Promise.all([east.close(), west.close()]);
    }
  });

  it('keeps a live server\'s leases with its heartbeat and gives them back when it closes', async () => {
    const url = await freshDatabase();
    const east = await openPostgresStore({ url, node: { id: 'east', leaseMs: 300 } });
    const west = await openPostgresStore({ url, node: { id: 'west', leaseMs: 300 } });
    try {
      await openCasesWithTimers(east, ['c1']);
      expect(keysOf(await east.claimDueTimers(2000, 10))).toEqual(['c1/deadline']);
      const nodes = await west.pool.query<{ id: string }>('SELECT id FROM nodes ORDER BY id');
      expect(nodes.rows.map((row) => row.id)).toEqual(['east']);
      await new Promise((resolve) => setTimeout(resolve, 900));
      expect(await west.claimDueTimers(2000, 10)).toEqual([]);
      await east.close();
      expect(keysOf(await west.claimDueTimers(2000, 10))).toEqual(['c1/deadline']);
      const left = await west.pool.query<{ id: string }>('SELECT id FROM nodes ORDER BY id');
      expect(left.rows.map((row) => row.id)).toEqual(['west']);
    } finally {
      await Promise.all([east.close(), west.close()]);
    }
  });

  it('removes the row of a server silent far longer than a lease, on a live server\'s heartbeat, and not sooner', async () => {
    const url = await freshDatabase();
    const leaseMs = 100;
    const gone = await openPostgresStore({ url, node: { id: 'gone', leaseMs } });
    const live = await openPostgresStore({ url, node: { id: 'live', leaseMs } });
    try {
      await gone.claimDueTimers(0, 1);
      await crash(gone);
      const crashedAt = Date.now();
      await live.claimDueTimers(0, 1);
      const ids = async () => (await live.pool.query<{ id: string }>('SELECT id FROM nodes ORDER BY id')).rows.map((row) => row.id);
      expect(await ids()).toEqual(['gone', 'live']);
      // Three leases on, the dead server's leases have expired (its work is taken over), yet its row is kept.
      await new Promise((resolve) => setTimeout(resolve, 3 * leaseMs));
      expect(await ids()).toEqual(['gone', 'live']);
      await expect.poll(ids, { timeout: 10_000, interval: 50 }).toEqual(['live']);
      expect(Date.now() - crashedAt).toBeGreaterThanOrEqual(FORGET_AFTER_LEASES * leaseMs);
    } finally {
      await live.close();
    }
  });

  it('frees a timer the case replaced, for whichever server claims next', async () => {
    const url = await freshDatabase();
    const east = await openPostgresStore({ url, node: { id: 'east' } });
    const west = await openPostgresStore({ url, node: { id: 'west' } });
    try {
      const opened = await openCasesWithTimers(east, ['c1']);
      await east.claimDueTimers(2000, 10);
      await west.commit(advanceCase(opened.get('c1') as CaseRecord, {}, { timers: [schedule('deadline', 1500, 2)] }));
      expect(await west.claimDueTimers(2000, 10)).toEqual([{ caseId: 'c1', key: 'deadline', dueAt: 1500, count: 2 }]);
    } finally {
      await Promise.all([east.close(), west.close()]);
    }
  });

  it('leases due outbox rows, a channel\'s to one server at a time, until the attempt is recorded', async () => {
    const url = await freshDatabase();
    const east = await openPostgresStore({ url, node: { id: 'east' } });
    const west = await openPostgresStore({ url, node: { id: 'west' } });
    try {
      await east.commit(openCase('c1', {}, {
        outbox: [message(100, { template: 'mail-1' }), message(100, { template: 'mail-2' }), message(100, { channel: 'webhook', template: 'hook-1' })],
      }));
      const templates = (rows: Array<{ template: string }>) => rows.map((row) => row.template);
      const [first] = await east.claimDueOutbox(1000, 1);
      expect(first.template).toBe('mail-1');
      expect(templates(await west.claimDueOutbox(1000, 10))).toEqual(['hook-1']);
      expect(await east.claimDueOutbox(1000, 10).then(templates)).toEqual(['mail-1', 'mail-2']);
      await east.updateOutbox(first.id, { status: 'sent', attempts: 1 });
      // mail-2 is still the east server's; each server takes its own leased rows again.
      expect(templates(await west.claimDueOutbox(1000, 10))).toEqual(['hook-1']);
      const [second] = await east.claimDueOutbox(1000, 10);
      expect(second.template).toBe('mail-2');
      await east.updateOutbox(second.id, { status: 'failed', attempts: 1, nextAttemptAt: 500 });
      expect(templates(await west.claimDueOutbox(1000, 10))).toEqual(['hook-1', 'mail-2']);
      const leased = await west.pool.query<{ template: string; lease_node: string | null }>('SELECT template, lease_node FROM outbox ORDER BY id');
      expect(leased.rows).toEqual([
        { template: 'mail-1', lease_node: null },
        { template: 'mail-2', lease_node: 'west' },
        { template: 'hook-1', lease_node: 'west' },
      ]);
    } finally {
      await Promise.all([east.close(), west.close()]);
    }
  });

  it('sends every due message once when two servers deliver at the same time, each channel\'s in outbox order', async () => {
    const url = await freshDatabase();
    const east = await openPostgresStore({ url, node: { id: 'east' } });
    const west = await openPostgresStore({ url, node: { id: 'west' } });
    try {
      const channels = ['email', 'webhook', 'sms'];
      // Twenty of each channel, in blocks: while one server holds the first channel, the other takes the next.
      const outbox = Array.from({ length: 60 }, (_, n) => message(100, { channel: channels[Math.floor(n / 20)], template: `m${n}` }));
      await east.commit(openCase('c1', {}, { outbox }));
      const sent: Array<{ by: string; message: OutboundMessage }> = [];
      const recording = (by: string, name: string): DeliveryChannel => ({
        name,
        async send(outgoing) {
          await new Promise((resolve) => setTimeout(resolve, 1));
          sent.push({ by, message: outgoing });
        },
      });
      const deliver = (by: string, store: PostgresStore) => deliverDue({
        store, now: 1000, limit: 7, channels: Object.fromEntries(channels.map((name) => [name, recording(by, name)])),
      });
      for (let round = 0; round < 40 && sent.length < 60; round++) await Promise.all([deliver('east', east), deliver('west', west)]);
      expect(sent).toHaveLength(60);
      expect(new Set(sent.map((entry) => entry.message.id)).size).toBe(60);
      for (const channel of channels) {
        const ids = sent.filter((entry) => entry.message.channel === channel).map((entry) => entry.message.id);
        expect(ids).toEqual([...ids].sort((a, b) => a - b));
      }
      expect(new Set(sent.map((entry) => entry.by))).toEqual(new Set(['east', 'west']));
      expect((await east.listOutbox({ status: 'sent', limit: 100 }))).toHaveLength(60);
    } finally {
      await Promise.all([east.close(), west.close()]);
    }
  });
}

/** A transaction holding the row locks of every timer, as a firing batch does while it commits; `release` rolls it back. */
async function lockTimers(url: string): Promise<{ release(): Promise<void> }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('BEGIN');
  await client.query('SELECT * FROM timers FOR UPDATE');
  return {
    async release() {
      await client.query('ROLLBACK');
      await client.end();
    },
  };
}

/** Registers the tests of delivery by live servers: no message goes out twice while its sender is alive. */
export function describePostgresOutboxOnce(freshDatabase: () => Promise<string>): void {
  it('keeps a sending server\'s outbox leases while firing transactions hold its timers, so a live server\'s messages go out once', async () => {
    const url = await freshDatabase();
    const leaseMs = 1200;
    const east = await openPostgresStore({ url, node: { id: 'east', leaseMs } });
    const west = await openPostgresStore({ url, node: { id: 'west', leaseMs } });
    let locks: { release(): Promise<void> } | undefined;
    try {
      await east.commit(openCase('c1', {}, {
        timers: [schedule('deadline', 1000)],
        outbox: Array.from({ length: 8 }, (_, n) => message(100, { channel: 'webhook', template: `m${n}` })),
      }));
      expect(keysOf(await east.claimDueTimers(2000, 10))).toEqual(['c1/deadline']);
      locks = await lockTimers(url);
      const sent: Array<{ by: string; id: number }> = [];
      // A receiver slow enough that the eight messages take three leases to send.
      const slow = (by: string): DeliveryChannel => ({
        name: 'webhook',
        async send(outgoing) {
          sent.push({ by, id: outgoing.id });
          await new Promise((resolve) => setTimeout(resolve, leaseMs / 3));
        },
      });
      const eastRound = deliverDue({ store: east, now: 1000, channels: { webhook: slow('east') } });
      let eastDone = false;
      void eastRound.finally(() => {
        eastDone = true;
      });
      while (!eastDone) {
        await deliverDue({ store: west, now: 1000, channels: { webhook: slow('west') } });
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect((await eastRound).sent).toBe(8);
      expect(sent.map((entry) => entry.by)).toEqual(Array(8).fill('east'));
      expect(new Set(sent.map((entry) => entry.id)).size).toBe(8);
      expect(await east.listOutbox({ status: 'sent', limit: 100 })).toHaveLength(8);
    } finally {
      await locks?.release();
      await Promise.all([east.close(), west.close()]);
    }
  }, 30_000);
}

/** Registers the tests of a sender whose lease lapsed while it was stalled. */
export function describePostgresLapsedSender(freshDatabase: () => Promise<string>): void {
  /** Every lease of `node` lapses, as when its process stalled longer than a lease. */
  const lapse = (store: PostgresStore, node: string) => store.pool.query('UPDATE outbox SET lease_until = 0 WHERE lease_node = $1', [node]);

  it('sends no more of a channel once the sender\'s lease lapsed, and the message it was sending goes out once', async () => {
    const url = await freshDatabase();
    const east = await openPostgresStore({ url, node: { id: 'east', leaseMs: 60_000 } });
    const west = await openPostgresStore({ url, node: { id: 'west', leaseMs: 60_000 } });
    try {
      await east.commit(openCase('c1', {}, { outbox: Array.from({ length: 3 }, (_, n) => message(100, { channel: 'webhook', template: `m${n}` })) }));
      const sent: Array<{ by: string; template: string }> = [];
      let sending: () => void = () => undefined;
      const started = new Promise<void>((resolve) => {
        sending = resolve;
      });
      let finish: () => void = () => undefined;
      const stalled = new Promise<void>((resolve) => {
        finish = resolve;
      });
      const eastRound = deliverDue({
        store: east,
        now: 1000,
        channels: {
          webhook: {
            name: 'webhook',
            async send(outgoing) {
              sent.push({ by: 'east', template: outgoing.template });
              sending();
              await stalled;
            },
          },
        },
      });
      await started;
      await lapse(east, 'east');
      expect((await west.claimDueOutbox(1000, 10)).map((row) => row.template)).toEqual(['m0', 'm1', 'm2']);
      finish();
      expect(await eastRound).toMatchObject({ sent: 1, lost: 2 });
      const westRound = await deliverDue({
        store: west,
        now: 1000,
        channels: { webhook: { name: 'webhook', send: async (outgoing) => void sent.push({ by: 'west', template: outgoing.template }) } },
      });
      expect(westRound).toMatchObject({ sent: 2, lost: 0, taken: 2 });
      expect(sent).toEqual([{ by: 'east', template: 'm0' }, { by: 'west', template: 'm1' }, { by: 'west', template: 'm2' }]);
      expect(await east.listOutbox({ status: 'sent', limit: 10 })).toHaveLength(3);
    } finally {
      await Promise.all([east.close(), west.close()]);
    }
  });

  it('leaves a row another server holds as it is when the server whose lease lapsed records a failure', async () => {
    const url = await freshDatabase();
    const east = await openPostgresStore({ url, node: { id: 'east', leaseMs: 60_000 } });
    const west = await openPostgresStore({ url, node: { id: 'west', leaseMs: 60_000 } });
    try {
      await east.commit(openCase('c1', {}, { outbox: [message(100, { channel: 'webhook' })] }));
      const [row] = await east.claimDueOutbox(1000, 10);
      expect(await east.holdOutbox(row.id)).toBe(true);
      await lapse(east, 'east');
      expect(await east.holdOutbox(row.id)).toBe(false);
      expect(await west.claimDueOutbox(1000, 10)).toHaveLength(1);
      await east.updateOutbox(row.id, { status: 'failed', attempts: 1, nextAttemptAt: 5000, lastError: 'timed out' });
      const kept = await west.pool.query('SELECT status, attempts, next_attempt_at, lease_node FROM outbox WHERE id = $1', [row.id]);
      expect(kept.rows).toEqual([{ status: 'pending', attempts: 0, next_attempt_at: 100, lease_node: 'west' }]);
      expect(await west.holdOutbox(row.id)).toBe(true);
      await west.updateOutbox(row.id, { status: 'sent', attempts: 1 });
      expect(await west.holdOutbox(row.id)).toBe(false);
      expect(await east.claimDueOutbox(1000, 10)).toEqual([]);
    } finally {
      await Promise.all([east.close(), west.close()]);
    }
  });
}
