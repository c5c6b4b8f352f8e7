/** Case data as a definition list, nested objects flattened to dotted labels; all text escaped by React. */
import { pickLabel, useI18n } from '../i18n/index.js';
import type { JsonSchema } from '../types.js';
import { humanize } from './schema-form.js';
import { formatTime } from '../lib/clock.js';
import { showBidiControls } from '../../../engine/display-text.js';
import { labelledValue } from '../../../engine/dsl/enum-labels.js';
import { durationInWords } from '../../../engine/dsl/duration-text.js';

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

/** One row: the label path (outer field first), the dotted field, the value, and the field's schema. */
export interface DataRow {
  labels: string[];
  field: string;
  value: unknown;
  schema?: JsonSchema;
}

/** Flattens data to rows, nested objects giving one row per leaf. */
function dataRows(data: Record<string, unknown>, schema?: JsonSchema, labels: string[] = [], prefix = ''): DataRow[] {
  const rows: DataRow[] = [];
  for (const [key, value] of Object.entries(data)) {
    const path = [...labels, titleOf(schema, key)];
    const field = `${prefix}${key}`;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      rows.push(...dataRows(Object.fromEntries(Object.entries(value)), subSchema(schema, key), path, `${field}.`));
    } else rows.push({ labels: path, field, value, schema: subSchema(schema, key) });
  }
  return rows;
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** The data of a case: enum values by their labels, booleans as yes/no, timestamps in local time, spans in words, the unit by its label, everything as text (bidi controls shown as marks). */
export function DataList({ data, schema, unitField, unitLabel }: { data: Record<string, unknown>; schema?: JsonSchema; unitField?: string; unitLabel?: (id: string) => string }) {
  const { language, t } = useI18n();
  const rows = dataRows(data, schema);
  if (rows.length === 0) return <p className="muted">{t('common.none')}</p>;
  const show = (row: DataRow): string => {
    // A span the process keeps (`1440m`) reads as words: 1天, 1 day.
    const span = row.schema?.format === 'span' && typeof row.value === 'string' ? durationInWords(row.value, language) : undefined;
    // The business unit by its label in the directory, not its id.
    const unit = row.field === unitField && typeof row.value === 'string' && unitLabel ? unitLabel(row.value) : undefined;
    return showBidiControls(span ?? unit ?? asText(labelledValue(row.schema, row.value, language)));
  };
  const asText = (value: unknown): string => {
    if (value === null || value === undefined) return '';
    if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
    if (typeof value === 'string' && ISO_TIME.test(value) && Number.isFinite(Date.parse(value))) return formatTime(Date.parse(value), language);
    if (Array.isArray(value)) return value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join(', ');
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
  };
  return (
    <dl className="data-list">
      {rows.map((row, i) => (
        <div key={i} className="data-row">
          <dt>{row.labels.map((label) => pickLabel(label, language)).join(' › ')}</dt>
          <dd>{show(row)}</dd>
        </div>
      ))}
    </dl>
  );
}
