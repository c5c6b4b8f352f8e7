/**
 * The organisation directory: units (业务单元) and the city-level and supervisor roles.
 * Everyone signed in reads it; administrators change it, one unit at a time or as a whole
 * YAML file (all or nothing).
 */
import { Hono, type Context } from 'hono';
import type { OrgDirectory } from '../../engine/accounts/types.js';
import { CaseflowError } from '../../engine/errors.js';
import { requestActor } from '../admin-audit.js';
import { checkDirectory, checkUnit, directoryYaml, labelProblems, parseDirectoryYaml } from '../auth/directory.js';
import { isJsonRequest, isYamlRequest, parseJsonObject } from '../body.js';
import { mount } from '../contract/mount.js';
import { createUnit, exportDirectory, getDirectory, importDirectory, relabelUnit } from '../contract/people.js';
import type { AppEnv } from '../context.js';
import type { AppDeps } from '../deps.js';
import { RequestProblem } from '../problem.js';
import { assignableRoles } from './users.js';

/** The directory sent as YAML (or JSON), checked; 415 for another content type. */
async function readDirectory(c: Context<AppEnv>, roles: ReadonlySet<string>): Promise<OrgDirectory> {
  if (isJsonRequest(c)) return checkDirectory(parseJsonObject(await c.req.text()), roles);
  if (isYamlRequest(c)) return parseDirectoryYaml(await c.req.text(), roles);
  throw new RequestProblem(415, 'unsupported-media-type', 'Send the directory as application/yaml (or application/json).', { headers: { 'Accept-Put': 'application/yaml, application/json' } });
}

/** Routes of `/api/units` and `/api/org`. */
export function unitRoutes(deps: AppDeps): Hono<AppEnv> {
  const { accounts } = deps;
  const routes = new Hono<AppEnv>();

  mount(routes, getDirectory, async (c) => c.json(await accounts.getDirectory()));

  mount(routes, createUnit, async (c, { body }) => {
    const unit = await accounts.createUnit(checkUnit(body));
    await deps.adminLog.record({ actor: requestActor(c), action: 'unit.create', target: unit.id, details: { label: unit.label } });
    deps.logger.info('unit created', { requestId: c.get('requestId'), by: c.get('principal').username, unit: unit.id });
    c.header('Location', `/api/units/${encodeURIComponent(unit.id)}`);
    return c.json(unit, 201);
  });

  mount(routes, relabelUnit, async (c, { params, body }) => {
    const { id } = params;
    const problems = labelProblems(body.label);
    if (problems.length > 0) {
      throw new CaseflowError('invalid-input', `The change is not valid: ${problems.map((e) => `${e.field} ${e.message}`).join('; ')}.`, { details: problems });
    }
    const unit = await accounts.updateUnit(id, { label: body.label.trim() });
    if (!unit) throw new CaseflowError('not-found', `No unit '${id}'.`);
    await deps.adminLog.record({ actor: requestActor(c), action: 'unit.update', target: unit.id, details: { label: unit.label } });
    deps.logger.info('unit changed', { requestId: c.get('requestId'), by: c.get('principal').username, unit: unit.id });
    return c.json(unit);
  });

  mount(routes, exportDirectory, async (c) => {
    c.header('Content-Type', 'application/yaml; charset=utf-8');
    c.header('Content-Disposition', 'attachment; filename="organisation.yaml"');
    return c.body(directoryYaml(await accounts.getDirectory()));
  });

  mount(routes, importDirectory, async (c) => {
    const directory = await readDirectory(c, await assignableRoles(deps));
    await accounts.replaceDirectory(directory);
    await deps.adminLog.record({ actor: requestActor(c), action: 'org.import', target: 'organisation', details: { units: directory.units.map((unit) => unit.id) } });
    deps.logger.info('directory imported', { requestId: c.get('requestId'), by: c.get('principal').username, units: directory.units.length });
    return c.json(await accounts.getDirectory());
  });

  return routes;
}
