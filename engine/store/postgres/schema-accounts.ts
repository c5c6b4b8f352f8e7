/**
 * The drizzle schema of accounts on PostgreSQL, mirroring `engine/store/sqlite/schema-accounts.ts`:
 * users, cookie sessions, API tokens and the organisation directory. Only hashes of secrets
 * are stored, except the TOTP secret, which the server must read.
 */
import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, uniqueIndex } from 'drizzle-orm/pg-core';
import type { Absence } from '../../accounts/types.js';
import { epochMs, jsonText, text } from './columns.js';

/** People and system accounts; usernames are unique regardless of case. */
export const users = pgTable(
  'users',
  {
    id: text('id').primaryKey(),
    username: text('username').notNull(),
    passwordHash: text('password_hash').notNull(),
    roles: jsonText<string[]>('roles').notNull(),
    units: jsonText<string[]>('units').notNull().default(sql`'[]'`),
    displayName: text('display_name'),
    email: text('email'),
    absence: jsonText<Absence>('absence'),
    totpSecret: text('totp_secret'),
    totpEnabled: boolean('totp_enabled').notNull().default(false),
    totpLastStep: integer('totp_last_step'),
    createdAt: epochMs('created_at').notNull(),
    disabled: boolean('disabled').notNull().default(false),
  },
  (t) => [uniqueIndex('users_username_idx').on(sql`lower(${t.username})`)],
);

/** Cookie sessions, keyed by the sha256 of the cookie's secret. */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').notNull(),
    csrfToken: text('csrf_token').notNull(),
    createdAt: epochMs('created_at').notNull(),
    expiresAt: epochMs('expires_at').notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId), index('sessions_expires_idx').on(t.expiresAt)],
);

/** API tokens, found by the sha256 of the Bearer secret. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    hash: text('hash').notNull(),
    userId: text('user_id').notNull(),
    roles: jsonText<string[]>('roles').notNull(),
    createdAt: epochMs('created_at').notNull(),
    expiresAt: epochMs('expires_at'),
    revokedAt: epochMs('revoked_at'),
  },
  (t) => [uniqueIndex('api_tokens_hash_idx').on(t.hash), index('api_tokens_user_idx').on(t.userId, t.createdAt)],
);

/** Units of the organisation (业务单元), by kebab-case id. */
export const orgUnits = pgTable('org_units', {
  id: text('id').primaryKey(),
  label: text('label').notNull(),
});

/** Settings of the organisation directory (`cityRoles`, `supervisorRoles`), one JSON value each. */
export const orgSettings = pgTable('org_settings', {
  key: text('key').primaryKey(),
  value: jsonText<string[]>('value').notNull(),
});
