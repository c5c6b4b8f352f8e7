/**
 * Users: administrators list, create and change them; auditors may read the list.
 */
import { Hono } from 'hono';
import { CaseflowError } from '../../engine/errors.js';
import { hashPassword } from '../auth/passwords.js';
import { KNOWN_ROLES, requireRoles, roleProblems } from '../auth/roles.js';
import { addUser, checkNewUser, passwordProblems, publicUser, requireUser } from '../auth/users.js';
import { FieldCheck, readJsonObject } from '../body.js';
import type { AppEnv } from '../context.js';
import { declaredRoles } from '../definitions.js';
import type { AppDeps } from '../deps.js';

/** Every role a user may be given: Caseflow's own and those of published processes. */
async function assignableRoles(deps: AppDeps): Promise<Set<string>> {
  const roles = declaredRoles(await deps.engine.listProcesses());
  for (const role of KNOWN_ROLES) roles.add(role);
  return roles;
}

/** Routes of `/api/users`. */
export function userRoutes(deps: AppDeps): Hono<AppEnv> {
  const { accounts } = deps;
  const routes = new Hono<AppEnv>();
  const readers = requireRoles('admin', 'auditor');
  const admins = requireRoles('admin');

  routes.get('/users', readers, async (c) => {
    const users = await accounts.listUsers();
    return c.json({ items: users.map(publicUser) });
  });

  routes.get('/users/:id', readers, async (c) => c.json(publicUser(await requireUser(accounts, c.req.param('id')))));

  routes.post('/users', admins, async (c) => {
    const input = checkNewUser(await readJsonObject(c), await assignableRoles(deps));
    const user = await addUser(accounts, input);
    deps.logger.info('user created', { requestId: c.get('requestId'), by: c.get('principal').username, user: user.username, roles: user.roles });
    c.header('Location', `/api/users/${encodeURIComponent(user.id)}`);
    return c.json(publicUser(user), 201);
  });

  routes.patch('/users/:id', admins, async (c) => {
    const user = await requireUser(accounts, c.req.param('id'));
    const body = await readJsonObject(c);
    const check = new FieldCheck(body, 'change');
    const roles = check.strings('roles');
    const disabled = check.boolean('disabled');
    const password = body.password === undefined ? undefined : check.string('password');
    if (roles !== undefined) for (const message of roleProblems(roles, await assignableRoles(deps))) check.errors.push({ field: 'roles', message });
    if (password !== undefined) check.errors.push(...passwordProblems(password));
    check.done();
    const self = user.id === c.get('principal').userId;
    if (self && (disabled === true || (roles !== undefined && !roles.includes('admin')))) {
      throw new CaseflowError('conflict', 'You cannot disable yourself or take away your own admin role; ask another administrator.');
    }
    const updated = await accounts.updateUser(user.id, {
      roles: roles && [...new Set(roles)],
      disabled,
      passwordHash: password === undefined ? undefined : await hashPassword(password),
    });
    if (!updated) throw new CaseflowError('not-found', `No user '${user.id}'.`);
    if (disabled === true || password !== undefined) await accounts.deleteUserSessions(user.id);
    deps.logger.info('user changed', { requestId: c.get('requestId'), by: c.get('principal').username, user: user.username, roles, disabled, passwordChanged: password !== undefined });
    return c.json(publicUser(updated));
  });

  return routes;
}
