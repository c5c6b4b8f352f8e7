/**
 * Change hints on PostgreSQL: `pg_notify` on one channel after an account write commits, and one
 * `LISTEN` connection per server, opened when the first reader subscribes. A hint names the
 * server that sent it, so a server skips its own. When the listening connection breaks, readers
 * are told `lost` (hints may have been missed) and it connects again.
 */
import pg from 'pg';
import type { AccountStore } from '../../accounts/types.js';
import type { ChangeHints, ChangeTopic } from '../change-hints.js';

/** The notification channel of change hints. */
const CHANNEL = 'caseflow_changes';

/** Pause before listening again after the connection broke. */
const RECONNECT_MS = 500;

/** Sends a hint on `pool` (after the change it names has committed). */
export async function sendHint(pool: pg.Pool, topic: ChangeTopic, nodeId: string): Promise<void> {
  await pool.query('SELECT pg_notify($1, $2)', [CHANNEL, JSON.stringify({ topic, node: nodeId })]);
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
    await sendHint(pool, 'accounts', nodeId).catch(() => undefined);
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

/** Listens for the hints of the other servers on the database at `url`. */
export function listenForHints(url: string, nodeId: string): HintListener {
  const listeners = new Set<(topic: ChangeTopic) => void>();
  let client: pg.Client | undefined;
  let connecting: Promise<void> | undefined;
  let retry: NodeJS.Timeout | undefined;
  let closed = false;

  const tell = (topic: ChangeTopic) => {
    for (const listener of listeners) listener(topic);
  };

  const onNotification = (message: pg.Notification) => {
    try {
      const hint: { topic: ChangeTopic; node: string } = JSON.parse(message.payload ?? '');
      if (hint.node !== nodeId) tell(hint.topic);
    } catch {
      tell('lost');
    }
  };

  const broken = (connection: pg.Client) => {
    if (client !== connection) return;
    client = undefined;
    connection.end().catch(() => undefined);
    tell('lost');
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
        tell('lost');
      }, () => broken(connection));
    return connecting;
  }

  return {
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
