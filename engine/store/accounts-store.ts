/**
 * `AccountStore` on the engine's SQLite database: it shares the case store's connection
 * (`SqliteStore.db`), whose migrations create the tables of `schema-accounts.ts`. Async like
 * the case store, so a Postgres version fits behind the same interface.
 */
import { and, desc, eq, isNull, lt, sql } from 'drizzle-orm';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type { AccountStore, ApiTokenRecord, SessionRecord, UserRecord } from '../accounts/types.js';
import { CaseflowError } from '../errors.js';
import { apiTokens, sessions, users } from './schema-accounts.js';
import { isUniqueViolation, toStoreError } from './sqlite-errors.js';

type UserRow = typeof users.$inferSelect;
type TokenRow = typeof apiTokens.$inferSelect;

function toUser(row: UserRow): UserRecord {
  return { id: row.id, username: row.username, passwordHash: row.passwordHash, roles: row.roles, createdAt: row.createdAt, disabled: row.disabled };
}

function toToken(row: TokenRow): ApiTokenRecord {
  const token: ApiTokenRecord = { id: row.id, name: row.name, hash: row.hash, userId: row.userId, roles: row.roles, createdAt: row.createdAt };
  if (row.revokedAt !== null) token.revokedAt = row.revokedAt;
  return token;
}

/** Runs a store operation, turning SQLite failures into CaseflowErrors (`read-only` on a full disk). */
async function guarded<T>(operation: () => T): Promise<T> {
  try {
    return operation();
  } catch (error) {
    throw toStoreError(error);
  }
}

/** An AccountStore over a drizzle database whose migrations have run. */
export function createSqliteAccountStore(db: BetterSQLite3Database): AccountStore {
  // Every authenticated request runs these lookups, so they are prepared once.
  const userById = db.select().from(users).where(eq(users.id, sql.placeholder('id'))).prepare();
  const userByNameQuery = db.select().from(users).where(sql`lower(${users.username}) = lower(${sql.placeholder('username')})`).prepare();
  const sessionById = db.select().from(sessions).where(eq(sessions.id, sql.placeholder('id'))).prepare();
  const tokenByHash = db.select().from(apiTokens).where(eq(apiTokens.hash, sql.placeholder('hash'))).prepare();
  const userByName = (username: string) => userByNameQuery.get({ username });

  return {
    async createUser(user) {
      try {
        db.insert(users).values({ ...user, roles: [...user.roles] }).run();
      } catch (error) {
        if (isUniqueViolation(error)) throw new CaseflowError('conflict', `username '${user.username}' is taken`);
        throw toStoreError(error);
      }
      return { ...user, roles: [...user.roles] };
    },
    getUser: (id) => guarded(() => {
      const row = userById.get({ id });
      return row && toUser(row);
    }),
    findUserByUsername: (username) => guarded(() => {
      const row = userByName(username);
      return row && toUser(row);
    }),
    listUsers: () => guarded(() => db.select().from(users).orderBy(users.username).all().map(toUser)),
    updateUser: (id, change) => guarded(() => {
      const values: Partial<UserRow> = {};
      if (change.roles !== undefined) values.roles = [...change.roles];
      if (change.disabled !== undefined) values.disabled = change.disabled;
      if (change.passwordHash !== undefined) values.passwordHash = change.passwordHash;
      if (Object.keys(values).length > 0) db.update(users).set(values).where(eq(users.id, id)).run();
      const row = db.select().from(users).where(eq(users.id, id)).get();
      return row && toUser(row);
    }),

    createSession: (session: SessionRecord) => guarded(() => {
      db.insert(sessions).values(session).run();
    }),
    getSession: (id) => guarded(() => sessionById.get({ id })),
    deleteSession: (id) => guarded(() => {
      db.delete(sessions).where(eq(sessions.id, id)).run();
    }),
    deleteUserSessions: (userId) => guarded(() => {
      db.delete(sessions).where(eq(sessions.userId, userId)).run();
    }),
    deleteExpiredSessions: (now) => guarded(() => db.delete(sessions).where(lt(sessions.expiresAt, now)).run().changes),

    createToken: (token) => guarded(() => {
      db.insert(apiTokens).values({ ...token, roles: [...token.roles], revokedAt: token.revokedAt ?? null }).run();
    }),
    getToken: (id) => guarded(() => {
      const row = db.select().from(apiTokens).where(eq(apiTokens.id, id)).get();
      return row && toToken(row);
    }),
    findTokenByHash: (hash) => guarded(() => {
      const row = tokenByHash.get({ hash });
      return row && toToken(row);
    }),
    listTokens: (userId) => guarded(() => {
      const query = db.select().from(apiTokens);
      const rows = userId === undefined ? query.orderBy(desc(apiTokens.createdAt)).all() : query.where(eq(apiTokens.userId, userId)).orderBy(desc(apiTokens.createdAt)).all();
      return rows.map(toToken);
    }),
    revokeToken: (id, at) => guarded(() => {
      db.update(apiTokens).set({ revokedAt: at }).where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt))).run();
      const row = db.select().from(apiTokens).where(eq(apiTokens.id, id)).get();
      return row && toToken(row);
    }),
  };
}
