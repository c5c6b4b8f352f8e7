/**
 * Change hints on PostgreSQL: `pg_notify` on one channel after an account write commits, and one
 * `LISTEN` connection per server, opened when the first reader subscribes. A hint names the
 * server that sent it, so a server skips its own. When the listening connection breaks, readers
 * are told `lost` (hints may have been missed) and it connects again.
 */
import pg from 'pg';
import type { AccountStore } from '../../accounts/types.js';
import type { ChangeHint, ChangeHints } from '../change-hints.js';

/** The notification channel of change hints. */
const CHANNEL = 'caseflow_changes';

/** Pause before listening again after the connection broke. */
const RECONNECT_MS = 500;

/** Sends a hint on `pool` (after the change it names has committed). */
export async function sendHint(pool: pg.Pool, hint: ChangeHint, nodeId: string): Promise<void> {
  await pool.query('SELECT pg_notify($1, $2)', [CHANNEL, JSON.stringify({ ...hint, node: nodeId })]);
}

/**
 * `accounts` whose writes, once committed, hint the other servers; a hint that fails to go is
 * left to their cache lifetime. New sessions and tokens, and sessions removed once expired, send
 * none: a cache never remembers a lookup that found nothing, and an expired session is refused
 * on reading, so none of these can leave another server's cache wrong (and logins stay quiet).
 */
export function hintingAccounts(accounts: AccountStore, pool: pg.Pool, nodeId: string): AccountStore {
  const hinted = async <T>(write: Promise<T>): Promise<T> => {
    const result = await write;
    await sendHint(pool, { topic: 'accounts' }, nodeId).catch(() => undefined);
    return result;
  };
  return {
    ...accounts,
    createUser: (user) => hinted(accounts.createUser(user)),
    spendTotpStep: (userId, step) => hinted(accounts.spendTotpStep(userId, step)),
    updateUser: (id, change) => hinted(accounts.updateUser(id, change)),
    deleteSession: (id) => hinted(accounts.deleteSession(id)),
    deleteUserSessions: (userId) => hinted(accounts.deleteUserSessions(userId)),
    revokeToken: (id, at) => hinted(accounts.revokeToken(id, at)),
    createUnit: (unit) => hinted(accounts.createUnit(unit)),
    updateUnit: (id, change) => hinted(accounts.updateUnit(id, change)),
    replaceDirectory: (directory) => hinted(accounts.replaceDirectory(directory)),
  };
}

/** The change hints of one server, read from `url` on a connection of their own. */
export interface HintListener extends ChangeHints {
  close(): Promise<void>;
}

/** Listens for the hints of the other servers on the database at `url`, and sends this server's on `pool`. */
export function listenForHints(url: string, pool: pg.Pool, nodeId: string): HintListener {
  const listeners = new Set<(hint: ChangeHint) => void>();
  let client: pg.Client | undefined;
  let connecting: Promise<void> | undefined;
  let retry: NodeJS.Timeout | undefined;
  let closed = false;

  const tell = (hint: ChangeHint) => {
    for (const listener of listeners) listener(hint);
  };
  const lost: ChangeHint = { topic: 'lost' };

  const onNotification = (message: pg.Notification) => {
    const hint = readHint(message.payload);
    if (hint === undefined) tell(lost);
    else if (hint.node !== nodeId) tell(hint.hint);
  };

  const broken = (connection: pg.Client) => {
    if (client !== connection) return;
    client = undefined;
    connection.end().catch(() => undefined);
    tell(lost);
    if (!closed) retry = setTimeout(connect, RECONNECT_MS);
  };

  function connect(): Promise<void> {
    retry = undefined;
    if (closed || client !== undefined) return Promise.resolve();
    const connection = new pg.Client({ connectionString: url, application_name: 'caseflow-hints' });
    connection.on('notification', onNotification);
    connection.on('error', () => broken(connection));
    connection.on('end', () => broken(connection));
    client = connection;
    connecting = connection.connect()
      .then(() => connection.query(`LISTEN ${CHANNEL}`))
      .then(() => {
        // Whatever changed while nobody listened was not hinted.
        tell(lost);
      }, () => broken(connection));
    return connecting;
  }

  return {
    send: (hint) => sendHint(pool, hint, nodeId),
    subscribe(listener) {
      listeners.add(listener);
      if (client === undefined && retry === undefined) void connect();
      return () => listeners.delete(listener);
    },
    async close() {
      closed = true;
      clearTimeout(retry);
      await connecting;
      const connection = client;
      client = undefined;
      await connection?.end().catch(() => undefined);
    },
  };
}

/** A hint as sent by `sendHint`, with the node that sent it; undefined for anything else. */
function readHint(payload: string | undefined): { hint: ChangeHint; node: string } | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload ?? '');
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || !('node' in parsed) || typeof parsed.node !== 'string' || !('topic' in parsed)) return undefined;
  const node = parsed.node;
  if (parsed.topic === 'accounts' || parsed.topic === 'lost') return { hint: { topic: parsed.topic }, node };
  if (parsed.topic === 'clock' && 'now' in parsed && typeof parsed.now === 'number') return { hint: { topic: 'clock', now: parsed.now }, node };
  return undefined;
}
