/**
 * A JSON Schema check that runs in the browser without generating code (the UI's Content
 * Security Policy forbids `eval`, which ajv compiles with): the keywords generated forms use —
 * type, required, properties, enum, const, pattern, format, length, range and items — giving
 * errors in ajv's shape, so ajv-i18n words them.
 */
import type { ErrorObject } from 'ajv';
import { fullFormats } from 'ajv-formats/dist/formats.js';

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function fitsType(value: unknown, type: unknown): boolean {
  const types = Array.isArray(type) ? type : [type];
  const actual = typeOf(value);
  return types.some((wanted) => wanted === actual || (wanted === 'number' && actual === 'integer'));
}

function fitsFormat(value: string, format: string): boolean {
  const check: unknown = Object.getOwnPropertyDescriptor(fullFormats, format)?.value;
  if (check instanceof RegExp) return check.test(value);
  if (typeof check === 'function') return Boolean(check(value));
  if (isRecord(check) && typeof check.validate === 'function') return Boolean(check.validate(value));
  if (isRecord(check) && check.validate instanceof RegExp) return check.validate.test(value);
  return true;
}

/** The errors of `value` against `schema`, as ajv reports them (`allErrors`). */
export function schemaErrors(schema: unknown, value: unknown, path = ''): ErrorObject[] {
  if (!isRecord(schema)) return [];
  const errors: ErrorObject[] = [];
  const fail = (keyword: string, params: Json) => errors.push({ keyword, instancePath: path, schemaPath: `#/${keyword}`, params });
  if (schema.type !== undefined && !fitsType(value, schema.type)) {
    fail('type', { type: Array.isArray(schema.type) ? schema.type.join(',') : String(schema.type) });
    return errors;
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((item) => item === value)) fail('enum', { allowedValues: schema.enum });
  if (schema.const !== undefined && schema.const !== value) fail('const', { allowedValue: schema.const });
  if (typeof value === 'string') {
    if (typeof schema.minLength === 'number' && [...value].length < schema.minLength) fail('minLength', { limit: schema.minLength });
    if (typeof schema.maxLength === 'number' && [...value].length > schema.maxLength) fail('maxLength', { limit: schema.maxLength });
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) fail('pattern', { pattern: schema.pattern });
    if (typeof schema.format === 'string' && !fitsFormat(value, schema.format)) fail('format', { format: schema.format });
  }
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) fail('minimum', { comparison: '>=', limit: schema.minimum });
    if (typeof schema.maximum === 'number' && value > schema.maximum) fail('maximum', { comparison: '<=', limit: schema.maximum });
    if (typeof schema.exclusiveMinimum === 'number' && value <= schema.exclusiveMinimum) fail('exclusiveMinimum', { comparison: '>', limit: schema.exclusiveMinimum });
    if (typeof schema.exclusiveMaximum === 'number' && value >= schema.exclusiveMaximum) fail('exclusiveMaximum', { comparison: '<', limit: schema.exclusiveMaximum });
  }
  if (isRecord(value)) {
    for (const name of Array.isArray(schema.required) ? schema.required : []) {
      if (typeof name === 'string' && !Object.hasOwn(value, name)) fail('required', { missingProperty: name });
    }
    if (isRecord(schema.properties)) {
      for (const [key, sub] of Object.entries(schema.properties)) {
        if (Object.hasOwn(value, key)) errors.push(...schemaErrors(sub, value[key], `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`));
      }
    }
  }
  if (Array.isArray(value) && isRecord(schema.items)) value.forEach((item, index) => errors.push(...schemaErrors(schema.items, item, `${path}/${index}`)));
  return errors;
}
