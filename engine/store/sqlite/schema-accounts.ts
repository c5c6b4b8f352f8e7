/**
 * The drizzle schema of accounts: users, cookie sessions, API tokens and the organisation
 * directory. Secrets are never stored, only their hashes (argon2id for passwords, sha256 for
 * session and token secrets); the one exception is a TOTP secret, which the server must read.
 */
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { Absence } from '../../accounts/types.js';

/** People and system accounts; usernames are unique regardless of case. */
export const users = sqliteTable(
  'users',
  {
    id: text('id').primaryKey(),
    username: text('username').notNull(),
    passwordHash: text('password_hash').notNull(),
    roles: text('roles', { mode: 'json' }).$type<string[]>().notNull(),
    units: text('units', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    displayName: text('display_name'),
    email: text('email'),
    absence: text('absence', { mode: 'json' }).$type<Absence>(),
    // In clear: the server computes the expected code from it (see UserRecord.totpSecret).
    totpSecret: text('totp_secret'),
    totpEnabled: integer('totp_enabled', { mode: 'boolean' }).notNull().default(false),
    totpLastStep: integer('totp_last_step'),
    createdAt: integer('created_at').notNull(),
    disabled: integer('disabled', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [uniqueIndex('users_username_idx').on(sql`lower(${t.username})`)],
);

/** Cookie sessions, keyed by the sha256 of the cookie's secret. */
export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').notNull(),
    csrfToken: text('csrf_token').notNull(),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId), index('sessions_expires_idx').on(t.expiresAt)],
);

/** API tokens, found by the sha256 of the Bearer secret. */
export const apiTokens = sqliteTable(
  'api_tokens',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    hash: text('hash').notNull(),
    userId: text('user_id').notNull(),
    roles: text('roles', { mode: 'json' }).$type<string[]>().notNull(),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at'),
    revokedAt: integer('revoked_at'),
  },
  (t) => [uniqueIndex('api_tokens_hash_idx').on(t.hash), index('api_tokens_user_idx').on(t.userId, t.createdAt)],
);

/** Units of the organisation (业务单元), by kebab-case id. */
export const orgUnits = sqliteTable('org_units', {
  id: text('id').primaryKey(),
  label: text('label').notNull(),
});

/** Settings of the organisation directory (`cityRoles`, `supervisorRoles`), one JSON value each. */
export const orgSettings = sqliteTable('org_settings', {
  key: text('key').primaryKey(),
  value: text('value', { mode: 'json' }).$type<string[]>().notNull(),
});
