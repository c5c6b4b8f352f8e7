/**
 * `AccountStore` on PostgreSQL, with the SQLite one's semantics (`engine/store/sqlite/accounts-store.ts`):
 * usernames unique regardless of case, a TOTP step spent once in one atomic update, and the
 * organisation directory replaced in one transaction. It shares the case store's pool.
 */
import type pg from 'pg';
import { DEFAULT_CITY_ROLES, DEFAULT_SUPERVISOR_ROLES, type AccountStore, type ApiTokenRecord, type UserChange, type UserRecord } from '../../accounts/types.js';
import { CaseflowError } from '../../errors.js';
import { isUniqueViolation, readsOn, toStoreError } from './pg-errors.js';

interface UserRow {
  id: string;
  username: string;
  password_hash: string;
  roles: string;
  units: string;
  display_name: string | null;
  email: string | null;
  absence: string | null;
  totp_secret: string | null;
  totp_enabled: boolean;
  totp_last_step: number | null;
  created_at: number;
  disabled: boolean;
}

interface TokenRow {
  id: string;
  name: string;
  hash: string;
  user_id: string;
  roles: string;
  created_at: number;
  expires_at: number | null;
  revoked_at: number | null;
}

interface SessionRow {
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: number;
  expires_at: number;
}

function toUser(row: UserRow): UserRecord {
  const user: UserRecord = {
    id: row.id, username: row.username, passwordHash: row.password_hash, roles: JSON.parse(row.roles), units: JSON.parse(row.units),
    totpEnabled: row.totp_enabled, createdAt: row.created_at, disabled: row.disabled,
  };
  if (row.display_name !== null) user.displayName = row.display_name;
  if (row.email !== null) user.email = row.email;
  if (row.absence !== null) user.absence = JSON.parse(row.absence);
  if (row.totp_secret !== null) user.totpSecret = row.totp_secret;
  if (row.totp_last_step !== null) user.totpLastStep = row.totp_last_step;
  return user;
}

function toToken(row: TokenRow): ApiTokenRecord {
  const token: ApiTokenRecord = { id: row.id, name: row.name, hash: row.hash, userId: row.user_id, roles: JSON.parse(row.roles), createdAt: row.created_at };
  if (row.expires_at !== null) token.expiresAt = row.expires_at;
  if (row.revoked_at !== null) token.revokedAt = row.revoked_at;
  return token;
}

const CITY_ROLES = 'cityRoles';
const SUPERVISOR_ROLES = 'supervisorRoles';
const USER_COLUMNS = 'id, username, password_hash, roles, units, display_name, email, absence, totp_secret, totp_enabled, totp_last_step, created_at, disabled';

type Value = string | number | boolean | null;

/** The column and stored value of each field a UserChange sets. */
function userChanges(change: UserChange): Array<[string, Value]> {
  const json = (value: unknown) => (value === null ? null : JSON.stringify(value));
  const set: Array<[string, Value]> = [];
  if (change.roles !== undefined) set.push(['roles', json(change.roles)]);
  if (change.units !== undefined) set.push(['units', json(change.units)]);
  if (change.displayName !== undefined) set.push(['display_name', change.displayName]);
  if (change.email !== undefined) set.push(['email', change.email]);
  if (change.absence !== undefined) set.push(['absence', json(change.absence)]);
  if (change.totpSecret !== undefined) set.push(['totp_secret', change.totpSecret]);
  if (change.totpEnabled !== undefined) set.push(['totp_enabled', change.totpEnabled]);
  if (change.totpLastStep !== undefined) set.push(['totp_last_step', change.totpLastStep]);
  if (change.disabled !== undefined) set.push(['disabled', change.disabled]);
  if (change.passwordHash !== undefined) set.push(['password_hash', change.passwordHash]);
  return set;
}

/** An AccountStore over a pool whose database the PostgreSQL store has migrated. */
export function createPostgresAccountStore(pool: pg.Pool): AccountStore {
  const query = readsOn(pool);
  const users = async (where: string, values: Value[]) =>
    (await query<UserRow>(`SELECT ${USER_COLUMNS} FROM users ${where} ORDER BY username`, values)).rows.map(toUser);
  const oneUser = async (where: string, values: Value[]) => (await users(where, values))[0];
  const oneToken = async (where: string, values: Value[]) => {
    const [row] = (await query<TokenRow>(`SELECT * FROM api_tokens ${where}`, values)).rows;
    return row && toToken(row);
  };

  return {
    async createUser(user) {
      try {
        await pool.query(
          `INSERT INTO users (${USER_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
          [
            user.id, user.username, user.passwordHash, JSON.stringify(user.roles), JSON.stringify(user.units), user.displayName ?? null,
            user.email ?? null, user.absence === undefined ? null : JSON.stringify(user.absence), user.totpSecret ?? null, user.totpEnabled,
            user.totpLastStep ?? null, user.createdAt, user.disabled,
          ],
        );
      } catch (error) {
        if (isUniqueViolation(error)) throw new CaseflowError('conflict', `username '${user.username}' is taken`);
        throw toStoreError(error);
      }
      return { ...user, roles: [...user.roles], units: [...user.units] };
    },
    getUser: (id) => oneUser('WHERE id = $1', [id]),
    findUserByUsername: (username) => oneUser('WHERE lower(username) = lower($1)', [username]),
    listUsers: () => users('', []),
    listUsersWithRole: (role) => users('WHERE roles::jsonb ? $1', [role]),
    async spendTotpStep(userId, step) {
      const result = await query('UPDATE users SET totp_last_step = $1 WHERE id = $2 AND (totp_last_step IS NULL OR totp_last_step < $1)', [step, userId]);
      return result.rowCount === 1;
    },
    listUsersDelegatingTo: (delegateId) => users("WHERE absence::jsonb ->> 'delegateId' = $1", [delegateId]),
    async updateUser(id, change) {
      const set = userChanges(change);
      if (set.length > 0) {
        await query(`UPDATE users SET ${set.map(([column], i) => `${column} = $${i + 2}`).join(', ')} WHERE id = $1`, [id, ...set.map(([, value]) => value)]);
      }
      return oneUser('WHERE id = $1', [id]);
    },

    async createSession(session) {
      await query('INSERT INTO sessions (id, user_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)', [
        session.id, session.userId, session.csrfToken, session.createdAt, session.expiresAt,
      ]);
    },
    async getSession(id) {
      const [row] = (await query<SessionRow>('SELECT * FROM sessions WHERE id = $1', [id])).rows;
      return row && { id: row.id, userId: row.user_id, csrfToken: row.csrf_token, createdAt: row.created_at, expiresAt: row.expires_at };
    },
    async deleteSession(id) {
      await query('DELETE FROM sessions WHERE id = $1', [id]);
    },
    async deleteUserSessions(userId) {
      await query('DELETE FROM sessions WHERE user_id = $1', [userId]);
    },
    async deleteExpiredSessions(now) {
      return (await query('DELETE FROM sessions WHERE expires_at < $1', [now])).rowCount ?? 0;
    },

    async createToken(token) {
      await query('INSERT INTO api_tokens (id, name, hash, user_id, roles, created_at, expires_at, revoked_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [
        token.id, token.name, token.hash, token.userId, JSON.stringify(token.roles), token.createdAt, token.expiresAt ?? null, token.revokedAt ?? null,
      ]);
    },
    getToken: (id) => oneToken('WHERE id = $1', [id]),
    findTokenByHash: (hash) => oneToken('WHERE hash = $1', [hash]),
    async listTokens(userId) {
      const result = userId === undefined
        ? await query<TokenRow>('SELECT * FROM api_tokens ORDER BY created_at DESC')
        : await query<TokenRow>('SELECT * FROM api_tokens WHERE user_id = $1 ORDER BY created_at DESC', [userId]);
      return result.rows.map(toToken);
    },
    async revokeToken(id, at) {
      await query('UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', [at, id]);
      return oneToken('WHERE id = $1', [id]);
    },

    async getDirectory() {
      const [settingRows, units] = await Promise.all([
        query<{ key: string; value: string }>('SELECT key, value FROM org_settings'),
        query<{ id: string; label: string }>('SELECT id, label FROM org_units ORDER BY id'),
      ]);
      const settings = new Map(settingRows.rows.map((row) => [row.key, JSON.parse(row.value)]));
      return {
        units: units.rows,
        cityRoles: settings.get(CITY_ROLES) ?? [...DEFAULT_CITY_ROLES],
        supervisorRoles: settings.get(SUPERVISOR_ROLES) ?? [...DEFAULT_SUPERVISOR_ROLES],
      };
    },
    async createUnit(unit) {
      try {
        await pool.query('INSERT INTO org_units (id, label) VALUES ($1, $2)', [unit.id, unit.label]);
      } catch (error) {
        if (isUniqueViolation(error)) throw new CaseflowError('conflict', `There is already a unit '${unit.id}'.`);
        throw toStoreError(error);
      }
      return { ...unit };
    },
    async updateUnit(id, change) {
      const [row] = (await query<{ id: string; label: string }>('UPDATE org_units SET label = $1 WHERE id = $2 RETURNING id, label', [change.label, id])).rows;
      return row;
    },
    async replaceDirectory(directory) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        // Users' units are read under a lock, so no user gains a unit that is being removed.
        const holders = await client.query<{ username: string; units: string }>('SELECT username, units FROM users ORDER BY username FOR UPDATE');
        const kept = new Set(directory.units.map((unit) => unit.id));
        const stranded = holders.rows.flatMap((user) => {
          const units: string[] = JSON.parse(user.units);
          return units.filter((unit) => !kept.has(unit)).map((unit) => `${unit} (${user.username})`);
        });
        if (stranded.length > 0) {
          throw new CaseflowError('invalid-input', `Units still held by users cannot be left out: ${stranded.join(', ')}.`, {
            details: [{ field: 'units', message: `still held by users: ${stranded.join(', ')}` }],
          });
        }
        await client.query('DELETE FROM org_units');
        if (directory.units.length > 0) {
          await client.query('INSERT INTO org_units (id, label) SELECT * FROM unnest($1::text[], $2::text[])', [
            directory.units.map((unit) => unit.id), directory.units.map((unit) => unit.label),
          ]);
        }
        for (const [key, value] of [[CITY_ROLES, directory.cityRoles], [SUPERVISOR_ROLES, directory.supervisorRoles]] as const) {
          await client.query('INSERT INTO org_settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, JSON.stringify(value)]);
        }
        await client.query('COMMIT');
        client.release();
      } catch (error) {
        await client.query('ROLLBACK').then(() => client.release(), () => client.release(true));
        throw toStoreError(error);
      }
    },
  };
}
