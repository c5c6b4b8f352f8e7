/**
 * A case's history in words for people: states, events and timers by their labels (timers named
 * by engine/dsl/timer-words.ts), event input by field titles, enum values by their labels (see
 * engine/dsl/enum-labels.ts), times local.
 * Used by the timeline, the replay page and the history CSV alike.
 */
import { durationInWords } from '../../../engine/dsl/duration-text.js';
import { showBidiControls } from '../../../engine/display-text.js';
import { enumLabelsOf, fieldSchema } from '../../../engine/dsl/enum-labels.js';
import { timerWords } from '../../../engine/dsl/timer-words.js';
import { pickLabel, type Language, type Translate } from '../i18n/index.js';
import type { JsonSchema } from '../types.js';
import { formatTime } from './clock.js';
import { eventLabels, type ProcessInfo } from './processes.js';

/** How a case's history reads in one language. */
export interface CaseWords {
  state(id: string): string;
  event(type: string): string;
  /** A timer key (`deadline:received:warn`) as words: `首次回复即将到期提醒`. */
  timer(key: string): string;
  /** Input of an event as (title, shown value) pairs, nested fields flattened. */
  input(type: string, input: Record<string, unknown>): Array<[string, string]>;
  /** A value of a field with this schema, as shown. */
  value(schema: unknown, value: unknown): string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Input schemas of every event declared in a process document, by event type. */
function inputSchemas(document: Record<string, unknown> | undefined): Map<string, JsonSchema> {
  const schemas = new Map<string, JsonSchema>();
  const walk = (states: unknown) => {
    if (!isRecord(states)) return;
    for (const state of Object.values(states)) {
      if (!isRecord(state)) continue;
      if (isRecord(state.on)) {
        for (const [type, event] of Object.entries(state.on)) {
          if (isRecord(event) && isRecord(event.input) && !schemas.has(type)) schemas.set(type, event.input);
        }
      }
      walk(state.states);
    }
  };
  walk(document?.states);
  return schemas;
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** The data field a process keeps its business unit in (`unit: data.unit` names `unit`), if it declares one. */
export function unitFieldOf(document: Record<string, unknown> | undefined): string | undefined {
  const unit = document?.unit;
  return typeof unit === 'string' ? /^data\.([A-Za-z_][\w.]*)$/.exec(unit.trim())?.[1] : undefined;
}

/**
 * The words of a case's history for `process` (its definition may still be loading) in `language`;
 * with `unitLabel`, the business unit in the registered data reads by its label.
 */
export function caseWords(process: ProcessInfo | undefined, language: Language, t: Translate, unitLabel?: (id: string) => string): CaseWords {
  const events = eventLabels(process?.document);
  const inputs = inputSchemas(process?.document);
  const timer = timerWords(process?.document, language);
  const state = (id: string) => pickLabel(process?.stateLabels.get(id) ?? id, language);
  const unitField = unitFieldOf(process?.document);
  const value = (schema: unknown, item: unknown): string => {
    if (item === null || item === undefined) return '';
    if (isRecord(schema) && schema.format === 'span' && typeof item === 'string') return durationInWords(item, language) ?? item;
    const labels = enumLabelsOf(schema);
    if (labels !== undefined && typeof item === 'string' && labels[item]) return labels[item][language];
    if (typeof item === 'boolean') return item ? t('common.yes') : t('common.no');
    if (typeof item === 'string' && ISO_TIME.test(item) && Number.isFinite(Date.parse(item))) return formatTime(Date.parse(item), language);
    if (Array.isArray(item)) return item.map((entry) => value(isRecord(schema) ? schema.items : undefined, entry)).join(', ');
    if (isRecord(item)) return Object.entries(item).map(([key, entry]) => `${titleOf(schema, key)}: ${value(fieldSchema(schema, key), entry)}`).join('; ');
    return showBidiControls(String(item));
  };
  const titleOf = (schema: unknown, key: string): string => {
    const sub = fieldSchema(schema, key);
    return isRecord(sub) && typeof sub.title === 'string' ? pickLabel(sub.title, language) : key;
  };
  const flatten = (schema: unknown, input: Record<string, unknown>, prefix: string[], data = false, keys: string[] = []): Array<[string, string]> =>
    Object.entries(input).flatMap(([key, item]): Array<[string, string]> => {
      const sub = fieldSchema(schema, key);
      const path = [...prefix, titleOf(schema, key)];
      const field = [...keys, key];
      if (isRecord(item) && isRecord(sub) && isRecord(sub.properties)) return flatten(sub, item, path, data, field);
      const unit = data && unitLabel && typeof item === 'string' && field.join('.') === unitField ? unitLabel(item) : undefined;
      return [[path.join(' › '), unit ?? value(sub, item)]];
    });
  return {
    state,
    event: (type) => pickLabel(events.get(type) ?? type, language),
    timer,
    // The opening event's input is the case data as registered.
    input: (type, input) => (type === '$start' ? flatten(process?.dataSchema, input, [], true) : flatten(inputs.get(type), input, [])),
    value,
  };
}
