/**
 * Shared business calendars: list the latest of each, read one (a version), validate and publish
 * a new version. Processes name them (`calendar: cn-mainland`) and keep the version they were
 * published with.
 */
import { Hono, type Context } from 'hono';
import { parseCalendar } from '../../engine/dsl/index.js';
import { CaseflowError } from '../../engine/errors.js';
import type { CalendarVersionRecord } from '../../engine/runtime/store.js';
import { requestActor } from '../admin-audit.js';
import { requireRoles } from '../auth/roles.js';
import { FieldCheck, isJsonRequest, parseJsonObject } from '../body.js';
import type { AppEnv } from '../context.js';
import type { AppDeps } from '../deps.js';
import { checkSourceSize } from '../draft-source.js';

/** A calendar version without its YAML, for lists. */
function summary({ yaml: _yaml, ...rest }: CalendarVersionRecord) {
  return rest;
}

/** Routes of `/api/calendars`. */
export function calendarRoutes(deps: AppDeps): Hono<AppEnv> {
  const { engine, config } = deps;
  const routes = new Hono<AppEnv>();

  /** `{yaml, message?}` as JSON, or the YAML text itself (`?message=` then). */
  const readUpload = async (c: Context<AppEnv>): Promise<{ yaml: string; message?: string }> => {
    let upload: { yaml: string; message?: string };
    if (isJsonRequest(c)) {
      const check = new FieldCheck(parseJsonObject(await c.req.text()), 'calendar upload');
      const yaml = check.string('yaml');
      const message = check.string('message', { optional: true, max: 2000 });
      check.done();
      upload = { yaml: yaml ?? '', message };
    } else {
      upload = { yaml: await c.req.text(), message: c.req.query('message') };
    }
    checkSourceSize(upload.yaml, undefined, config.yamlLimit);
    if (upload.yaml.trim() === '') throw new CaseflowError('invalid-input', 'The calendar YAML is empty.', { details: [{ field: 'yaml', message: 'must not be empty' }] });
    return upload;
  };

  routes.get('/calendars', async (c) => c.json({ items: (await engine.listCalendars()).map(summary) }));

  routes.post('/calendars/validate', requireRoles('process-owner', 'admin'), async (c) => {
    const { diagnostics } = parseCalendar((await readUpload(c)).yaml);
    return c.json({ valid: !diagnostics.some((d) => d.severity === 'error'), diagnostics });
  });

  routes.post('/calendars', requireRoles('process-owner'), async (c) => {
    const { yaml, message } = await readUpload(c);
    const record = await engine.publishCalendar({ yaml, message, publishedBy: c.get('principal').username });
    await deps.adminLog.record({ actor: requestActor(c), action: 'calendar.publish', target: record.calendarId, details: { version: record.version, message: record.message } });
    c.header('Location', `/api/calendars/${encodeURIComponent(record.calendarId)}/versions/${record.version}`);
    return c.json(record, 201);
  });

  routes.get('/calendars/:id', async (c) => c.json(await engine.getCalendar(c.req.param('id'))));

  routes.get('/calendars/:id/versions/:version', async (c) => {
    const version = Number(c.req.param('version'));
    if (!Number.isInteger(version) || version < 1) throw new CaseflowError('not-found', `There is no version '${c.req.param('version')}'; versions are whole numbers from 1.`);
    return c.json(await engine.getCalendar(c.req.param('id'), version));
  });

  return routes;
}
