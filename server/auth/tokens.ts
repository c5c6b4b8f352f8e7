/**
 * API tokens for systems (a call-centre system opening cases): `Authorization: Bearer cf_…`.
 * Only the sha256 of a token is stored; the token itself is shown once, when issued.
 */
import type { AccountStore, ApiTokenRecord, UserRecord } from '../../engine/accounts/types.js';
import { CaseflowError } from '../../engine/errors.js';
import { parseDuration } from '../../engine/dsl/duration.js';
import { newId, newSecret, sha256Hex } from './secrets.js';

/** Prefix of every token, so a leaked one is recognisable in logs and scanners. */
const TOKEN_PREFIX = 'cf_';

/** A token as the API lists it: never its hash. */
export interface PublicToken {
  id: string;
  name: string;
  userId: string;
  username?: string;
  roles: string[];
  createdAt: number;
  expiresAt?: number;
  revokedAt?: number;
}

/** How long a token lasts unless `CASEFLOW_TOKEN_TTL` or the request says otherwise. */
export const DEFAULT_TOKEN_TTL_MS = 90 * 24 * 3_600_000;

/** Longest lifetime a token may be given, in days. */
export const MAX_TOKEN_DAYS = 730;

/** A token lifetime such as `30d` or `12h` in milliseconds; `undefined` when it is not one or is too long. */
export function tokenLifetime(text: string): number | undefined {
  const parsed = parseDuration(text.trim());
  if (!parsed || parsed.business || parsed.ms <= 0 || parsed.ms > MAX_TOKEN_DAYS * 24 * 3_600_000) return undefined;
  return parsed.ms;
}

/** The token without its hash. */
export function publicToken(token: ApiTokenRecord, username?: string): PublicToken {
  return {
    id: token.id,
    name: token.name,
    userId: token.userId,
    username,
    roles: [...token.roles],
    createdAt: token.createdAt,
    expiresAt: token.expiresAt,
    revokedAt: token.revokedAt,
  };
}

/**
 * Issues a token for `user` acting with `roles` (default: all of the user's roles), valid for
 * `ttlMs` (default 90 days); refuses roles the user does not hold with `invalid-input`.
 */
export async function issueToken(
  store: AccountStore,
  args: { name: string; user: UserRecord; roles?: string[]; ttlMs?: number; now?: number },
): Promise<{ secret: string; token: ApiTokenRecord }> {
  const roles = args.roles ?? args.user.roles;
  const foreign = roles.filter((role) => !args.user.roles.includes(role));
  if (foreign.length > 0) {
    throw new CaseflowError('invalid-input', `User '${args.user.username}' does not hold ${foreign.join(', ')}; a token acts with a subset of its user's roles.`, {
      details: [{ field: 'roles', message: `not held by the user: ${foreign.join(', ')}` }],
    });
  }
  const secret = newSecret(TOKEN_PREFIX);
  const now = args.now ?? Date.now();
  const token: ApiTokenRecord = {
    id: newId(),
    name: args.name,
    hash: sha256Hex(secret),
    userId: args.user.id,
    roles: [...new Set(roles)],
    createdAt: now,
    expiresAt: now + (args.ttlMs ?? DEFAULT_TOKEN_TTL_MS),
  };
  await store.createToken(token);
  return { secret, token };
}

/** True once a token's expiry has passed. */
export function isExpired(token: ApiTokenRecord, now = Date.now()): boolean {
  return token.expiresAt !== undefined && token.expiresAt <= now;
}

/**
 * The live token and its enabled user for a Bearer secret, or `undefined` (unknown, revoked,
 * expired, or its user disabled). The token acts with the roles it was issued with that its
 * user still holds.
 */
export async function findToken(store: AccountStore, secret: string, now = Date.now()): Promise<{ token: ApiTokenRecord; user: UserRecord; roles: string[] } | undefined> {
  if (!secret.startsWith(TOKEN_PREFIX)) return undefined;
  const token = await store.findTokenByHash(sha256Hex(secret));
  if (!token || token.revokedAt !== undefined || isExpired(token, now)) return undefined;
  const user = await store.getUser(token.userId);
  if (!user || user.disabled) return undefined;
  return { token, user, roles: token.roles.filter((role) => user.roles.includes(role)) };
}
