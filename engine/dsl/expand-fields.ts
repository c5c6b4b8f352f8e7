/**
 * Input fields taken from the case data: in an event's input, a field written as `data.<field>`
 * (`reason: data.reason`) is the JSON Schema of that data field, so a list of reasons or a
 * title is written once.
 */
import { forEachEventInput } from './event-inputs.js';
import type { ExpansionContext } from './expansion-context.js';
import type { DocPath } from './source-map.js';
import { isRecord } from './schema-properties.js';
import { didYouMean } from './suggest.js';

/** `data.a.b`: a data field, nested fields separated by dots. */
const DATA_FIELD = /^data((?:\.[A-Za-z_][A-Za-z0-9_-]*)+)$/;

/** Replaces `data.<field>` input fields of every event by the data field's schema. */
export function expandInputFields(process: Record<string, unknown>, context: ExpansionContext): void {
  const data = process.data;

  const expandInput = (input: Record<string, unknown>, path: DocPath): void => {
    if (!isRecord(input.properties)) return;
    const properties: Record<string, unknown> = {};
    for (const [field, schema] of Object.entries(input.properties)) {
      const match = typeof schema === 'string' ? DATA_FIELD.exec(schema.trim()) : null;
      if (match === null) {
        properties[field] = schema;
        continue;
      }
      const names = match[1].slice(1).split('.');
      const found = dataField(data, names);
      if (found === undefined) {
        context.report([...path, 'properties', field], 'error', `there is no data field ${names.join('.')}${didYouMean(names[names.length - 1], fieldNames(data, names.slice(0, -1)))}`);
        properties[field] = {};
        continue;
      }
      properties[field] = structuredClone(found.schema);
      context.locator.copied([...path, 'properties', field], found.path, { path: [...path, 'properties', field], message: `in the data field used` });
    }
    input.properties = properties;
  };

  forEachEventInput(process, expandInput);
}

function dataField(data: unknown, names: string[]): { schema: unknown; path: DocPath } | undefined {
  let schema = data;
  let path: DocPath = ['data'];
  for (const name of names) {
    if (!isRecord(schema) || !isRecord(schema.properties) || !(name in schema.properties)) return undefined;
    schema = schema.properties[name];
    path = [...path, 'properties', name];
  }
  return { schema, path };
}

function fieldNames(data: unknown, parents: string[]): string[] {
  const parent = parents.length === 0 ? { schema: data } : dataField(data, parents);
  const schema = parent?.schema;
  return isRecord(schema) && isRecord(schema.properties) ? Object.keys(schema.properties) : [];
}
