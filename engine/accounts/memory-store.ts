/**
 * An `AccountStore` held in memory: for tests and for trying the server without a database.
 */
import { CaseflowError } from '../errors.js';
import { DEFAULT_CITY_ROLES, DEFAULT_SUPERVISOR_ROLES, type AccountStore, type ApiTokenRecord, type OrgDirectory, type SessionRecord, type Unit, type UserChange, type UserRecord } from './types.js';

/** Creates an empty in-memory account store. */
export function memoryAccountStore(): AccountStore {
  const users = new Map<string, UserRecord>();
  const sessions = new Map<string, SessionRecord>();
  const tokens = new Map<string, ApiTokenRecord>();
  const units = new Map<string, Unit>();
  let cityRoles = [...DEFAULT_CITY_ROLES];
  let supervisorRoles = [...DEFAULT_SUPERVISOR_ROLES];
  const copyUser = (user: UserRecord): UserRecord => {
    const copy: UserRecord = { ...user, roles: [...user.roles], units: [...user.units] };
    if (user.absence) copy.absence = { ...user.absence };
    return copy;
  };
  /** Sets an optional field, or removes it for `null`. */
  const optional = <K extends 'displayName' | 'email' | 'absence' | 'totpSecret' | 'totpLastStep'>(user: UserRecord, key: K, value: UserRecord[K] | null | undefined) => {
    if (value === null) delete user[key];
    else if (value !== undefined) user[key] = value;
  };
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
    async listUsersWithRole(role) {
      return (await this.listUsers()).filter((user) => user.roles.includes(role));
    },
    async spendTotpStep(userId, step) {
      const user = users.get(userId);
      if (!user || (user.totpLastStep !== undefined && user.totpLastStep >= step)) return false;
      user.totpLastStep = step;
      return true;
    },
    async listUsersDelegatingTo(delegateId) {
      return (await this.listUsers()).filter((user) => user.absence?.delegateId === delegateId);
    },
    async updateUser(id: string, change: UserChange) {
      const user = users.get(id);
      if (!user) return undefined;
      const updated: UserRecord = {
        ...copyUser(user),
        roles: change.roles ? [...change.roles] : user.roles,
        units: change.units ? [...change.units] : user.units,
        totpEnabled: change.totpEnabled ?? user.totpEnabled,
        disabled: change.disabled ?? user.disabled,
        passwordHash: change.passwordHash ?? user.passwordHash,
      };
      optional(updated, 'displayName', change.displayName);
      optional(updated, 'email', change.email);
      optional(updated, 'absence', change.absence && { ...change.absence });
      optional(updated, 'totpSecret', change.totpSecret);
      optional(updated, 'totpLastStep', change.totpLastStep);
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

    async getDirectory() {
      const sorted = [...units.values()].sort((a, b) => a.id.localeCompare(b.id)).map((unit) => ({ ...unit }));
      return { units: sorted, cityRoles: [...cityRoles], supervisorRoles: [...supervisorRoles] };
    },
    async createUnit(unit) {
      if (units.has(unit.id)) throw new CaseflowError('conflict', `There is already a unit '${unit.id}'.`);
      units.set(unit.id, { id: unit.id, label: unit.label });
      return { ...unit };
    },
    async updateUnit(id, change) {
      const unit = units.get(id);
      if (!unit) return undefined;
      unit.label = change.label;
      return { ...unit };
    },
    async replaceDirectory(directory: OrgDirectory) {
      const kept = new Set(directory.units.map((unit) => unit.id));
      const stranded = [...users.values()].flatMap((user) => user.units.filter((unit) => !kept.has(unit)).map((unit) => `${unit} (${user.username})`));
      if (stranded.length > 0) {
        throw new CaseflowError('invalid-input', `Units still held by users cannot be left out: ${stranded.join(', ')}.`, {
          details: [{ field: 'units', message: `still held by users: ${stranded.join(', ')}` }],
        });
      }
      units.clear();
      for (const unit of directory.units) units.set(unit.id, { id: unit.id, label: unit.label });
      cityRoles = [...directory.cityRoles];
      supervisorRoles = [...directory.supervisorRoles];
    },
  };
}
