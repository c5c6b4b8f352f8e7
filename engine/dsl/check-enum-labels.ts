/**
 * Enum labels (`labels` beside `enum`, see enum-labels.ts): each names a value of its enum, each
 * is `{ zh, en }`, and every value of a labelled enum has one, in the data schema and in every
 * event's input schema. A field's `errorMessage` is `{ zh, en }` too.
 */
import type { CheckContext } from './check-context.js';
import { isEnumLabel } from './enum-labels.js';
import { isRecord } from './schema-properties.js';
import type { DocPath } from './source-map.js';
import { didYouMean } from './suggest.js';

/** Reports labels that are malformed, name no enum value, sit beside no enum, or leave a value unlabelled. */
export function checkEnumLabels(context: CheckContext): void {
  walk(context, context.definition.data, ['data']);
  for (const { event, path } of context.sites.events) {
    if (event.input !== undefined) walk(context, event.input, [...path, 'input']);
  }
}

function walk(context: CheckContext, schema: unknown, path: DocPath): void {
  if (!isRecord(schema)) return;
  if (schema.labels !== undefined) checkLabels(context, schema, [...path, 'labels']);
  if (schema.errorMessage !== undefined && !isEnumLabel(schema.errorMessage)) {
    context.report([...path, 'errorMessage'], 'error', 'errorMessage must be { zh: 中文, en: English }, both non-empty');
  }
  if (isRecord(schema.properties)) {
    for (const [key, sub] of Object.entries(schema.properties)) walk(context, sub, [...path, 'properties', key]);
  }
  if (schema.items !== undefined) walk(context, schema.items, [...path, 'items']);
}

function checkLabels(context: CheckContext, schema: Record<string, unknown>, path: DocPath): void {
  const labels = schema.labels;
  const values = Array.isArray(schema.enum) ? schema.enum.map(String) : undefined;
  if (values === undefined) {
    context.report(path, 'error', 'labels name the values of an enum, but this field declares no enum', { key: true });
    return;
  }
  if (!isRecord(labels)) {
    context.report(path, 'error', 'labels must map each enum value to { zh: 中文, en: English }');
    return;
  }
  for (const [value, label] of Object.entries(labels)) {
    if (!values.includes(value)) {
      context.report([...path, value], 'error', `label for '${value}', which is not a value of the enum (${values.join(', ')})${didYouMean(value, values)}`, { key: true });
    } else if (!isEnumLabel(label)) {
      context.report([...path, value], 'error', `the label of '${value}' must be { zh: 中文, en: English }, both non-empty`);
    }
  }
  const missing = values.filter((value) => !Object.hasOwn(labels, value));
  if (missing.length > 0) {
    context.report(path, 'error', `enum values without a label: ${missing.join(', ')} (staff would see the raw value)`, { key: true });
  }
}
