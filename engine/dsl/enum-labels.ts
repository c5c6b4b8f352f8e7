/**
 * Labels of enum values, declared once beside the `enum` of a data or input field:
 *
 * ```yaml
 * category:
 *   enum: [billing, network]
 *   labels: { billing: { zh: 流量费用, en: Billing }, network: { zh: 网络质量, en: Network } }
 * ```
 *
 * Forms, the case data view, the timeline, messages and CSV show the label, never the value.
 * Pure and dependency-free, so the admin UI reads labels with these same functions.
 */

/** A label in each language of the UI. */
export interface EnumLabel {
  zh: string;
  en: string;
}

/** Labels by enum value. */
export type EnumLabels = Record<string, EnumLabel>;

/** A language the labels come in. */
export type LabelLanguage = keyof EnumLabel;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether `value` is a well-formed label (`{ zh, en }`, both non-empty text). */
export function isEnumLabel(value: unknown): value is EnumLabel {
  return isRecord(value) && typeof value.zh === 'string' && value.zh.trim() !== '' && typeof value.en === 'string' && value.en.trim() !== '';
}

/** Labels already read from a schema object (schemas of published versions never change). */
const labelsRead = new WeakMap<object, EnumLabels | undefined>();

/** The labels a field schema declares (of its items, for a list of choices), if any. */
export function enumLabelsOf(schema: unknown): EnumLabels | undefined {
  if (!isRecord(schema)) return undefined;
  if (labelsRead.has(schema)) return labelsRead.get(schema);
  const labels = readEnumLabels(schema);
  labelsRead.set(schema, labels);
  return labels;
}

function readEnumLabels(schema: Record<string, unknown>): EnumLabels | undefined {
  const own = schema.labels;
  if (isRecord(own)) {
    const labels = Object.entries(own).filter((entry): entry is [string, EnumLabel] => isEnumLabel(entry[1]));
    return labels.length > 0 ? Object.fromEntries(labels) : undefined;
  }
  return schema.type === 'array' ? enumLabelsOf(schema.items) : undefined;
}

/** The label of `value` in `language` from a field schema, or the value as text when it has none. */
export function enumLabel(schema: unknown, value: unknown, language: LabelLanguage): string {
  const label = enumLabelsOf(schema)?.[String(value)];
  return label === undefined ? String(value) : label[language];
}

/** The schema of a dotted field path (`customer.tier`) in an object schema, if declared. */
export function fieldSchema(schema: unknown, path: string): unknown {
  let current: unknown = schema;
  for (const key of path.split('.')) {
    if (!isRecord(current) || !isRecord(current.properties) || !Object.hasOwn(current.properties, key)) return undefined;
    current = current.properties[key];
  }
  return current;
}

/** A value shown with labels: an enum value (or a list of them) by its label, other values as they are. */
export function labelledValue(schema: unknown, value: unknown, language: LabelLanguage): unknown {
  const labels = enumLabelsOf(schema);
  if (labels === undefined) return value;
  if (Array.isArray(value)) return value.map((item) => (typeof item === 'string' && labels[item] ? labels[item][language] : item));
  return typeof value === 'string' && labels[value] ? labels[value][language] : value;
}

/**
 * The data with every labelled enum value replaced by its label, nested objects alike: what
 * messages show as `{{labels.category}}`.
 */
export function labelledData(schema: unknown, data: unknown, language: LabelLanguage): unknown {
  if (!isRecord(data) || !isRecord(schema) || !isRecord(schema.properties)) return labelledValue(schema, data, language);
  const properties = schema.properties;
  return Object.fromEntries(Object.entries(data).map(([key, value]) => [key, Object.hasOwn(properties, key) ? labelledData(properties[key], value, language) : value]));
}

/**
 * `labelledData` worked out field by field on first read: a template that names one label
 * (`{{labels.category}}`) does not pay for relabelling the whole case data on every event.
 */
export function lazyLabelledData(schema: unknown, data: Record<string, unknown>, language: LabelLanguage): Record<string, unknown> {
  if (!isRecord(schema) || !isRecord(schema.properties)) return data;
  const properties = schema.properties;
  const labelled: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    if (!Object.hasOwn(properties, key)) {
      labelled[key] = value;
      continue;
    }
    Object.defineProperty(labelled, key, {
      enumerable: true,
      configurable: true,
      get() {
        const shown = labelledData(properties[key], value, language);
        Object.defineProperty(labelled, key, { value: shown, enumerable: true, configurable: true, writable: true });
        return shown;
      },
    });
  }
  return labelled;
}
