/**
 * Creating and changing users: the checks shared by the API, the CLI and the first start.
 */
import type { AccountStore, UserRecord } from '../../engine/accounts/types.js';
import { CaseflowError, type FieldError } from '../../engine/errors.js';
import { hashPassword } from './passwords.js';
import { roleProblems } from './roles.js';
import { newId } from './secrets.js';

/** A user as the API shows it: never the password hash. */
export interface PublicUser {
  id: string;
  username: string;
  roles: string[];
  createdAt: number;
  disabled: boolean;
}

/** What it takes to create a user. */
export interface NewUser {
  username: string;
  password: string;
  roles: string[];
}

const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;
/** Shortest password accepted. */
const MIN_PASSWORD_LENGTH = 10;
const MAX_PASSWORD_LENGTH = 1024;

/** The user without secrets. */
export function publicUser(user: UserRecord): PublicUser {
  return { id: user.id, username: user.username, roles: [...user.roles], createdAt: user.createdAt, disabled: user.disabled };
}

/** Problems of a password (`[]` when acceptable). */
export function passwordProblems(password: unknown): FieldError[] {
  if (typeof password !== 'string') return [{ field: 'password', message: 'is required and must be a string' }];
  if (password.length < MIN_PASSWORD_LENGTH) return [{ field: 'password', message: `must be at least ${MIN_PASSWORD_LENGTH} characters` }];
  if (password.length > MAX_PASSWORD_LENGTH) return [{ field: 'password', message: `must be at most ${MAX_PASSWORD_LENGTH} characters` }];
  return [];
}

/** Checks a request to create a user; throws `invalid-input` naming each bad field. */
export function checkNewUser(body: Record<string, unknown>, knownRoles: ReadonlySet<string>): NewUser {
  const errors: FieldError[] = [];
  const { username, password, roles } = body;
  if (typeof username !== 'string' || !USERNAME.test(username)) {
    errors.push({ field: 'username', message: 'must be 1-64 letters, digits, ".", "_", "@" or "-", starting with a letter or digit' });
  }
  errors.push(...passwordProblems(password));
  for (const message of roleProblems(roles, knownRoles)) errors.push({ field: 'roles', message });
  if (errors.length > 0 || typeof username !== 'string' || typeof password !== 'string' || !Array.isArray(roles)) {
    throw new CaseflowError('invalid-input', `The user cannot be created: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}.`, { details: errors });
  }
  return { username, password, roles: [...new Set(roles.map(String))] };
}

/** Hashes the password and stores the user (`conflict` when the username is taken). */
export async function addUser(store: AccountStore, user: NewUser, now = Date.now()): Promise<UserRecord> {
  return store.createUser({
    id: newId(),
    username: user.username,
    passwordHash: await hashPassword(user.password),
    roles: user.roles,
    createdAt: now,
    disabled: false,
  });
}

/** Finds a user by id or username; `not-found` otherwise. */
export async function requireUser(store: AccountStore, idOrName: string): Promise<UserRecord> {
  const user = (await store.getUser(idOrName)) ?? (await store.findUserByUsername(idOrName));
  if (!user) throw new CaseflowError('not-found', `No user '${idOrName}'.`);
  return user;
}
