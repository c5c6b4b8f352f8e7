/**
 * Fields written in one line. In the case data and in an event input, a field may be a text
 * `[readOnly] <type> [<min>..<max>] [<title>]` (`name: string 1.. 客户姓名 Name`, `score: integer
 * 0..100 评分 Score`, `late: readOnly boolean 超时 Late`), and an enum may be written by its
 * labels alone (no enum, no type), each a bilingual text (`labels: { phone: 电话 Phone, store: 营业厅 Store }`, the
 * values being the keys). Both are read into the JSON Schema they stand for.
 */
import { labelIn } from '../field-rules.js';
import { forEachEventInput } from './event-inputs.js';
import type { ExpansionContext } from './expansion-context.js';
import { isRecord } from './schema-properties.js';
import type { DocPath } from './source-map.js';

/** The types a one-line field may have; `span` is a duration text the process keeps (`1440m`). */
export const COMPACT_TYPES = ['string', 'number', 'integer', 'boolean', 'span'] as const;

/**
 * The grammar of a one-line field: an optional `readOnly`, a type, an optional range, and the
 * title (the rest). A range bounds a string's length or a number. The language schema checks
 * only the start (`[readOnly] <type>`), so the rest is reported here, at the field.
 */
export const COMPACT_FIELD = /^(readOnly\s+)?(string|number|integer|boolean|span)(?:\s+(-?\d+(?:\.\d+)?)?\.\.(-?\d+(?:\.\d+)?)?(?=\s|$))?(?:\s+(.*\S))?\s*$/;

/** A one-line field as its JSON Schema, or what is wrong with it. */
export function compactField(text: string): { schema: Record<string, unknown> } | { problem: string } {
  const match = COMPACT_FIELD.exec(text.trim());
  if (match === null) return { problem: `'${text}' is not a field: write [readOnly] ${COMPACT_TYPES.join(' | ')} [min..max] [title]` };
  const [, readOnly, type, min, max, title] = match;
  const schema: Record<string, unknown> = type === 'span' ? { type: 'string', format: 'span' } : { type };
  if (min !== undefined || max !== undefined) {
    if (type === 'boolean' || type === 'span') return { problem: `a ${type} field has no range` };
    if (min !== undefined && max !== undefined && Number(min) > Number(max)) return { problem: `the range ${min}..${max} is empty` };
    const integral = type === 'string' || type === 'integer';
    for (const bound of [min, max]) {
      if (bound !== undefined && integral && !Number.isInteger(Number(bound))) return { problem: `a ${type} range is of whole numbers, not ${bound}` };
    }
    const [low, high] = type === 'string' ? ['minLength', 'maxLength'] : ['minimum', 'maximum'];
    if (min !== undefined) schema[low] = Number(min);
    if (max !== undefined) schema[high] = Number(max);
  }
  if (title !== undefined) schema.title = title;
  if (readOnly !== undefined) schema.readOnly = true;
  return { schema };
}

/** A bilingual text (`县/区级 County`) as `{ zh, en }`, or undefined when it is not in both languages. */
export function bilingualLabel(text: string): { zh: string; en: string } | undefined {
  const zh = labelIn(text, 'zh');
  const en = labelIn(text, 'en');
  return zh === en ? undefined : { zh, en };
}

/** Reads the one-line fields and labels of the case data and of every event input. */
export function expandCompactFields(process: Record<string, unknown>, context: ExpansionContext): void {
  if (isRecord(process.data)) expandSchema(process.data, ['data'], context);
  forEachEventInput(process, (input, path) => expandSchema(input, path, context));
}

/** `data.<field>` in an input: a field taken from the data, read later. */
const DATA_FIELD = /^\s*data\./;

function expandSchema(schema: Record<string, unknown>, path: DocPath, context: ExpansionContext): void {
  if (isRecord(schema.labels)) expandLabels(schema, path, context);
  if (isRecord(schema.properties)) {
    const properties: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(schema.properties)) {
      const at = [...path, 'properties', field];
      if (typeof value === 'string' && !DATA_FIELD.test(value)) {
        const read = compactField(value);
        if ('problem' in read) context.report(at, 'error', read.problem);
        properties[field] = 'schema' in read ? read.schema : {};
        continue;
      }
      if (isRecord(value)) expandSchema(value, at, context);
      properties[field] = value;
    }
    schema.properties = properties;
  }
  if (isRecord(schema.items)) expandSchema(schema.items, [...path, 'items'], context);
}

/** Labels written as bilingual texts become `{ zh, en }`; labels of a field with neither enum nor type give its enum. */
function expandLabels(schema: Record<string, unknown>, path: DocPath, context: ExpansionContext): void {
  const labels = schema.labels;
  if (!isRecord(labels)) return;
  const read: Record<string, unknown> = {};
  for (const [value, label] of Object.entries(labels)) {
    if (typeof label !== 'string') {
      read[value] = label;
      continue;
    }
    const both = bilingualLabel(label);
    if (both === undefined) context.report([...path, 'labels', value], 'error', `the label '${label}' needs its Chinese and its English, such as 县/区级 County`);
    read[value] = both ?? { zh: label, en: label };
  }
  schema.labels = read;
  // A field with a type of its own and labels but no enum is left for the label check to question.
  if (!('enum' in schema) && !('const' in schema) && !('type' in schema)) schema.enum = Object.keys(labels);
}
