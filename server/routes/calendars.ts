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
import { isJsonRequest, isYamlRequest, parseJsonObject } from '../body.js';
import { getCalendar, getCalendarVersion, listCalendars, publishCalendar, validateCalendar } from '../contract/calendars.js';
import { mount } from '../contract/mount.js';
import { shapeChecker } from '../contract/validate.js';
import type { AppEnv } from '../context.js';
import type { AppDeps } from '../deps.js';
import { checkSourceSize } from '../draft-source.js';
import { RequestProblem } from '../problem.js';
import { fieldProblem } from '../../engine/field-rules.js';

const checkUpload = shapeChecker(validateCalendar.body, 'calendar upload');

/** A calendar version without its YAML, for lists. */
function summary({ yaml: _yaml, ...rest }: CalendarVersionRecord) {
  return rest;
}

/** `{yaml, message?}` as JSON, or the YAML text itself (`?message=` then). */
async function readUpload(c: Context<AppEnv>, yamlLimit: number, message: string | undefined): Promise<{ yaml: string; message?: string }> {
  let upload: { yaml: string; message?: string };
  if (isYamlRequest(c)) {
    upload = { yaml: await c.req.text(), message };
  } else if (isJsonRequest(c)) {
    const body = checkUpload(parseJsonObject(await c.req.text()));
    upload = { yaml: body.yaml, message: body.message };
  } else {
    throw new RequestProblem(415, 'unsupported-media-type', 'Send the calendar as application/yaml text, or as application/json {"yaml": "..."}.', {
      headers: { 'Accept-Post': 'application/yaml, application/json' },
    });
  }
  checkSourceSize(upload.yaml, undefined, yamlLimit);
  if (upload.yaml.trim() === '') throw new CaseflowError('invalid-input', 'The calendar YAML is empty.', { details: [fieldProblem('yaml', 'must not be empty', '不能为空')] });
  return upload;
}

/** Routes of `/api/calendars`. */
export function calendarRoutes(deps: AppDeps): Hono<AppEnv> {
  const { engine, config } = deps;
  const routes = new Hono<AppEnv>();

  mount(routes, listCalendars, async (c) => c.json({ items: (await engine.listCalendars()).map(summary) }));

  mount(routes, validateCalendar, async (c) => {
    const { diagnostics } = parseCalendar((await readUpload(c, config.yamlLimit, undefined)).yaml);
    return c.json({ valid: !diagnostics.some((d) => d.severity === 'error'), diagnostics });
  });

  mount(routes, publishCalendar, async (c, { query }) => {
    const { yaml, message } = await readUpload(c, config.yamlLimit, query.message);
    const record = await engine.publishCalendar({ yaml, message, publishedBy: c.get('principal').username });
    await deps.adminLog.record({ actor: requestActor(c), action: 'calendar.publish', target: record.calendarId, details: { version: record.version, message: record.message } });
    c.header('Location', `/api/calendars/${encodeURIComponent(record.calendarId)}/versions/${record.version}`);
    return c.json(record, 201);
  });

  mount(routes, getCalendar, async (c, { params }) => c.json(await engine.getCalendar(params.id)));

  mount(routes, getCalendarVersion, async (c, { params }) => {
    const version = Number(params.version);
    if (!Number.isInteger(version) || version < 1) throw new CaseflowError('not-found', `There is no version '${params.version}'; versions are whole numbers from 1.`);
    return c.json(await engine.getCalendar(params.id, version));
  });

  return routes;
}
