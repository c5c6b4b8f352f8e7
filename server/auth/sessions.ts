/**
 * Cookie sessions: the browser holds a random secret, the database only its sha256, and each
 * session has its own CSRF token that unsafe requests must echo in `X-CSRF-Token`.
 */
import type { AccountStore, SessionRecord, UserRecord } from '../../engine/accounts/types.js';
import { newSecret, sha256Hex } from './secrets.js';

/** Name of the session cookie. */
export const SESSION_COOKIE = 'caseflow_session';

/** A session just opened: `secret` goes into the cookie and nowhere else. */
export interface OpenedSession {
  secret: string;
  session: SessionRecord;
}

/** Opens a session for `user`, valid for `ttlMs`. */
export async function openSession(store: AccountStore, user: UserRecord, ttlMs: number, now = Date.now()): Promise<OpenedSession> {
  const secret = newSecret();
  const session: SessionRecord = {
    id: sha256Hex(secret),
    userId: user.id,
    csrfToken: newSecret(),
    createdAt: now,
    expiresAt: now + ttlMs,
  };
  await store.createSession(session);
  return { secret, session };
}

/** The live session and its enabled user for a cookie value, or `undefined`. Expired sessions are removed. */
export async function findSession(store: AccountStore, secret: string, now = Date.now()): Promise<{ session: SessionRecord; user: UserRecord } | undefined> {
  const session = await store.getSession(sha256Hex(secret));
  if (!session) return undefined;
  if (session.expiresAt <= now) {
    await store.deleteSession(session.id);
    return undefined;
  }
  const user = await store.getUser(session.userId);
  if (!user || user.disabled) return undefined;
  return { session, user };
}
