/**
 * A form generated from a JSON Schema (the case data schema, or an event's input schema):
 * strings, numbers, integers, booleans, enums, dates and date-times, nested objects and lists
 * of choices, with the server's field errors shown at their fields.
 */
import { useId, type ReactNode } from 'react';
import { enumLabel, enumLabelsOf } from '../../../engine/dsl/enum-labels.js';
import { isProcessSet } from '../../../engine/dsl/process-set-fields.js';
import { pickLabel, useI18n } from '../i18n/index.js';
import type { FieldProblem } from '../api.js';
import type { JsonSchema } from '../types.js';

/** Raw text (or checkbox state, or chosen options) of each field, keyed by dotted path. */
export type FormState = Record<string, string | boolean | string[]>;

function isSchema(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The fields a person enters: those the process sets (`readOnly`) are not offered. */
function properties(schema: JsonSchema): Array<[string, JsonSchema]> {
  if (!isSchema(schema.properties)) return [];
  return Object.entries(schema.properties)
    .map(([key, sub]): [string, JsonSchema] => [key, isSchema(sub) ? sub : {}])
    .filter(([, sub]) => !isProcessSet(sub));
}

function required(schema: JsonSchema): Set<string> {
  return new Set(Array.isArray(schema.required) ? schema.required.filter((r): r is string => typeof r === 'string') : []);
}

function kindOf(schema: JsonSchema): string {
  if (Array.isArray(schema.enum)) return 'enum';
  if (typeof schema.const === 'string') return 'enum';
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  if (type === 'string' && (schema.format === 'date-time' || schema.format === 'date')) return String(schema.format);
  if (type === 'array' && isSchema(schema.items) && Array.isArray(schema.items.enum)) return 'choices';
  if (type === 'array') return 'list';
  if (type === 'object' || (type === undefined && isSchema(schema.properties))) return 'object';
  return typeof type === 'string' ? type : 'string';
}

function enumValues(schema: JsonSchema): unknown[] {
  if (Array.isArray(schema.enum)) return schema.enum;
  return schema.const !== undefined ? [schema.const] : [];
}

/**
 * The label of a choice in `language`: from the YAML's `labels` beside the enum, else from the
 * form's own `x-enum-labels` (value -> label, such as unit names), else the value.
 */
function choiceLabel(schema: JsonSchema, value: unknown, language: 'en' | 'zh'): string {
  if (enumLabelsOf(schema)?.[String(value)] !== undefined) return enumLabel(schema, value, language);
  const labels = schema['x-enum-labels'];
  const label = typeof labels === 'object' && labels !== null && !Array.isArray(labels) ? Reflect.get(labels, String(value)) : undefined;
  return typeof label === 'string' ? label : String(value);
}

/** A readable label from a field key: `firstRepliedAt` gives `First replied at`. */
export function humanize(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[-_]+/g, ' ').trim().toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The starting state of a form: schema defaults, or empty. */
export function initialFormState(schema: JsonSchema, prefix = ''): FormState {
  const state: FormState = {};
  for (const [key, sub] of properties(schema)) {
    const path = prefix ? `${prefix}.${key}` : key;
    const kind = kindOf(sub);
    if (kind === 'object') Object.assign(state, initialFormState(sub, path));
    else if (kind === 'boolean') state[path] = sub.default === true;
    else if (kind === 'choices') state[path] = Array.isArray(sub.default) ? sub.default.map(String) : [];
    else if (sub.default !== undefined) state[path] = String(sub.default);
  }
  return state;
}

/** Converts the raw form state to the JSON value the schema describes; empty fields are left out. */
export function formValue(schema: JsonSchema, state: FormState, prefix = ''): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, sub] of properties(schema)) {
    const path = prefix ? `${prefix}.${key}` : key;
    const raw = state[path];
    const kind = kindOf(sub);
    if (kind === 'object') {
      const nested = formValue(sub, state, path);
      if (Object.keys(nested).length > 0) out[key] = nested;
    } else if (kind === 'boolean') {
      if (raw === true || required(schema).has(key) || sub.default !== undefined) out[key] = raw === true;
    } else if (kind === 'choices') {
      if (Array.isArray(raw) && raw.length > 0) out[key] = raw;
    } else if (typeof raw === 'string' && raw.trim() !== '') {
      if (kind === 'number' || kind === 'integer') out[key] = Number(raw);
      else if (kind === 'date-time') out[key] = new Date(raw).toISOString();
      else if (kind === 'enum') out[key] = enumValues(sub).find((v) => String(v) === raw) ?? raw;
      else if (kind === 'list') out[key] = raw.split('\n').map((l) => l.trim()).filter(Boolean);
      else out[key] = raw;
    }
  }
  return out;
}

/** Normalises a server field name (`/customer/name`, `data.customer.name`, `input.plan`) to a dotted path. */
export function fieldPath(field: string): string {
  return field.replace(/^\/+/, '').replace(/\//g, '.').replace(/^(data|input)\./, '').replace(/\[(\d+)\]/g, '.$1');
}

/** Field problems that match no field of the schema (shown above the form). */
export function unplacedProblems(schema: JsonSchema, problems: FieldProblem[]): FieldProblem[] {
  const paths = new Set<string>();
  const walk = (s: JsonSchema, prefix: string) => {
    for (const [key, sub] of properties(s)) {
      const path = prefix ? `${prefix}.${key}` : key;
      paths.add(path);
      if (kindOf(sub) === 'object') walk(sub, path);
    }
  };
  walk(schema, '');
  return problems.filter((p) => !paths.has(fieldPath(p.field)));
}

/** Props of a generated form's fields. */
export interface SchemaFieldsProps {
  schema: JsonSchema;
  state: FormState;
  onChange(path: string, value: string | boolean | string[]): void;
  problems: FieldProblem[];
  prefix?: string;
}

/** The fields of a schema, to put inside a `<form>`. */
export function SchemaFields({ schema, state, onChange, problems, prefix = '' }: SchemaFieldsProps) {
  const { t, language } = useI18n();
  const baseId = useId();
  const requiredKeys = required(schema);
  const renderField = ([key, sub]: [string, JsonSchema]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    const id = `${baseId}-${path}`;
    const label = pickLabel(typeof sub.title === 'string' ? sub.title : humanize(key), language);
    const kind = kindOf(sub);
    const problem = problems.find((p) => fieldPath(p.field) === path);
    const errorId = `${id}-error`;
    const describedBy = problem ? errorId : undefined;
    const hint = typeof sub.description === 'string' ? <span className="field-hint">{sub.description}</span> : null;
    const mark = requiredKeys.has(key) ? <span className="required" aria-hidden="true"> *</span> : null;
    if (kind === 'object') {
      return (
        <fieldset key={path} className="field-group">
          <legend>{label}{mark}</legend>
          {hint}
          <SchemaFields schema={sub} state={state} onChange={onChange} problems={problems} prefix={path} />
        </fieldset>
      );
    }
    const raw = state[path];
    const text = typeof raw === 'string' ? raw : '';
    let control: ReactNode;
    const common = { id, name: path, 'aria-invalid': problem ? true : undefined, 'aria-describedby': describedBy, required: requiredKeys.has(key) };
    if (kind === 'boolean') {
      control = <input type="checkbox" {...common} required={false} checked={raw === true} onChange={(e) => onChange(path, e.target.checked)} />;
    } else if (kind === 'enum') {
      control = (
        <select {...common} value={text} onChange={(e) => onChange(path, e.target.value)}>
          <option value="">{t('form.choose')}</option>
          {enumValues(sub).map((v) => <option key={String(v)} value={String(v)}>{choiceLabel(sub, v, language)}</option>)}
        </select>
      );
    } else if (kind === 'choices') {
      const chosen = Array.isArray(raw) ? raw : [];
      const options = isSchema(sub.items) && Array.isArray(sub.items.enum) ? sub.items.enum.map(String) : [];
      return (
        <fieldset key={path} className={`field field-choices${problem ? ' field-invalid' : ''}`} aria-describedby={describedBy}>
          <legend>{label}{mark}</legend>
          {options.map((option) => (
            <label key={option} className="choice">
              <input type="checkbox" name={path} value={option} checked={chosen.includes(option)}
                onChange={(e) => onChange(path, e.target.checked ? [...chosen, option] : chosen.filter((c) => c !== option))} />
              {isSchema(sub.items) ? choiceLabel(sub.items, option, language) : option}
            </label>
          ))}
          {problem && <span className="field-error" id={errorId}>{problem.message}</span>}
        </fieldset>
      );
    } else if (kind === 'number' || kind === 'integer') {
      control = <input type="number" inputMode="decimal" step={kind === 'integer' ? 1 : 'any'} {...common}
        min={typeof sub.minimum === 'number' ? sub.minimum : undefined} max={typeof sub.maximum === 'number' ? sub.maximum : undefined}
        value={text} onChange={(e) => onChange(path, e.target.value)} />;
    } else if (kind === 'date-time' || kind === 'date') {
      control = <input type={kind === 'date' ? 'date' : 'datetime-local'} {...common} value={text} onChange={(e) => onChange(path, e.target.value)} />;
    } else if (kind === 'list' || (typeof sub.maxLength === 'number' && sub.maxLength > 120) || /comment|description|reason|summary|plan|note/i.test(key)) {
      control = <textarea rows={3} {...common} value={text} onChange={(e) => onChange(path, e.target.value)} />;
    } else {
      control = <input type={sub.format === 'email' ? 'email' : 'text'} {...common} value={text}
        maxLength={typeof sub.maxLength === 'number' ? sub.maxLength : undefined} onChange={(e) => onChange(path, e.target.value)} />;
    }
    return (
      <div key={path} className={`field${kind === 'boolean' ? ' field-inline' : ''}${problem ? ' field-invalid' : ''}`}>
        <label htmlFor={id}>{label}{mark}</label>
        {control}
        {hint}
        {problem && <span className="field-error" id={errorId} role="alert">{problem.message}</span>}
      </div>
    );
  };
  const all = properties(schema);
  const optional = all.filter(([key]) => !requiredKeys.has(key));
  // A long tail of optional fields (often filled in later by the process) folds away.
  if (prefix !== '' || optional.length <= 6) return <>{all.map(renderField)}</>;
  const hasProblem = problems.some((p) => optional.some(([key]) => fieldPath(p.field).split('.')[0] === key));
  return (
    <>
      {all.filter(([key]) => requiredKeys.has(key)).map(renderField)}
      <details className="optional-fields" open={hasProblem || undefined}>
        <summary>{t('form.optional', { n: optional.length })}</summary>
        {optional.map(renderField)}
      </details>
    </>
  );
}
