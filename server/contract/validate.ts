/**
 * Checks requests against their declared shapes with ajv, and names each field that fails:
 * `{ field: "steps[2].type", message: "is required" }`. Query parameters and path parameters are
 * text on the wire and are coerced to their declared types first.
 */
import type { Static, TSchema } from '@sinclair/typebox';
import { Ajv, type ErrorObject } from 'ajv';
import { CaseflowError, type FieldError } from '../../engine/errors.js';
import { ruleOfAjvError, withRule } from '../../engine/field-rules.js';

/** The schema as plain JSON: TypeBox's symbols dropped, and `$id`s too, so one schema may appear in many. */
export function plainSchema(schema: TSchema): Record<string, unknown> {
  return JSON.parse(JSON.stringify(schema, (key, value: unknown) => (key === '$id' ? undefined : value)));
}

// `verbose` gives each error its schema, whose `x-message` (when it has one) says what is expected.
const strictAjv = new Ajv({ allErrors: true, strict: false, verbose: true });
const coercingAjv = new Ajv({ allErrors: true, strict: false, verbose: true, coerceTypes: true, useDefaults: true });

/** `/steps/2/type` as `steps[2].type`. */
function fieldPath(pointer: string): string {
  let path = '';
  for (const part of pointer.split('/').slice(1)) {
    const name = part.replaceAll('~1', '/').replaceAll('~0', '~');
    path += /^\d+$/.test(name) ? `[${name}]` : path === '' ? name : `.${name}`;
  }
  return path;
}

/** What an ajv error says about its field, in the words of our other refusals. */
function messageOf(error: ErrorObject): string {
  const custom: unknown = error.keyword === 'required' ? undefined : Object(error.parentSchema)['x-message'];
  if (typeof custom === 'string') return custom;
  const p: Record<string, unknown> = Object(error.params);
  switch (error.keyword) {
    case 'required': return 'is required';
    case 'type': {
      const words: Record<string, string> = { string: 'a string', integer: 'a whole number', number: 'a number', boolean: 'true or false', object: 'an object', array: 'a list' };
      const types = String(p.type).split(',').map((type) => words[type] ?? type);
      return `must be ${types.join(' or ')}`;
    }
    case 'minLength': return Number(p.limit) === 1 ? 'must not be empty' : `must be at least ${String(p.limit)} characters`;
    case 'maxLength': return `must be at most ${String(p.limit)} characters`;
    case 'pattern': return p.pattern === '\\S' ? 'must not be blank' : `must match ${String(p.pattern)}`;
    case 'minimum': return `must be at least ${String(p.limit)}`;
    case 'maximum': return `must be at most ${String(p.limit)}`;
    case 'minItems': return `must list at least ${String(p.limit)}`;
    case 'maxItems': return `must list at most ${String(p.limit)}`;
    case 'enum': return `must be one of ${(Array.isArray(p.allowedValues) ? p.allowedValues : []).map(String).join(', ')}`;
    case 'const': return `must be ${JSON.stringify(p.allowedValue)}`;
    case 'additionalProperties': return 'is not a known field';
    default: return error.message ?? 'is not valid';
  }
}

/**
 * For a value that fits no branch of a union, only the errors of the branch it came closest to:
 * a branch whose fields are merely wrong beats one whose fields are missing.
 */
function closestBranches(errors: readonly ErrorObject[]): ErrorObject[] {
  let kept = [...errors];
  for (const union of errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf')) {
    const prefix = `${union.schemaPath}/`;
    const branchOf = (error: ErrorObject) => (error.schemaPath.startsWith(prefix) ? error.schemaPath.slice(prefix.length).split('/')[0] : undefined);
    const score = new Map<string, number>();
    for (const error of kept) {
      const branch = branchOf(error);
      if (branch !== undefined) score.set(branch, (score.get(branch) ?? 0) + (error.keyword === 'required' ? 10 : 1));
    }
    if (score.size === 0) continue;
    const best = [...score.entries()].sort((a, b) => a[1] - b[1] || Number(a[0]) - Number(b[0]))[0][0];
    kept = kept.filter((error) => {
      const branch = branchOf(error);
      return branch === undefined || branch === best;
    });
  }
  return kept;
}

/** Field problems of ajv's errors: one per field, in the order the fields were sent. */
export function fieldErrors(errors: readonly ErrorObject[], value?: unknown): FieldError[] {
  const found = new Map<string, FieldError>();
  const kept = closestBranches(errors);
  // The union's own error is kept only when nothing else names the field.
  const ordered = [...kept.filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'oneOf'), ...kept.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf')];
  for (const error of ordered) {
    const missing = error.keyword === 'required' ? `/${String(Object(error.params).missingProperty)}` : '';
    const extra = error.keyword === 'additionalProperties' ? `/${String(Object(error.params).additionalProperty)}` : '';
    const field = fieldPath(`${error.instancePath}${missing}${extra}`) || '(body)';
    if (error.keyword === 'anyOf' || error.keyword === 'oneOf') {
      if ([...found.keys()].some((key) => key === field || key.startsWith(`${field}.`) || key.startsWith(`${field}[`))) continue;
      found.set(field, { field, message: 'does not match any of the allowed forms' });
      continue;
    }
    if (!found.has(field)) found.set(field, withRule({ field, message: messageOf(error) }, ruleOfAjvError(error)));
  }
  const sent = value !== null && typeof value === 'object' ? Object.keys(value) : [];
  const position = (field: string) => {
    const at = sent.indexOf(field.split(/[.[]/)[0]);
    return at === -1 ? sent.length : at;
  };
  return [...found.values()].sort((a, b) => position(a.field) - position(b.field));
}

/** A checker of `schema`, compiled once, giving the value back as the schema's static type. */
export function shapeChecker<S extends TSchema>(schema: S, what: string, coerce = false): (value: unknown) => Static<S> {
  return checkerOf<Static<S>>(schema, what, coerce);
}

/**
 * A checker of `schema`, compiled once: it gives the value back as `T` (the type the schema
 * declares), or throws `invalid-input` (422) naming every field. With `coerce`, text becomes the
 * declared numbers and booleans, and declared defaults are filled in.
 */
export function checkerOf<T>(schema: TSchema | undefined, what: string, coerce = false): (value: unknown) => T {
  const validate = (coerce ? coercingAjv : strictAjv).compile<T>(schema === undefined ? {} : plainSchema(schema));
  return function checkShape(value: unknown): T {
    if (validate(value)) return value;
    const errors = fieldErrors(validate.errors ?? [], value);
    throw new CaseflowError('invalid-input', `The ${what} is not valid: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}.`, { details: errors });
  };
}
