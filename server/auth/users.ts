/**
 * Creating and changing users: the checks shared by the API, the CLI and the first start.
 */
import type { Absence, AccountStore, UserRecord } from '../../engine/accounts/types.js';
import { CaseflowError, type FieldError } from '../../engine/errors.js';
import { hashPassword } from './passwords.js';
import { passwordProblems } from './password-policy.js';
import { roleProblems } from './roles.js';
import { newId } from './secrets.js';
import { fieldProblem } from '../../engine/field-rules.js';

/** A user as the API shows it: never the password hash nor the TOTP secret. */
export interface PublicUser {
  id: string;
  username: string;
  roles: string[];
  units: string[];
  displayName?: string;
  email?: string;
  absence?: Absence & { delegate?: string };
  /** Whether logging in needs a code from an authenticator app. */
  totp: boolean;
  createdAt: number;
  disabled: boolean;
}

/** What it takes to create a user. */
export interface NewUser {
  username: string;
  password: string;
  roles: string[];
  units?: string[];
  displayName?: string;
  email?: string;
}

/** The profile fields a user is created with or changed by. */
export interface ProfileFields {
  units?: string[];
  displayName?: string | null;
  email?: string | null;
}

const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;
/** A mail address as staff mail needs it: one @, a dot in the domain, no spaces or brackets. */
const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;
const MAX_EMAIL_LENGTH = 254;
const MAX_DISPLAY_NAME_LENGTH = 100;

/** The user without secrets; `usernames` (id -> username) names the delegate of an absence. */
export function publicUser(user: UserRecord, usernames?: ReadonlyMap<string, string>): PublicUser {
  const shown: PublicUser = {
    id: user.id,
    username: user.username,
    roles: [...user.roles],
    units: [...user.units],
    totp: user.totpEnabled,
    createdAt: user.createdAt,
    disabled: user.disabled,
  };
  if (user.displayName !== undefined) shown.displayName = user.displayName;
  if (user.email !== undefined) shown.email = user.email;
  if (user.absence !== undefined) shown.absence = { ...user.absence, delegate: usernames?.get(user.absence.delegateId) };
  return shown;
}

/** Problems of a list of unit ids given the units that exist (`[]` when fine). */
export function unitProblems(units: unknown, known: ReadonlySet<string>): FieldError[] {
  if (!Array.isArray(units) || units.some((unit) => typeof unit !== 'string')) return [fieldProblem('units', 'must be a list of unit ids', '须为业务单元编号的列表')];
  return units.filter((unit: string) => !known.has(unit)).map((unit: string) => fieldProblem('units', `unknown unit '${unit}'`, `没有业务单元“${unit}”`));
}

/** Checks the optional profile fields of `body` (`units`, `displayName`, `email`; `null` clears the last two), adding problems to `errors`. */
export function checkProfile(body: Record<string, unknown>, knownUnits: ReadonlySet<string>, errors: FieldError[]): ProfileFields {
  const fields: ProfileFields = {};
  if (body.units !== undefined) {
    const problems = unitProblems(body.units, knownUnits);
    errors.push(...problems);
    if (problems.length === 0 && Array.isArray(body.units)) fields.units = [...new Set(body.units.map(String))];
  }
  const { displayName, email } = body;
  if (displayName === null || displayName === '') fields.displayName = null;
  else if (displayName !== undefined) {
    if (typeof displayName !== 'string' || displayName.trim() === '') errors.push(fieldProblem('displayName', 'must be a non-empty string', '不能为空'));
    else if (displayName.length > MAX_DISPLAY_NAME_LENGTH) errors.push(fieldProblem('displayName', `must be at most ${MAX_DISPLAY_NAME_LENGTH} characters`, `最多 ${MAX_DISPLAY_NAME_LENGTH} 个字符`));
    else fields.displayName = displayName.trim();
  }
  if (email === null || email === '') fields.email = null;
  else if (email !== undefined) {
    if (typeof email !== 'string' || email.length > MAX_EMAIL_LENGTH || !EMAIL.test(email.trim())) {
      errors.push(fieldProblem('email', 'must be a mail address such as li.na@example.com', '须为电子邮件地址，例如 li.na@example.com'));
    } else fields.email = email.trim();
  }
  return fields;
}

/** What new users are checked against. */
export interface NewUserRules {
  roles: ReadonlySet<string>;
  units: ReadonlySet<string>;
  minPasswordLength?: number;
}

/** Checks a request to create a user; throws `invalid-input` naming each bad field. */
export function checkNewUser(body: Record<string, unknown>, rules: NewUserRules): NewUser {
  const errors: FieldError[] = [];
  const { username, password, roles } = body;
  if (typeof username !== 'string' || !USERNAME.test(username)) {
    errors.push(fieldProblem('username', 'must be 1-64 letters, digits, ".", "_", "@" or "-", starting with a letter or digit', '须为 1–64 个字母、数字或 . _ @ -，并以字母或数字开头'));
  }
  errors.push(...passwordProblems(password, { username: typeof username === 'string' ? username : undefined, minLength: rules.minPasswordLength }));
  for (const message of roleProblems(roles, rules.roles)) errors.push({ field: 'roles', message });
  const profile = checkProfile(body, rules.units, errors);
  if (errors.length > 0 || typeof username !== 'string' || typeof password !== 'string' || !Array.isArray(roles)) {
    throw new CaseflowError('invalid-input', `The user cannot be created: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}.`, { details: errors });
  }
  return {
    username,
    password,
    roles: [...new Set(roles.map(String))],
    units: profile.units,
    displayName: profile.displayName ?? undefined,
    email: profile.email ?? undefined,
  };
}

/** Hashes the password and stores the user (`conflict` when the username is taken). */
export async function addUser(store: AccountStore, user: NewUser, now = Date.now()): Promise<UserRecord> {
  const record: UserRecord = {
    id: newId(),
    username: user.username,
    passwordHash: await hashPassword(user.password),
    roles: user.roles,
    units: user.units ?? [],
    totpEnabled: false,
    createdAt: now,
    disabled: false,
  };
  if (user.displayName !== undefined) record.displayName = user.displayName;
  if (user.email !== undefined) record.email = user.email;
  return store.createUser(record);
}

/** The absence of `user` in force at `now` (from its start up to, not including, its end), if any. */
export function absenceAt(user: Pick<UserRecord, 'absence'>, now: number): Absence | undefined {
  const absence = user.absence;
  return absence && absence.from <= now && now < absence.until ? absence : undefined;
}

/** Finds a user by id or username; `not-found` otherwise. */
export async function requireUser(store: AccountStore, idOrName: string): Promise<UserRecord> {
  const user = (await store.getUser(idOrName)) ?? (await store.findUserByUsername(idOrName));
  if (!user) throw new CaseflowError('not-found', `No user '${idOrName}'.`);
  return user;
}
