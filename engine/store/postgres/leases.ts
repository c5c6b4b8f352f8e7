/**
 * Work shared by several servers on one database: due timers and outbox rows are claimed with
 * `FOR UPDATE SKIP LOCKED` and leased to the claiming server (its node id, and an expiry in the
 * database's time, so servers' clocks need not agree). The server's heartbeat keeps its leases
 * alive; a server that dies stops beating and its leases expire, so another claims that work.
 *
 * A case's timers are handed to one server at a time (none of them while another server holds
 * a live lease on one), so they fire in due order; a channel's messages likewise, so they leave
 * in outbox order. Claims are taken one after another under a transaction advisory lock, so two
 * claims never both see a case as free. Firing stays exactly once whatever the leases do: the
 * event's commit deletes the timer row it fired, and only one commit can.
 *
 * A message is sent once while its sender lives: the heartbeat beats on a connection of its own
 * and renews only the rows no transaction holds (`SKIP LOCKED`), so neither a busy pool nor a
 * firing batch holding row locks lets a live server's leases lapse; right before each send the
 * sender renews that row's lease and sends only if the row is still its own; and a recorded
 * attempt changes a row only while no other server holds it. A message may go again only when
 * its sender stopped (killed, or silent longer than a lease) between sending and recording it.
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { OutboxRecord, TimerRecord } from '../../runtime/store.js';
import type { NodeOptions } from '../node-options.js';
import { toOutboxRecord, toTimerRecord, type OutboxRow, type TimerRow } from '../sqlite/sql/rows.js';


/** The leases of one server. */
export interface NodeLeases {
  readonly nodeId: string;
  readonly leaseMs: number;
  /** Due timers (by the engine's `now`) leased to this server, earliest first. */
  claimTimers(now: number, limit: number): Promise<TimerRecord[]>;
  /** Outbox rows due at `now` leased to this server, in due order. */
  claimOutbox(now: number, limit: number): Promise<OutboxRecord[]>;
  /**
   * Renews this server's lease on an outbox row just before it is sent, for a whole lease; false
   * when the row is no longer this server's to send (its lease lapsed and another took it, or it was recorded).
   */
  holdOutbox(id: number): Promise<boolean>;
  /** Renews the heartbeat row and every lease of this server, and removes the rows of servers long gone (run by the heartbeat loop). */
  beat(): Promise<void>;
  /** Stops the heartbeat, gives back this server's leases and removes its row, so others take its work at once. */
  close(): Promise<void>;
}

/** The database's clock in epoch milliseconds: leases compare against it, never a server's clock. */
const DB_NOW = '(extract(epoch from clock_timestamp()) * 1000)::bigint';

/** Advisory lock keys of the claims ("cf-timer", "cf-outbx" in ASCII). */
const TIMER_CLAIM_LOCK = 0x63662d74696d6572n.toString();
const OUTBOX_CLAIM_LOCK = 0x63662d6f7574627an.toString();
/** Advisory lock key of forgetting dead servers ("cf-nodes"): one live server at a time does it. */
const FORGET_LOCK = 0x63662d6e6f646573n.toString();

/** A server silent for this many leases is gone for good (its leases long expired): its row is removed. */
export const FORGET_AFTER_LEASES = 10;

/**
 * Removes the rows of servers whose last heartbeat is older than `$1` ms, in one statement whose
 * transaction lock is tried, never waited for: while one live server does it, the others skip.
 */
const FORGET_DEAD_NODES = `WITH alone AS (SELECT pg_try_advisory_xact_lock($2) AS locked)
  DELETE FROM nodes WHERE heartbeat_at < ${DB_NOW} - $1 AND (SELECT locked FROM alone)`;

const CLAIM_TIMERS = `WITH picked AS (
    SELECT t.case_id, t.key FROM timers AS t
    WHERE t.due_at <= $1
      AND NOT EXISTS (SELECT 1 FROM timers AS o WHERE o.case_id = t.case_id AND o.lease_node <> $2 AND o.lease_until > ${DB_NOW})
    ORDER BY t.due_at, t.case_id, t.key
    LIMIT $3
    FOR UPDATE OF t SKIP LOCKED
  )
  UPDATE timers AS t SET lease_node = $2, lease_until = ${DB_NOW} + $4
  FROM picked WHERE t.case_id = picked.case_id AND t.key = picked.key
  RETURNING t.case_id, t.key, t.due_at, t.count`;

const CLAIM_OUTBOX = `WITH picked AS (
    SELECT o.id FROM outbox AS o
    WHERE o.status IN ('pending', 'failed') AND o.next_attempt_at <= $1
      AND NOT EXISTS (SELECT 1 FROM outbox AS b WHERE b.channel = o.channel AND b.status IN ('pending', 'failed')
        AND b.lease_node <> $2 AND b.lease_until > ${DB_NOW})
    ORDER BY o.next_attempt_at, o.id
    LIMIT $3
    FOR UPDATE OF o SKIP LOCKED
  )
  UPDATE outbox AS o SET lease_node = $2, lease_until = ${DB_NOW} + $4
  FROM picked WHERE o.id = picked.id
  RETURNING o.*`;

/**
 * Lease renewals: only the rows no transaction holds. A row locked by a firing or recording batch
 * is about to leave (deleted, or recorded and released); waiting for it would stall the renewal
 * of every other lease of this server behind that batch.
 */
const RENEW_TIMERS = `UPDATE timers AS t SET lease_until = ${DB_NOW} + $2
  FROM (SELECT case_id, key FROM timers WHERE lease_node = $1 FOR UPDATE SKIP LOCKED) AS mine
  WHERE t.case_id = mine.case_id AND t.key = mine.key`;
const RENEW_OUTBOX = `UPDATE outbox AS o SET lease_until = ${DB_NOW} + $2
  FROM (SELECT id FROM outbox WHERE lease_node = $1 AND status IN ('pending', 'failed') FOR UPDATE SKIP LOCKED) AS mine
  WHERE o.id = mine.id`;

/** One row's lease renewed, if it is still this server's and live: the last check before it is sent. */
const HOLD_OUTBOX = `UPDATE outbox SET lease_until = ${DB_NOW} + $3
  WHERE id = $1 AND lease_node = $2 AND lease_until > ${DB_NOW} AND status IN ('pending', 'failed')
  RETURNING id`;

/** A node id unique among running servers. */
export function defaultNodeId(): string {
  return `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
}

/** Runs one claim statement in its own transaction, after the claims of other servers under `lock`. */
async function claim<Row extends pg.QueryResultRow>(pool: pg.Pool, lock: string, text: string, values: Array<string | number>): Promise<Row[]> {
  const client = await pool.connect();
  const broken = () => {};
  client.on('error', broken);
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [lock]);
    const result = await client.query<Row>(text, values);
    await client.query('COMMIT');
    client.off('error', broken);
    client.release();
    return result.rows;
  } catch (error) {
    // A connection in an unknown state is closed rather than returned to the pool.
    client.off('error', broken);
    client.release(true);
    throw error;
  }
}

/** The leases of this server on `pool`; its heartbeat starts with its first claim. */
export function createNodeLeases(pool: pg.Pool, options: NodeOptions = {}): NodeLeases {
  const nodeId = options.id ?? defaultNodeId();
  const leaseMs = options.leaseMs ?? 30_000;
  let heartbeat: NodeJS.Timeout | undefined;
  let registered: Promise<void> | undefined;
  let closed = false;

  // The heartbeat's own connection: a pool busy with requests and batches never delays it.
  const heartbeatPool = new pg.Pool({ ...pool.options, max: 1 });
  // A broken connection fails its beat (tried again at the next), never the process.
  heartbeatPool.on('error', () => {});
  heartbeatPool.on('connect', (client) => client.on('error', () => {}));
  let beating: Promise<void> | undefined;

  const beatOnce = async (): Promise<void> => {
    await heartbeatPool.query(
      `INSERT INTO nodes (id, host, pid, started_at, heartbeat_at) VALUES ($1, $2, $3, ${DB_NOW}, ${DB_NOW})
        ON CONFLICT (id) DO UPDATE SET heartbeat_at = excluded.heartbeat_at`,
      [nodeId, hostname(), process.pid],
    );
    await heartbeatPool.query(RENEW_OUTBOX, [nodeId, leaseMs]);
    await heartbeatPool.query(RENEW_TIMERS, [nodeId, leaseMs]);
    await heartbeatPool.query(FORGET_DEAD_NODES, [leaseMs * FORGET_AFTER_LEASES, FORGET_LOCK]);
  };
  /** One beat at a time: a slow beat is joined, not overlapped. */
  const beat = (): Promise<void> => {
    beating ??= beatOnce().finally(() => {
      beating = undefined;
    });
    return beating;
  };
  const endHeartbeat = async (): Promise<void> => {
    clearInterval(heartbeat);
    if (!heartbeatPool.ended) await heartbeatPool.end().catch(() => undefined);
  };

  /** Registers the node at its first claim and keeps beating; a failed beat is tried at the next (a failed first one, at the next claim). */
  const register = (): Promise<void> => {
    registered ??= beat().then(() => {
      if (closed) return;
      heartbeat = setInterval(() => {
        // A pool ended without `close` (the store torn down) beats no more; other failures are tried again.
        if (pool.ended) void endHeartbeat();
        else beat().catch(() => undefined);
      }, Math.max(10, Math.floor(leaseMs / 3)));
      heartbeat.unref();
    }, (error: unknown) => {
      registered = undefined;
      throw error;
    });
    return registered;
  };

  return {
    nodeId,
    leaseMs,
    async claimTimers(now, limit) {
      await register();
      const rows = await claim<TimerRow>(pool, TIMER_CLAIM_LOCK, CLAIM_TIMERS, [now, nodeId, limit, leaseMs]);
      return rows.map(toTimerRecord).sort((a, b) => a.dueAt - b.dueAt || compare(a.caseId, b.caseId) || compare(a.key, b.key));
    },
    async claimOutbox(now, limit) {
      await register();
      const rows = await claim<OutboxRow>(pool, OUTBOX_CLAIM_LOCK, CLAIM_OUTBOX, [now, nodeId, limit, leaseMs]);
      return rows.map(toOutboxRecord).sort((a, b) => a.nextAttemptAt - b.nextAttemptAt || a.id - b.id);
    },
    async holdOutbox(id) {
      const result = await pool.query(HOLD_OUTBOX, [id, nodeId, leaseMs]);
      return result.rowCount === 1;
    },
    beat,
    async close() {
      closed = true;
      clearInterval(heartbeat);
      await beating?.catch(() => undefined);
      await endHeartbeat();
      if (registered === undefined) return;
      await registered.catch(() => undefined);
      await pool.query('UPDATE timers SET lease_node = NULL, lease_until = NULL WHERE lease_node = $1', [nodeId]);
      await pool.query('UPDATE outbox SET lease_node = NULL, lease_until = NULL WHERE lease_node = $1', [nodeId]);
      await pool.query('DELETE FROM nodes WHERE id = $1', [nodeId]);
    },
  };
}

/** Byte-wise order of ids, as the database's `COLLATE "C"` sorts them. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
