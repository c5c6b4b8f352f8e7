/**
 * Tallies (counts of recent cases like a new one): each gives the case data a field of its
 * name, declared here so expressions and templates type `data.<name>.count`, and is checked
 * for what it matches and over which window.
 */
import type { CheckContext } from './check-context.js';
import { isRecord, propertiesOf } from './schema-properties.js';
import { didYouMean } from './suggest.js';
import type { JsonSchema, ProcessDefinition } from './types.js';

/** The data field a tally is stamped in: how many, and the ids of the most recent. */
export const TALLY_SCHEMA: JsonSchema = {
  type: 'object',
  // The engine stamps it when the case opens: nobody enters it.
  readOnly: true,
  properties: {
    count: { type: 'integer', minimum: 0, title: '件数 Count' },
    cases: { type: 'array', items: { type: 'string' }, title: '工单 Cases' },
  },
};

/** The definition with a data property for each tally (those the data already declares are left, and reported). */
export function withTallyFields(definition: ProcessDefinition): ProcessDefinition {
  const tallies = Object.keys(definition.tallies ?? {});
  if (tallies.length === 0) return definition;
  const properties = propertiesOf(definition.data) ?? {};
  const added = Object.fromEntries(tallies.filter((name) => !(name in properties)).map((name) => {
    const label = definition.tallies?.[name]?.label;
    return [name, label === undefined ? TALLY_SCHEMA : { ...TALLY_SCHEMA, title: label }];
  }));
  return { ...definition, data: { ...definition.data, properties: { ...properties, ...added } } };
}

/** Reports tallies that clash with a declared data field, match undeclared fields, or have no single window. */
export function checkTallies(context: CheckContext, declared: ReadonlySet<string>): void {
  const { definition, report } = context;
  for (const [name, tally] of Object.entries(definition.tallies ?? {})) {
    const path = ['tallies', name];
    if (declared.has(name)) report(path, 'error', `tally '${name}' would overwrite the data field of that name; give the tally another name`, { key: true });
    if ((tally.within === undefined) === (tally.since === undefined)) {
      report(path, 'error', `tally '${name}' needs exactly one window: within (a duration) or since (day, week or month)`, { key: true });
    }
    if (tally.match.length === 0) report([...path, 'match'], 'error', `tally '${name}' matches nothing: name the data fields that must be equal, such as [unit, category]`);
    tally.match.forEach((field, index) => {
      const problem = undeclaredPart(definition.data, field);
      if (problem !== undefined) report([...path, 'match', index], 'error', problem);
    });
  }
}

/** Why a dot path does not name a declared data field, or undefined when it does. */
function undeclaredPart(data: JsonSchema, field: string): string | undefined {
  let schema: unknown = data;
  for (const part of field.split('.')) {
    const properties = propertiesOf(schema) ?? {};
    if (!isRecord(properties[part])) {
      return `data field '${field}' is not declared in data.properties${didYouMean(part, Object.keys(properties))}`;
    }
    schema = properties[part];
  }
  return undefined;
}
