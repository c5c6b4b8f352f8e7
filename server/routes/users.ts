/**
 * Users: administrators create and change them; everyone sees the people of their units
 * (administrators, auditors and city-level roles see everyone); absences are set by the person,
 * a supervisor of their unit, or an administrator.
 */
import { Hono } from 'hono';
import type { AccountStore, UserChange, UserRecord } from '../../engine/accounts/types.js';
import { CaseflowError, type FieldError } from '../../engine/errors.js';
import { recordUserChange, requestActor } from '../admin-audit.js';
import { hashPassword } from '../auth/passwords.js';
import { passwordProblems } from '../auth/password-policy.js';
import { KNOWN_ROLES, roleProblems } from '../auth/roles.js';
import { EVERY_UNIT, managesPerson, seesPerson, shareUnit } from '../auth/scope.js';
import { addUser, checkNewUser, checkProfile, publicUser, requireUser } from '../auth/users.js';
import { mount } from '../contract/mount.js';
import { changeUser, clearAbsence, createUser, getUser, listUsers, setAbsence } from '../contract/people.js';
import type { AppEnv, Principal } from '../context.js';
import { declaredRoles } from '../definitions.js';
import type { AppDeps } from '../deps.js';
import { fieldProblem } from '../../engine/field-rules.js';

/** Every role a user may be given: Caseflow's own and those of published processes. */
export async function assignableRoles(deps: Pick<AppDeps, 'engine'>): Promise<Set<string>> {
  const roles = declaredRoles(await deps.engine.listProcesses());
  for (const role of KNOWN_ROLES) roles.add(role);
  return roles;
}

/** Ids of the units of the directory. */
async function knownUnits(accounts: AccountStore): Promise<Set<string>> {
  return new Set((await accounts.getDirectory()).units.map((unit) => unit.id));
}

/** Id -> username of every user, to name delegates. */
async function usernames(accounts: AccountStore): Promise<Map<string, string>> {
  return new Map((await accounts.listUsers()).map((user) => [user.id, user.username]));
}

/** True when the caller sees `user`: themselves, or someone within their scope. */
function sees(principal: Principal, user: UserRecord): boolean {
  return user.id === principal.userId || seesPerson(principal.scope ?? EVERY_UNIT, user);
}

/** The user `idOrName` if the caller sees them; `not-found` otherwise, so what is out of scope does not exist. */
async function visibleUser(accounts: AccountStore, principal: Principal, idOrName: string): Promise<UserRecord> {
  const user = await requireUser(accounts, idOrName);
  if (!sees(principal, user)) throw new CaseflowError('not-found', `No user '${idOrName}'.`);
  return user;
}

/** An instant given as epoch milliseconds or an ISO date-time. */
function instant(value: number | string | undefined, field: string, errors: FieldError[]): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return Date.parse(value);
  errors.push({ field, message: value === undefined ? 'is required' : 'must be an ISO date-time or epoch milliseconds' });
  return undefined;
}

/** Throws `invalid-input` with every problem found, if any. */
function refuseFields(what: string, errors: FieldError[]): void {
  if (errors.length > 0) throw new CaseflowError('invalid-input', `The ${what} is not valid: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}.`, { details: errors });
}

/** Routes of `/api/users`. */
export function userRoutes(deps: AppDeps): Hono<AppEnv> {
  const { accounts, config } = deps;
  const routes = new Hono<AppEnv>();

  mount(routes, listUsers, async (c) => {
    const users = await accounts.listUsers();
    const names = new Map(users.map((user) => [user.id, user.username]));
    const principal = c.get('principal');
    const visible = users.filter((user) => sees(principal, user));
    const directory = await accounts.getDirectory();
    const manager = { id: principal.userId, roles: principal.roles, units: principal.units };
    const manageable = visible.filter((user) => managesPerson(manager, user, directory)).map((user) => user.id);
    return c.json({ items: visible.map((user) => publicUser(user, names)), manageable });
  });

  mount(routes, getUser, async (c, { params }) => {
    const user = await visibleUser(accounts, c.get('principal'), params.id);
    return c.json(publicUser(user, await usernames(accounts)));
  });

  mount(routes, createUser, async (c, { body }) => {
    const input = checkNewUser(body, { roles: await assignableRoles(deps), units: await knownUnits(accounts), minPasswordLength: config.passwordMinLength });
    const user = await addUser(accounts, input);
    await deps.adminLog.record({ actor: requestActor(c), action: 'user.create', target: user.username, details: { userId: user.id, roles: user.roles, units: user.units } });
    deps.logger.info('user created', { requestId: c.get('requestId'), by: c.get('principal').username, user: user.username, roles: user.roles, units: user.units });
    c.header('Location', `/api/users/${encodeURIComponent(user.id)}`);
    return c.json(publicUser(user), 201);
  });

  mount(routes, changeUser, async (c, { params, body }) => {
    const user = await requireUser(accounts, params.id);
    const { roles, disabled, totp, password } = body;
    const errors: FieldError[] = [];
    if (roles !== undefined) for (const message of roleProblems(roles, await assignableRoles(deps))) errors.push({ field: 'roles', message });
    if (password !== undefined) errors.push(...passwordProblems(password, { username: user.username, minLength: config.passwordMinLength }));
    if (totp === true) errors.push(fieldProblem('totp', 'can only be turned off here (false); people turn it on themselves with POST /api/session/totp', '此处只能关闭（false）；两步验证由本人在账户设置中开启'));
    const profile = checkProfile(body, await knownUnits(accounts), errors);
    refuseFields('change', errors);
    const self = user.id === c.get('principal').userId;
    if (self && (disabled === true || (roles !== undefined && !roles.includes('admin')))) {
      throw new CaseflowError('conflict', 'You cannot disable yourself or take away your own admin role; ask another administrator.');
    }
    const change: UserChange = {
      roles: roles && [...new Set(roles)],
      disabled,
      passwordHash: password === undefined ? undefined : await hashPassword(password),
      ...profile,
      ...(totp === false ? { totpEnabled: false, totpSecret: null, totpLastStep: null } : {}),
    };
    const updated = await accounts.updateUser(user.id, change);
    if (!updated) throw new CaseflowError('not-found', `No user '${user.id}'.`);
    if (disabled === true || password !== undefined || totp === false) await accounts.deleteUserSessions(user.id);
    await recordUserChange(deps.adminLog, requestActor(c), user, updated, { passwordChanged: password !== undefined, totpReset: totp === false });
    deps.logger.info('user changed', {
      requestId: c.get('requestId'), by: c.get('principal').username, user: user.username, roles, disabled, units: profile.units,
      passwordChanged: password !== undefined, totpReset: totp === false,
    });
    return c.json(publicUser(updated, await usernames(accounts)));
  });

  mount(routes, setAbsence, async (c, { params, body }) => {
    const principal = c.get('principal');
    const user = await visibleUser(accounts, principal, params.id);
    const directory = await accounts.getDirectory();
    requireManager(principal, user, directory);
    const errors: FieldError[] = [];
    const from = instant(body.from, 'from', errors);
    const until = instant(body.until, 'until', errors);
    const delegateName = body.delegate?.trim() === '' ? undefined : body.delegate;
    if (delegateName === undefined) errors.push(fieldProblem('delegate', 'is required', '此项必填'));
    const { reason } = body;
    if (from !== undefined && until !== undefined && until <= from) errors.push(fieldProblem('until', 'must be later than from', '须晚于开始时间'));
    else if (until !== undefined && until <= deps.engine.clock.now()) errors.push(fieldProblem('until', 'must be in the future', '须为将来的时间'));
    const delegate = delegateName === undefined ? undefined : await accounts.getUser(delegateName) ?? await accounts.findUserByUsername(delegateName);
    if (delegateName !== undefined) errors.push(...delegateProblems(user, delegate, delegateName));
    refuseFields('absence', errors);
    if (from === undefined || until === undefined || delegate === undefined) throw new CaseflowError('invalid-input', 'from, until and delegate are required');
    const updated = await accounts.updateUser(user.id, { absence: { from, until, delegateId: delegate.id, ...(reason === undefined ? {} : { reason }) } });
    if (!updated) throw new CaseflowError('not-found', `No user '${user.id}'.`);
    await deps.adminLog.record({ actor: requestActor(c), action: 'user.absence', target: user.username, details: { userId: user.id, from, until, delegate: delegate.username } });
    deps.logger.info('absence set', { requestId: c.get('requestId'), by: principal.username, user: user.username, delegate: delegate.username, from, until });
    return c.json(publicUser(updated, await usernames(accounts)));
  });

  mount(routes, clearAbsence, async (c, { params }) => {
    const principal = c.get('principal');
    const user = await visibleUser(accounts, principal, params.id);
    requireManager(principal, user, await accounts.getDirectory());
    await accounts.updateUser(user.id, { absence: null });
    await deps.adminLog.record({ actor: requestActor(c), action: 'user.absence', target: user.username, details: { userId: user.id, cleared: true } });
    deps.logger.info('absence cleared', { requestId: c.get('requestId'), by: principal.username, user: user.username });
    return c.body(null, 204);
  });

  return routes;
}

/** Refuses (403) a caller who may not manage `user`'s absence. */
function requireManager(principal: Principal, user: UserRecord, directory: Awaited<ReturnType<AccountStore['getDirectory']>>): void {
  if (managesPerson({ id: principal.userId, roles: principal.roles, units: principal.units }, user, directory)) return;
  throw new CaseflowError('role-not-allowed', `Only ${user.username}, an administrator, or a supervisor of their unit (${directory.supervisorRoles.join(', ')}) may set their absence.`, {
    details: { required: ['admin', ...directory.supervisorRoles, ...directory.cityRoles] },
  });
}

/** Why `delegate` cannot act for `user` (`[]` when they can). */
function delegateProblems(user: UserRecord, delegate: UserRecord | undefined, name: string): FieldError[] {
  if (!delegate) return [fieldProblem('delegate', `there is no user '${name}'`, `没有用户“${name}”`)];
  if (delegate.id === user.id) return [fieldProblem('delegate', 'must be someone else than the absent person', '须为请假人以外的其他人')];
  if (delegate.disabled) return [fieldProblem('delegate', `'${delegate.username}' is disabled`, `“${delegate.username}”已停用`)];
  if (!shareUnit(user, delegate)) return [fieldProblem('delegate', `'${delegate.username}' shares no unit with ${user.username}`, `“${delegate.username}”与 ${user.username} 不在同一业务单元`)];
  return [];
}
