/**
 * The declared data: the data schema and every event input schema are valid JSON Schemas, each
 * tier table is keyed by a declared data field, and calendars are well-formed.
 */
import { Ajv } from 'ajv';
import type { CheckContext } from './check-context.js';
import type { DocPath } from './source-map.js';
import { linearRegExpEngine, regExpProblem } from './regex-safety.js';
import { addSchemaFormats } from './schema-formats.js';
import { propertiesOf } from './schema-properties.js';
import { didYouMean } from './suggest.js';

/** Reports invalid JSON Schemas, tier fields that are not data fields, and bad calendars. */
export function checkData(context: CheckContext): void {
  checkSchemas(context);
  checkTiers(context);
  checkCalendars(context);
}

function schemaCompiler(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: false, code: { regExp: linearRegExpEngine } });
  addSchemaFormats(ajv);
  return ajv;
}

function checkSchemas(context: CheckContext): void {
  const ajv = schemaCompiler();
  const check = (schema: unknown, path: DocPath, what: string): void => {
    // A pattern RE2 cannot run is reported at the pattern; ajv would only say the schema failed.
    if (reportUnusablePatterns(context, schema, path)) return;
    try {
      ajv.compile(typeof schema === 'object' && schema !== null ? schema : {});
    } catch (error) {
      const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
      context.report(path, 'error', `${what} is not a valid JSON Schema: ${message}`, { key: true });
    }
  };
  check(context.definition.data, ['data'], 'data');
  const properties = Object.keys(propertiesOf(context.definition.data) ?? {});
  const required: unknown = Reflect.get(context.definition.data, 'required');
  if (Array.isArray(required)) {
    required.forEach((field, index) => {
      if (typeof field === 'string' && !properties.includes(field)) {
        context.report(['data', 'required', index], 'error', `required field '${field}' is not declared in data.properties${didYouMean(field, properties)}`);
      }
    });
  }
  for (const { event, path, name } of context.sites.events) {
    if (event.input !== undefined) {
      check(event.input, [...path, 'input'], `input of event '${name}'`);
    }
  }
}

/** Reports every `pattern` (and `patternProperties` key) in a schema that RE2 cannot run; true if any. */
function reportUnusablePatterns(context: CheckContext, schema: unknown, path: DocPath): boolean {
  if (Array.isArray(schema)) {
    return schema.map((item, index) => reportUnusablePatterns(context, item, [...path, index])).includes(true);
  }
  if (typeof schema !== 'object' || schema === null) return false;
  let found = false;
  for (const [key, value] of Object.entries(schema)) {
    const problem = key === 'pattern' && typeof value === 'string' ? regExpProblem(value) : undefined;
    if (problem !== undefined) {
      context.report([...path, key], 'error', problem);
      found = true;
    }
    if (key === 'patternProperties' && typeof value === 'object' && value !== null) {
      for (const name of Object.keys(value)) {
        const nameProblem = regExpProblem(name);
        if (nameProblem === undefined) continue;
        context.report([...path, key, name], 'error', nameProblem, { key: true });
        found = true;
      }
    }
    if (reportUnusablePatterns(context, value, [...path, key])) found = true;
  }
  return found;
}

function checkTiers(context: CheckContext): void {
  const properties = propertiesOf(context.definition.data) ?? {};
  for (const [name, table] of Object.entries(context.definition.tiers ?? {})) {
    const path: DocPath = ['tiers', name];
    if (!Object.hasOwn(properties, table.field)) {
      context.report([...path, 'field'], 'error', `tier '${name}' is keyed by '${table.field}', which is not a data field declared in data.properties${didYouMean(table.field, Object.keys(properties))}`);
      continue;
    }
    const values: unknown = Reflect.get(Object(properties[table.field]), 'enum');
    const rows = Object.keys(table.rows);
    if (Array.isArray(values) && (values.length !== rows.length || rows.some((row) => !values.includes(row)))) {
      context.report([...path, 'rows'], 'warning', `rows of tier '${name}' (${rows.join(', ')}) differ from the values of data.${table.field} (${values.join(', ')})`, { key: true });
    }
  }
}

function checkCalendars(context: CheckContext): void {
  checkTimeZone(context);
  for (const [name, calendar] of Object.entries(context.definition.calendars ?? {})) {
    const path: DocPath = ['calendars', name];
    if (!isTimeZone(calendar.timezone)) {
      context.report([...path, 'timezone'], 'error', `'${calendar.timezone}' is not an IANA time zone (such as Asia/Shanghai)`);
    }
    if (calendar.workHours.start >= calendar.workHours.end) {
      context.report([...path, 'workHours'], 'error', `work hours end (${calendar.workHours.end}) must be after they start (${calendar.workHours.start})`, { key: true });
    }
    for (const key of ['holidays', 'makeupWorkdays'] as const) {
      (calendar[key] ?? []).forEach((date, index) => {
        if (!isRealDate(date)) context.report([...path, key, index], 'error', `'${date}' is not a real date`);
      });
    }
  }
}

/** The process's own zone is a real one, and is not silently overruled by a calendar's. */
function checkTimeZone(context: CheckContext): void {
  const { timezone, calendars = {}, calendar } = context.definition;
  if (timezone === undefined) return;
  if (!isTimeZone(timezone)) {
    context.report(['timezone'], 'error', `'${timezone}' is not an IANA time zone (such as Asia/Shanghai)`);
    return;
  }
  const name = calendar !== undefined && Object.hasOwn(calendars, calendar) ? calendar : Object.keys(calendars)[0];
  const zone = name === undefined ? undefined : calendars[name].timezone;
  if (zone !== undefined && zone !== timezone) {
    context.report(['timezone'], 'warning', `templates show times in ${zone}, the zone of calendar '${name}', not in ${timezone}: a process with calendars takes its zone from its default calendar`);
  }
}

/** Whether `zone` is an IANA time zone the runtime knows. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Whether `date` (YYYY-MM-DD) is a day of the calendar. */
export function isRealDate(date: string): boolean {
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(date);
}
