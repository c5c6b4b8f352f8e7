/** Case data as a definition list, nested objects flattened to dotted labels; all text escaped by React. */
import { pickLabel, useI18n } from '../i18n/index.js';
import type { JsonSchema } from '../types.js';
import { humanize } from './schema-form.js';

function titleOf(schema: JsonSchema | undefined, key: string): string {
  const props = schema?.properties;
  if (typeof props === 'object' && props !== null && key in props) {
    const sub: unknown = Object.getOwnPropertyDescriptor(props, key)?.value;
    if (typeof sub === 'object' && sub !== null && 'title' in sub && typeof sub.title === 'string') return sub.title;
  }
  return humanize(key);
}

function subSchema(schema: JsonSchema | undefined, key: string): JsonSchema | undefined {
  const props = schema?.properties;
  if (typeof props !== 'object' || props === null) return undefined;
  const sub: unknown = Object.getOwnPropertyDescriptor(props, key)?.value;
  return typeof sub === 'object' && sub !== null && !Array.isArray(sub) ? Object.fromEntries(Object.entries(sub)) : undefined;
}

/** Flattens data to label/value rows. */
export function dataRows(data: Record<string, unknown>, schema?: JsonSchema, prefix = ''): Array<[string, string]> {
  const rows: Array<[string, string]> = [];
  for (const [key, value] of Object.entries(data)) {
    const label = prefix + titleOf(schema, key);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      rows.push(...dataRows(Object.fromEntries(Object.entries(value)), subSchema(schema, key), `${label} › `));
    } else if (Array.isArray(value)) {
      rows.push([label, value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join(', ')]);
    } else rows.push([label, value === null || value === undefined ? '' : String(value)]);
  }
  return rows;
}

/** The data of a case. */
export function DataList({ data, schema }: { data: Record<string, unknown>; schema?: JsonSchema }) {
  const { language, t } = useI18n();
  const rows = dataRows(data, schema);
  if (rows.length === 0) return <p className="muted">{t('common.none')}</p>;
  return (
    <dl className="data-list">
      {rows.map(([label, value], i) => (
        <div key={i} className="data-row">
          <dt>{pickLabel(label, language)}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
