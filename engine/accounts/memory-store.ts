/**
 * An `AccountStore` held in memory: for tests and for trying the server without a database.
 */
import { CaseflowError } from '../errors.js';
import type { AccountStore, ApiTokenRecord, SessionRecord, UserChange, UserRecord } from './types.js';

/** Creates an empty in-memory account store. */
export function memoryAccountStore(): AccountStore {
  const users = new Map<string, UserRecord>();
  const sessions = new Map<string, SessionRecord>();
  const tokens = new Map<string, ApiTokenRecord>();
  const copyUser = (user: UserRecord): UserRecord => ({ ...user, roles: [...user.roles] });
  const copyToken = (token: ApiTokenRecord): ApiTokenRecord => ({ ...token, roles: [...token.roles] });
  const byUsername = (username: string): UserRecord | undefined => {
    const wanted = username.toLowerCase();
    for (const user of users.values()) if (user.username.toLowerCase() === wanted) return user;
    return undefined;
  };

  return {
    async createUser(user) {
      if (byUsername(user.username)) throw new CaseflowError('conflict', `username '${user.username}' is taken`);
      users.set(user.id, copyUser(user));
      return copyUser(user);
    },
    async getUser(id) {
      const user = users.get(id);
      return user && copyUser(user);
    },
    async findUserByUsername(username) {
      const user = byUsername(username);
      return user && copyUser(user);
    },
    async listUsers() {
      return [...users.values()].sort((a, b) => a.username.localeCompare(b.username)).map(copyUser);
    },
    async updateUser(id: string, change: UserChange) {
      const user = users.get(id);
      if (!user) return undefined;
      const updated: UserRecord = {
        ...user,
        roles: change.roles ? [...change.roles] : user.roles,
        disabled: change.disabled ?? user.disabled,
        passwordHash: change.passwordHash ?? user.passwordHash,
      };
      users.set(id, updated);
      return copyUser(updated);
    },

    async createSession(session) {
      sessions.set(session.id, { ...session });
    },
    async getSession(id) {
      const session = sessions.get(id);
      return session && { ...session };
    },
    async deleteSession(id) {
      sessions.delete(id);
    },
    async deleteUserSessions(userId) {
      for (const [id, session] of sessions) if (session.userId === userId) sessions.delete(id);
    },
    async deleteExpiredSessions(now) {
      let removed = 0;
      for (const [id, session] of sessions) {
        if (session.expiresAt < now) {
          sessions.delete(id);
          removed += 1;
        }
      }
      return removed;
    },

    async createToken(token) {
      tokens.set(token.id, copyToken(token));
    },
    async getToken(id) {
      const token = tokens.get(id);
      return token && copyToken(token);
    },
    async findTokenByHash(hash) {
      for (const token of tokens.values()) if (token.hash === hash) return copyToken(token);
      return undefined;
    },
    async listTokens(userId) {
      return [...tokens.values()]
        .filter((token) => userId === undefined || token.userId === userId)
        .sort((a, b) => b.createdAt - a.createdAt)
        .map(copyToken);
    },
    async revokeToken(id, at) {
      const token = tokens.get(id);
      if (!token) return undefined;
      if (token.revokedAt === undefined) token.revokedAt = at;
      return copyToken(token);
    },
  };
}
