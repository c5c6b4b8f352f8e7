/**
 * `AccountStore` on the engine's SQLite database: it shares the case store's connection
 * (`SqliteStore.db`), whose migrations create the tables of `schema-accounts.ts`. Async like
 * the case store, so a Postgres version fits behind the same interface.
 */
import { and, desc, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { DEFAULT_CITY_ROLES, DEFAULT_SUPERVISOR_ROLES, type AccountStore, type ApiTokenRecord, type OrgDirectory, type SessionRecord, type UserRecord } from '../../accounts/types.js';
import { CaseflowError } from '../../errors.js';
import { apiTokens, orgSettings, orgUnits, sessions, users } from './schema-accounts.js';
import { isUniqueViolation, toStoreError } from './sqlite-errors.js';

type UserRow = typeof users.$inferSelect;
type TokenRow = typeof apiTokens.$inferSelect;

function toUser(row: UserRow): UserRecord {
  const user: UserRecord = {
    id: row.id,
    username: row.username,
    passwordHash: row.passwordHash,
    roles: row.roles,
    units: row.units,
    totpEnabled: row.totpEnabled,
    createdAt: row.createdAt,
    disabled: row.disabled,
  };
  if (row.displayName !== null) user.displayName = row.displayName;
  if (row.email !== null) user.email = row.email;
  if (row.absence !== null) user.absence = row.absence;
  if (row.totpSecret !== null) user.totpSecret = row.totpSecret;
  if (row.totpLastStep !== null) user.totpLastStep = row.totpLastStep;
  return user;
}

function toUserRow(user: UserRecord): UserRow {
  return {
    ...user,
    roles: [...user.roles],
    units: [...user.units],
    displayName: user.displayName ?? null,
    email: user.email ?? null,
    absence: user.absence ?? null,
    totpSecret: user.totpSecret ?? null,
    totpLastStep: user.totpLastStep ?? null,
  };
}

function toToken(row: TokenRow): ApiTokenRecord {
  const token: ApiTokenRecord = { id: row.id, name: row.name, hash: row.hash, userId: row.userId, roles: row.roles, createdAt: row.createdAt };
  if (row.expiresAt !== null) token.expiresAt = row.expiresAt;
  if (row.revokedAt !== null) token.revokedAt = row.revokedAt;
  return token;
}

const CITY_ROLES = 'cityRoles';
const SUPERVISOR_ROLES = 'supervisorRoles';

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
        db.insert(users).values(toUserRow(user)).run();
      } catch (error) {
        if (isUniqueViolation(error)) throw new CaseflowError('conflict', `username '${user.username}' is taken`);
        throw toStoreError(error);
      }
      return { ...user, roles: [...user.roles], units: [...user.units] };
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
    listUsersWithRole: (role) => guarded(() =>
      db.select().from(users)
        .where(sql`exists (select 1 from json_each(${users.roles}) where json_each.value = ${role})`)
        .orderBy(users.username).all().map(toUser)),
    spendTotpStep: (userId, step) => guarded(() =>
      db.update(users).set({ totpLastStep: step })
        .where(and(eq(users.id, userId), or(isNull(users.totpLastStep), lt(users.totpLastStep, step))))
        .run().changes === 1),
    listUsersDelegatingTo: (delegateId) => guarded(() =>
      db.select().from(users)
        .where(sql`json_extract(${users.absence}, '$.delegateId') = ${delegateId}`)
        .orderBy(users.username).all().map(toUser)),
    updateUser: (id, change) => guarded(() => {
      const values: Partial<UserRow> = {};
      if (change.roles !== undefined) values.roles = [...change.roles];
      if (change.units !== undefined) values.units = [...change.units];
      if (change.displayName !== undefined) values.displayName = change.displayName;
      if (change.email !== undefined) values.email = change.email;
      if (change.absence !== undefined) values.absence = change.absence;
      if (change.totpSecret !== undefined) values.totpSecret = change.totpSecret;
      if (change.totpEnabled !== undefined) values.totpEnabled = change.totpEnabled;
      if (change.totpLastStep !== undefined) values.totpLastStep = change.totpLastStep;
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
      db.insert(apiTokens).values({ ...token, roles: [...token.roles], expiresAt: token.expiresAt ?? null, revokedAt: token.revokedAt ?? null }).run();
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

    getDirectory: () => guarded(() => {
      const settings = new Map(db.select().from(orgSettings).all().map((row) => [row.key, row.value]));
      return {
        units: db.select().from(orgUnits).orderBy(orgUnits.id).all(),
        cityRoles: settings.get(CITY_ROLES) ?? [...DEFAULT_CITY_ROLES],
        supervisorRoles: settings.get(SUPERVISOR_ROLES) ?? [...DEFAULT_SUPERVISOR_ROLES],
      };
    }),
    async createUnit(unit) {
      try {
        db.insert(orgUnits).values({ id: unit.id, label: unit.label }).run();
      } catch (error) {
        if (isUniqueViolation(error)) throw new CaseflowError('conflict', `There is already a unit '${unit.id}'.`);
        throw toStoreError(error);
      }
      return { ...unit };
    },
    updateUnit: (id, change) => guarded(() => {
      db.update(orgUnits).set({ label: change.label }).where(eq(orgUnits.id, id)).run();
      return db.select().from(orgUnits).where(eq(orgUnits.id, id)).get();
    }),
    replaceDirectory: (directory: OrgDirectory) => guarded(() => {
      db.transaction((tx) => {
        const kept = new Set(directory.units.map((unit) => unit.id));
        const stranded = tx.select({ username: users.username, units: users.units }).from(users).all()
          .flatMap((user) => user.units.filter((unit) => !kept.has(unit)).map((unit) => `${unit} (${user.username})`));
        if (stranded.length > 0) {
          throw new CaseflowError('invalid-input', `Units still held by users cannot be left out: ${stranded.join(', ')}.`, {
            details: [{ field: 'units', message: `still held by users: ${stranded.join(', ')}` }],
          });
        }
        tx.delete(orgUnits).run();
        if (directory.units.length > 0) tx.insert(orgUnits).values(directory.units.map((unit) => ({ id: unit.id, label: unit.label }))).run();
        for (const [key, value] of [[CITY_ROLES, directory.cityRoles], [SUPERVISOR_ROLES, directory.supervisorRoles]] as const) {
          tx.insert(orgSettings).values({ key, value: [...value] }).onConflictDoUpdate({ target: orgSettings.key, set: { value: [...value] } }).run();
        }
      });
    }),
  };
}
