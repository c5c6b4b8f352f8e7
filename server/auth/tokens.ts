/**
 * API tokens for systems (a call-centre system opening cases): `Authorization: Bearer cf_…`.
 * Only the sha256 of a token is stored; the token itself is shown once, when issued.
 */
import type { AccountStore, ApiTokenRecord, UserRecord } from '../../engine/accounts/types.js';
import { CaseflowError } from '../../engine/errors.js';
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
  revokedAt?: number;
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
    revokedAt: token.revokedAt,
  };
}

/**
 * Issues a token for `user` acting with `roles` (default: all of the user's roles); refuses
 * roles the user does not hold with `invalid-input`.
 */
export async function issueToken(
  store: AccountStore,
  args: { name: string; user: UserRecord; roles?: string[]; now?: number },
): Promise<{ secret: string; token: ApiTokenRecord }> {
  const roles = args.roles ?? args.user.roles;
  const foreign = roles.filter((role) => !args.user.roles.includes(role));
  if (foreign.length > 0) {
    throw new CaseflowError('invalid-input', `User '${args.user.username}' does not hold ${foreign.join(', ')}; a token acts with a subset of its user's roles.`, {
      details: [{ field: 'roles', message: `not held by the user: ${foreign.join(', ')}` }],
    });
  }
  const secret = newSecret(TOKEN_PREFIX);
  const token: ApiTokenRecord = {
    id: newId(),
    name: args.name,
    hash: sha256Hex(secret),
    userId: args.user.id,
    roles: [...new Set(roles)],
    createdAt: args.now ?? Date.now(),
  };
  await store.createToken(token);
  return { secret, token };
}

/**
 * The live token and its enabled user for a Bearer secret, or `undefined`. The token acts with
 * the roles it was issued with that its user still holds.
 */
export async function findToken(store: AccountStore, secret: string): Promise<{ token: ApiTokenRecord; user: UserRecord; roles: string[] } | undefined> {
  if (!secret.startsWith(TOKEN_PREFIX)) return undefined;
  const token = await store.findTokenByHash(sha256Hex(secret));
  if (!token || token.revokedAt !== undefined) return undefined;
  const user = await store.getUser(token.userId);
  if (!user || user.disabled) return undefined;
  return { token, user, roles: token.roles.filter((role) => user.roles.includes(role)) };
}
