/**
 * Plausible values for a JSON Schema, so the demo can open cases and send events of any
 * process through the real engine: required fields only, the first enum value by default.
 */
import { isJsonObject } from './body.js';

/** Picks among alternatives (enum values) so different cases take different branches. */
export type Pick = (count: number) => number;

const SAMPLE_PHONE = '13800138000';

function stringFor(schema: Record<string, unknown>, field: string, now: number): string {
  if (schema.format === 'date-time') {
    // Three days ahead, on the quarter hour, mid-morning in China (02:00 UTC is 10:00 there).
    const day = new Date(now + 3 * 86_400_000);
    day.setUTCHours(2, 0, 0, 0);
    return day.toISOString();
  }
  if (schema.format === 'date') return new Date(now + 3 * 86_400_000).toISOString().slice(0, 10);
  if (typeof schema.pattern === 'string') {
    const pattern = new RegExp(schema.pattern, 'u');
    for (const candidate of [SAMPLE_PHONE, '13800138', 'demo', 'A1']) if (pattern.test(candidate)) return candidate;
  }
  return `演示 demo ${field}`;
}

function numberFor(schema: Record<string, unknown>): number {
  const minimum = typeof schema.minimum === 'number' ? schema.minimum : undefined;
  const exclusive = typeof schema.exclusiveMinimum === 'number' ? schema.exclusiveMinimum + 1 : undefined;
  const maximum = typeof schema.maximum === 'number' ? schema.maximum : undefined;
  const value = Math.max(100, minimum ?? 0, exclusive ?? 0);
  return maximum !== undefined ? Math.min(value, maximum) : value;
}

/** A value satisfying `schema` (as far as a demo needs), named `field` in messages. */
export function sampleValue(schema: unknown, field: string, now: number, pick: Pick): unknown {
  if (!isJsonObject(schema)) return `演示 demo ${field}`;
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[pick(schema.enum.length)];
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === 'object' || isJsonObject(schema.properties)) return sampleObject(schema, now, pick);
  if (type === 'number') return numberFor(schema);
  if (type === 'integer') return Math.round(numberFor(schema));
  if (type === 'boolean') return true;
  if (type === 'array') return [];
  return stringFor(schema, field, now);
}

/** An object with every required property of `schema` filled in. */
export function sampleObject(schema: unknown, now: number, pick: Pick): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  if (!isJsonObject(schema)) return result;
  const properties = isJsonObject(schema.properties) ? schema.properties : {};
  const required = Array.isArray(schema.required) ? schema.required.filter((name): name is string => typeof name === 'string') : [];
  for (const name of required) result[name] = sampleValue(properties[name], name, now, pick);
  return result;
}
