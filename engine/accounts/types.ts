/**
 * Accounts: the people and systems that may call Caseflow. The server hashes passwords and
 * token secrets before they reach this interface; nothing here ever sees a secret in clear.
 * `engine/store/accounts-store.ts` implements it on the engine's SQLite database.
 */

/** A person (or a system account) who logs in. */
export interface UserRecord {
  id: string;
  /** Unique, case-insensitive login name. */
  username: string;
  /** PHC string of a memory-hard hash (argon2id). */
  passwordHash: string;
  roles: string[];
  createdAt: number;
  disabled: boolean;
  /** Where notifications to this user are mailed. */
  email?: string;
}

/** A cookie session. `id` is the sha256 (hex) of the random cookie value, never the value itself. */
export interface SessionRecord {
  id: string;
  userId: string;
  /** Required in `X-CSRF-Token` on every unsafe request made with this session's cookie. */
  csrfToken: string;
  createdAt: number;
  expiresAt: number;
}

/** An API token for `Authorization: Bearer`. `hash` is the sha256 (hex) of the secret. */
export interface ApiTokenRecord {
  id: string;
  name: string;
  hash: string;
  userId: string;
  /** Roles the token acts with: a subset of its user's roles at creation. */
  roles: string[];
  createdAt: number;
  revokedAt?: number;
}

/** Changes an administrator may make to a user. */
export interface UserChange {
  roles?: string[];
  disabled?: boolean;
  passwordHash?: string;
}

/** Storage of users, sessions and API tokens. Unknown ids resolve to `undefined`, never throw. */
export interface AccountStore {
  /** Adds a user; `conflict` CaseflowError when the username is taken (case-insensitively). */
  createUser(user: UserRecord): Promise<UserRecord>;
  getUser(id: string): Promise<UserRecord | undefined>;
  findUserByUsername(username: string): Promise<UserRecord | undefined>;
  listUsers(): Promise<UserRecord[]>;
  /** Applies a change and returns the updated user (`undefined` when unknown). */
  updateUser(id: string, change: UserChange): Promise<UserRecord | undefined>;

  createSession(session: SessionRecord): Promise<void>;
  getSession(id: string): Promise<SessionRecord | undefined>;
  deleteSession(id: string): Promise<void>;
  /** Logs a user out everywhere (on disable or password change). */
  deleteUserSessions(userId: string): Promise<void>;
  /** Removes sessions that expired before `now`; returns how many. */
  deleteExpiredSessions(now: number): Promise<number>;

  createToken(token: ApiTokenRecord): Promise<void>;
  getToken(id: string): Promise<ApiTokenRecord | undefined>;
  findTokenByHash(hash: string): Promise<ApiTokenRecord | undefined>;
  /** Tokens, newest first; of one user when `userId` is given. */
  listTokens(userId?: string): Promise<ApiTokenRecord[]>;
  /** Marks a token revoked at `at`; returns it (`undefined` when unknown). Revoking twice keeps the first time. */
  revokeToken(id: string, at: number): Promise<ApiTokenRecord | undefined>;
}
