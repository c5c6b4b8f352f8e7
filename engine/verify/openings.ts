/**
 * The cases an exploration starts from: the openings a process declares for its checks, or one
 * made from its data schema (each required field given a plausible value), opened by the first
 * role that may open cases.
 */
import type { Actor, CompiledProcess } from '../compile/index.js';
import type { JsonSchema } from '../dsl/index.js';
import { linearRegExp } from '../dsl/regex-safety.js';
import { isRecord } from '../dsl/schema-properties.js';
import type { ExploreOptions } from './explore.js';

/** A plausible valid value for a schema: its first enum value, a non-empty text, a positive number… */
export function sampleValue(schema: unknown): unknown {
  if (!isRecord(schema)) return '内容';
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  if (Array.isArray(schema.oneOf) && schema.oneOf.length > 0) return sampleValue(schema.oneOf[0]);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object': {
      const properties = isRecord(schema.properties) ? schema.properties : {};
      const required = Array.isArray(schema.required) ? schema.required.filter((r): r is string => typeof r === 'string') : [];
      return Object.fromEntries(required.map((name) => [name, sampleValue(properties[name])]));
    }
    case 'array':
      return [];
    case 'boolean':
      return false;
    case 'integer':
    case 'number':
      return typeof schema.minimum === 'number' ? Math.max(schema.minimum, 1) : 100;
    case 'string':
      if (schema.format === 'date-time') return '2026-03-20T10:00:00+08:00';
      if (schema.format === 'date') return '2026-03-20';
      if (schema.format === 'email') return 'someone@example.com';
      return typeof schema.pattern === 'string' ? sampleForPattern(schema.pattern) : '内容';
    default:
      return '内容';
  }
}

/** Texts tried against a field's pattern (matched in linear time, as the schema checks do). */
const PATTERN_CANDIDATES = ['13800138000', '内容', 'A-1', 'a', '1', 'someone@example.com', '2026-03-20'];

function sampleForPattern(pattern: string): string {
  try {
    const regex = linearRegExp(pattern);
    return PATTERN_CANDIDATES.find((text) => regex.test(text)) ?? '内容';
  } catch {
    return '内容';
  }
}

/** The opening cases and the actor opening them. */
export function openingsOf(process: CompiledProcess, now: number): ExploreOptions['openings'] {
  const definition = process.definition;
  const role = definition.starters?.[0] ?? definition.roles[0];
  const actor: Actor = { id: `${role}-1`, roles: [role] };
  const declared = definition.invariants?.explore?.openings;
  const datas = declared ?? [sampleValue(definition.data as JsonSchema) as Record<string, unknown>];
  // The runtime stamps each tally on a case as it opens; an exploration opens the first case of its window.
  const tallies = Object.fromEntries(Object.keys(definition.tallies ?? {}).map((name) => [name, { count: 1, cases: [] }]));
  return datas.map((data) => ({ data: { ...tallies, ...data }, actor, now }));
}
