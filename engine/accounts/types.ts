/**
 * Accounts: the people and systems that may call Caseflow, and the organisation directory they
 * belong to. The server hashes passwords and token secrets before they reach this interface;
 * nothing here ever sees a password or a token in clear.
 * `engine/store/sqlite/accounts-store.ts` implements it on the engine's SQLite database.
 */

/** A time someone is away, and who acts for them meanwhile. Times are epoch milliseconds. */
export interface Absence {
  from: number;
  until: number;
  /** Id of the user who takes over their work. */
  delegateId: string;
  reason?: string;
}

/** A person (or a system account) who logs in. */
export interface UserRecord {
  id: string;
  /** Unique, case-insensitive login name. */
  username: string;
  /** PHC string of a memory-hard hash (argon2id). */
  passwordHash: string;
  roles: string[];
  /** Ids of the units (业务单元) the user belongs to. */
  units: string[];
  displayName?: string;
  /** Where staff mail to this user goes; mail is only ever sent to stored addresses. */
  email?: string;
  absence?: Absence;
  /**
   * Base32 TOTP secret. Kept as it is (not hashed) because the server must read it to compute
   * the expected code; it exists only once the user started enrolment.
   */
  totpSecret?: string;
  /** True once enrolment was confirmed with a first code: logins then need a code. */
  totpEnabled: boolean;
  /** The 30-second step of the last code accepted: a code is accepted once, never again. */
  totpLastStep?: number;
  createdAt: number;
  disabled: boolean;
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
  /** After this time the token is refused; tokens issued before expiry existed have none. */
  expiresAt?: number;
  revokedAt?: number;
}

/** Changes to a user; `null` clears an optional field. */
export interface UserChange {
  roles?: string[];
  units?: string[];
  displayName?: string | null;
  email?: string | null;
  absence?: Absence | null;
  totpSecret?: string | null;
  totpEnabled?: boolean;
  totpLastStep?: number | null;
  disabled?: boolean;
  passwordHash?: string;
}

/** A unit of the organisation (业务单元): a county branch, a department. */
export interface Unit {
  /** kebab-case id: `east-district`. */
  id: string;
  /** Bilingual label, Chinese first: `东城区分公司 East district`. */
  label: string;
}

/** The organisation directory: its units and which roles reach across units. */
export interface OrgDirectory {
  units: Unit[];
  /** Roles that work at city level and see every unit. */
  cityRoles: string[];
  /** Roles that manage the people of their units (absences, delegates). */
  supervisorRoles: string[];
}

/** Storage of users, sessions, API tokens and the organisation directory. Unknown ids resolve to `undefined`, never throw. */
export interface AccountStore {
  /** Adds a user; `conflict` CaseflowError when the username is taken (case-insensitively). */
  createUser(user: UserRecord): Promise<UserRecord>;
  getUser(id: string): Promise<UserRecord | undefined>;
  findUserByUsername(username: string): Promise<UserRecord | undefined>;
  listUsers(): Promise<UserRecord[]>;
  /** Users holding `role`, by username, with their units and absence. */
  listUsersWithRole(role: string): Promise<UserRecord[]>;
  /**
   * Records that the TOTP code of `step` was used by `userId`, if no code of that step or a later
   * one was: true when recorded, false for a code already spent (a replay). One atomic step.
   */
  spendTotpStep(userId: string, step: number): Promise<boolean>;
  /** Users whose stored absence names `delegateId` as their delegate (whether it is in force or not). */
  listUsersDelegatingTo(delegateId: string): Promise<UserRecord[]>;
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

  /** The units (by id) and the city-level and supervisor roles (the defaults until set). */
  getDirectory(): Promise<OrgDirectory>;
  /** Adds a unit; `conflict` when its id is taken. */
  createUnit(unit: Unit): Promise<Unit>;
  /** Changes a unit's label; `undefined` when unknown. */
  updateUnit(id: string, change: { label: string }): Promise<Unit | undefined>;
  /** Replaces the whole directory in one transaction: units absent from `directory` are removed. */
  replaceDirectory(directory: OrgDirectory): Promise<void>;
}

/** City-level roles until the directory names others. */
export const DEFAULT_CITY_ROLES: readonly string[] = ['cs-director', 'general-manager'];

/** Supervisor roles until the directory names others. */
export const DEFAULT_SUPERVISOR_ROLES: readonly string[] = ['team-lead', 'center-manager'];
