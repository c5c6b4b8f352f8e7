/**
 * JSON <-> CEL values. Case data is JSON, where every number is a JS number; CEL tells `int`
 * (bigint) from `double` (number). Going in, a number becomes an `int` exactly where the CEL
 * environment declares one (JSON Schema `integer`, whole-number settings and the entries of their
 * lists and maps, tier columns); coming out, every CEL value becomes plain JSON again: bigint ->
 * number, timestamp -> ISO string, duration -> `"<seconds>s"`, typed objects -> plain objects.
 */
import { Optional } from '@marcbachmann/cel-js';
import { isRecord, jsonType } from '../dsl/schema-properties.js';
import type { JsonSchema, SettingValue } from '../dsl/types.js';

/** A JSON value as stored in case data. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Converts a JSON value for CEL, making numbers `int` where the schema says `integer`. */
function toCel(value: unknown, schema: JsonSchema | undefined): unknown {
  const type = jsonType(schema);
  if (typeof value === 'number') return type === 'integer' && Number.isSafeInteger(value) ? BigInt(value) : value;
  if (Array.isArray(value)) {
    const items = isRecord(schema) && isRecord(schema.items) ? schema.items : undefined;
    return value.map((item) => toCel(item, items));
  }
  if (isRecord(value)) return recordToCel(value, schema);
  return value;
}

/**
 * Converts a JSON object for CEL following the `properties` of its schema. A property holding
 * `null` is left out: CEL types the field (`string`, `int`…) and would refuse the null, so a
 * cleared field reads as absent (`has(data.note)` is false).
 */
export function recordToCel(value: Record<string, unknown>, schema: JsonSchema | undefined): Record<string, unknown> {
  const properties = isRecord(schema) && isRecord(schema.properties) ? schema.properties : {};
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (child === null) continue;
    const childSchema = properties[key];
    out[key] = toCel(child, isRecord(childSchema) ? childSchema : undefined);
  }
  return out;
}

/**
 * Converts a literal (setting, tier cell) for CEL: integers are `int`, other numbers `double`;
 * a setting's list or map is converted entry by entry.
 */
export function literalToCel(value: SettingValue): unknown {
  if (Array.isArray(value)) return value.map(literalToCel);
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, literalToCel(entry)]));
  return typeof value === 'number' && Number.isSafeInteger(value) ? BigInt(value) : value;
}

function isDuration(value: object): value is { seconds: bigint | number; nanos: number } {
  return value.constructor?.name === 'Duration' && 'seconds' in value && 'nanos' in value;
}

/** Converts a CEL result back to plain JSON. */
export function fromCel(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(fromCel);
  if (value instanceof Map) {
    const out: { [key: string]: JsonValue } = {};
    for (const [key, child] of value) if (child !== undefined) out[String(key)] = fromCel(child);
    return out;
  }
  if (typeof value === 'object') {
    if (isDuration(value)) return `${Number(value.seconds) + value.nanos / 1e9}s`;
    if (value instanceof Optional) return value.hasValue() ? fromCel(value.value()) : null;
    if (value.constructor?.name === 'UnsignedInt') return Number(value.valueOf());
    const out: { [key: string]: JsonValue } = {};
    for (const [key, child] of Object.entries(value)) if (child !== undefined) out[key] = fromCel(child);
    return out;
  }
  return String(value);
}

/** Milliseconds of a CEL duration result, or undefined when the value is not one. */
export function celDurationMs(value: unknown): number | undefined {
  if (typeof value !== 'object' || value === null || !isDuration(value)) return undefined;
  return Number(value.seconds) * 1000 + Math.round(value.nanos / 1e6);
}
