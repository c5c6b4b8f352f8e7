/**
 * Checks a parsed process against `schema/process.schema.json` and turns ajv's errors into
 * diagnostics at the offending node: an unknown key at that key, a missing key at its parent.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import calendarSchema from '../../schema/calendar.schema.json' with { type: 'json' };
import processSchema from '../../schema/process.schema.json' with { type: 'json' };
import type { Diagnostic } from './diagnostic.js';
import { linearRegExpEngine } from './regex-safety.js';
import type { DocPath, PathLocator } from './source-map.js';
import { closest } from './suggest.js';
import type { CalendarDefinition, ProcessDefinition } from './types.js';

let compiled: ValidateFunction<ProcessDefinition> | undefined;
let compiledCalendar: ValidateFunction<SharedCalendarFile> | undefined;

function createAjv(): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    verbose: true,
    strictSchema: true,
    strictTypes: true,
    strictTuples: true,
    strictRequired: false,
    allowUnionTypes: true,
    code: { regExp: linearRegExpEngine },
  });
  // Annotations the schema carries for our messages: what a value must look like.
  ajv.addKeyword('x-expected');
  ajv.addKeyword('x-alternatives');
  return ajv;
}

/** The compiled validator of the language schema (compiled once). */
function processValidator(): ValidateFunction<ProcessDefinition> {
  compiled ??= createAjv().compile<ProcessDefinition>(processSchema);
  return compiled;
}

/** A shared calendar file: a calendar with its name (`calendars/<id>.yaml`). */
export type SharedCalendarFile = CalendarDefinition & { id: string; name: string };

/** Checks the shape of a shared calendar file; diagnostics point into the YAML. */
export function checkCalendarSchema(value: unknown, locator: PathLocator): { calendar?: SharedCalendarFile; diagnostics: Diagnostic[] } {
  compiledCalendar ??= createAjv().compile<SharedCalendarFile>(calendarSchema);
  const validate = compiledCalendar;
  if (validate(value)) return { calendar: value, diagnostics: [] };
  return { diagnostics: dedupe(relevantErrors(validate.errors ?? []).map((error) => toDiagnostic(error, locator))) };
}

/** The outcome of the schema check: the typed definition when the shape is right. */
export interface SchemaCheck {
  definition?: ProcessDefinition;
  diagnostics: Diagnostic[];
}

/** Checks the shape of a process; diagnostics point into the YAML. */
export function checkSchema(value: unknown, locator: PathLocator): SchemaCheck {
  const validate = processValidator();
  if (validate(value)) return { definition: value, diagnostics: [] };
  const errors = relevantErrors(validate.errors ?? []);
  return { diagnostics: dedupe(errors.map((error) => toDiagnostic(error, locator))) };
}

/**
 * Drops errors that only restate others, and the per-branch `required` errors of a oneOf/anyOf
 * (the combinator's own error says it better).
 */
function relevantErrors(errors: ErrorObject[]): ErrorObject[] {
  const combinators = errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf');
  // A value of the wrong type can fail several nested `type`s; keep the most telling one.
  const typeErrors = new Map<string, ErrorObject>();
  for (const error of errors) {
    if (error.keyword !== 'type') continue;
    const kept = typeErrors.get(error.instancePath);
    if (kept === undefined || (annotation(kept.parentSchema, 'x-expected') === undefined && annotation(error.parentSchema, 'x-expected') !== undefined)) {
      typeErrors.set(error.instancePath, error);
    }
  }
  return errors.filter((error) => {
    if (error.keyword === 'type' && typeErrors.get(error.instancePath) !== error) return false;
    // `if` wraps a failing then/else, `propertyNames` a failing name: the inner error says more.
    if (error.keyword === 'if' || error.keyword === 'propertyNames') return false;
    return !combinators.some(
      (c) => c !== error && c.instancePath === error.instancePath && error.schemaPath.startsWith(`${c.schemaPath}/`),
    );
  });
}

/** Splits an ajv JSON pointer into path segments (list indices as numbers). */
function pointerToPath(pointer: string): Array<string | number> {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
}

function annotation(schema: unknown, keyword: string): string | undefined {
  if (typeof schema !== 'object' || schema === null || !(keyword in schema)) return undefined;
  const value: unknown = Reflect.get(schema, keyword);
  return typeof value === 'string' ? value : undefined;
}

function stringParam(error: ErrorObject, name: string): string {
  const value: unknown = Reflect.get(error.params, name);
  return typeof value === 'string' ? value : String(value);
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping (key: value)',
  null: 'empty',
};

function describeType(type: unknown): string {
  const types = Array.isArray(type) ? type : [type];
  return types.map((t) => TYPE_NAMES[String(t)] ?? String(t)).join(' or ');
}

function allowedKeys(schema: unknown): string[] {
  if (typeof schema !== 'object' || schema === null) return [];
  const properties: unknown = Reflect.get(schema, 'properties');
  return typeof properties === 'object' && properties !== null ? Object.keys(properties) : [];
}

function toDiagnostic(error: ErrorObject, locator: PathLocator): Diagnostic {
  const path: DocPath = pointerToPath(error.instancePath);
  const expected = annotation(error.parentSchema, 'x-expected');
  const here = (message: string, options: { key?: boolean } = {}): Diagnostic =>
    locator.diagnostic(path, 'error', message, options);

  switch (error.keyword) {
    case 'additionalProperties': {
      const key = stringParam(error, 'additionalProperty');
      const allowed = allowedKeys(error.parentSchema);
      const hint = closest(key, allowed);
      const suffix = hint ? ` (did you mean '${hint}'?)` : allowed.length > 0 ? ` (allowed: ${allowed.join(', ')})` : '';
      return locator.diagnostic([...path, key], 'error', `unknown key '${key}'${suffix}`, { key: true });
    }
    case 'required':
      return here(`missing required key '${stringParam(error, 'missingProperty')}'`, { key: true });
    case 'dependencies':
      return here(`'${stringParam(error, 'property')}' needs '${stringParam(error, 'missingProperty')}' beside it`, { key: true });
    case 'type':
      return here(`must be ${expected ?? describeType(Reflect.get(error.params, 'type'))}`);
    case 'pattern':
    case 'const':
    case 'enum': {
      if (error.propertyName !== undefined) {
        const name = error.propertyName;
        return locator.diagnostic([...path, name], 'error', `'${name}' is not ${expected ?? 'an allowed name'}`, { key: true });
      }
      if (expected) return here(`'${String(error.data)}' is not ${expected}`);
      if (error.keyword === 'enum') {
        const values: unknown = Reflect.get(error.params, 'allowedValues');
        return here(`must be one of: ${Array.isArray(values) ? values.join(', ') : ''}`);
      }
      if (error.keyword === 'const') return here(`must be '${String(Reflect.get(error.params, 'allowedValue'))}'`);
      return here(`'${String(error.data)}' does not match ${stringParam(error, 'pattern')}`);
    }
    case 'oneOf':
    case 'anyOf':
      return here(`must have ${annotation(error.parentSchema, 'x-alternatives') ?? 'one of the allowed forms'}`, { key: true });
    case 'not': {
      const required: unknown = typeof error.schema === 'object' && error.schema !== null ? Reflect.get(error.schema, 'required') : undefined;
      const keys = Array.isArray(required) ? required.join(' and ') : 'these keys';
      return here(`must not have both ${keys}`, { key: true });
    }
    case 'minItems':
      return here(`must list at least ${String(Reflect.get(error.params, 'limit'))} item(s)`);
    case 'minProperties':
      return here(`must have at least ${String(Reflect.get(error.params, 'limit'))} entry(ies)`);
    case 'minLength':
      return here('must not be empty');
    case 'uniqueItems':
      return here(`lists the same item twice (items ${String(Reflect.get(error.params, 'j'))} and ${String(Reflect.get(error.params, 'i'))})`);
    default:
      return here(error.message ?? `fails ${error.keyword}`);
  }
}

function dedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.line}:${d.column}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
