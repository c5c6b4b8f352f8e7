/**
 * What a field problem breaks (`required`, `pattern`, `enum`…, with the field's title and its own
 * `errorMessage`), and the problem worded from it in Chinese or English: plain words
 * (`联系电话格式不正确`, never a raw pattern), else ajv-i18n's message. The browser's form check
 * and the server's 422 answers word problems with these same functions. The rule is kept beside
 * its `FieldError` rather than in it, so field errors keep their `{ field, message }` shape.
 */
import type { ErrorObject } from 'ajv';
import localizeEnModule from 'ajv-i18n/localize/en/index.js';
import localizeZhModule from 'ajv-i18n/localize/zh/index.js';
import { isEnumLabel, type LabelLanguage } from './dsl/enum-labels.js';
import type { FieldError } from './errors.js';

/** The rule a field breaks, as a schema check found it. */
export interface FieldRule {
  /** The JSON Schema keyword (`required`, `pattern`, `minimum`…), or `custom` with `text`. */
  keyword: string;
  /** The keyword's parameters as ajv gives them (`limit`, `allowedValues`…). */
  params?: Record<string, unknown>;
  /** The field's title (`联系电话 Phone`). */
  title?: string;
  /** The field's own message from the YAML (`{ zh, en }`). */
  errorMessage?: unknown;
  /** The message in each language, for a problem no schema keyword names. */
  text?: { zh: string; en: string };
}

const rules = new WeakMap<FieldError, FieldRule>();

/** `error` with the rule it breaks kept beside it. */
export function withRule(error: FieldError, rule: FieldRule): FieldError {
  rules.set(error, rule);
  return error;
}

/** The rule a field error breaks, when its maker said. */
export function ruleOf(error: FieldError): FieldRule | undefined {
  return rules.get(error);
}

/** ajv-i18n is CommonJS; its default exports may arrive wrapped. */
const LOCALIZE = {
  zh: 'default' in localizeZhModule ? localizeZhModule.default : localizeZhModule,
  en: 'default' in localizeEnModule ? localizeEnModule.default : localizeEnModule,
};

/** Plain words for the keywords whose ajv message is a formula or a pattern. */
const PLAIN: Record<LabelLanguage, Record<string, (title: string, limit: string) => string>> = {
  zh: {
    required: () => '此项必填',
    pattern: (title) => `${title}格式不正确`,
    format: (title) => `${title}格式不正确`,
    enum: () => '请从选项中选择',
    minLength: () => '此项必填',
    minimum: (_title, limit) => `不能小于 ${limit}`,
    maximum: (_title, limit) => `不能大于 ${limit}`,
    exclusiveMinimum: (_title, limit) => `应大于 ${limit}`,
    exclusiveMaximum: (_title, limit) => `应小于 ${limit}`,
    type: () => '填写的内容类型不对',
  },
  en: {
    required: () => 'is required',
    pattern: (title) => `${title} is not in the expected form`,
    format: (title) => `${title} is not in the expected form`,
    enum: () => 'choose one of the options',
    minLength: () => 'is required',
    minimum: (_title, limit) => `must be at least ${limit}`,
    maximum: (_title, limit) => `must be at most ${limit}`,
    exclusiveMinimum: (_title, limit) => `must be more than ${limit}`,
    exclusiveMaximum: (_title, limit) => `must be less than ${limit}`,
    type: () => 'is not the right kind of value',
  },
};

/**
 * The part of a bilingual label in `language`: `联系电话 Phone` is `联系电话` in Chinese and
 * `Phone` in English; a one-language label stays as it is.
 */
export function labelIn(label: string, language: LabelLanguage): string {
  const match = /^([^A-Za-z]*[\u3400-\u9fff][^A-Za-z]*?)\s+([A-Za-z].*)$/.exec(label.trim());
  if (!match) return label;
  return language === 'zh' ? match[1].trim() : match[2].trim();
}

/** The field's title in `language`, or empty. */
export function ruleTitle(rule: FieldRule, language: LabelLanguage): string {
  return rule.title === undefined ? '' : labelIn(rule.title, language);
}

/**
 * A field problem in `language`: the field's own `errorMessage` (not for a missing field), else
 * plain words, else ajv-i18n's wording of the keyword.
 */
export function ruleMessage(rule: FieldRule, language: LabelLanguage): string {
  if (rule.text !== undefined) return rule.text[language];
  if (rule.keyword !== 'required' && isEnumLabel(rule.errorMessage)) return rule.errorMessage[language];
  if (rule.keyword !== 'required' && typeof rule.errorMessage === 'string') return labelIn(rule.errorMessage, language);
  const limit = rule.params?.limit;
  const plain = PLAIN[language][rule.keyword];
  if (plain !== undefined && !(rule.keyword === 'minLength' && Number(limit) > 1)) return plain(ruleTitle(rule, language), String(limit ?? ''));
  const error: ErrorObject = { keyword: rule.keyword, params: rule.params ?? {}, instancePath: '', schemaPath: '' };
  LOCALIZE[language]([error]);
  return error.message ?? (language === 'zh' ? '无效' : 'is invalid');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A rule no schema keyword names, with its message in each language and the title of the field it is about. */
export function customRule(text: { zh: string; en: string }, fieldSchema?: unknown): FieldRule {
  const rule: FieldRule = { keyword: 'custom', text };
  if (isRecord(fieldSchema) && typeof fieldSchema.title === 'string') rule.title = fieldSchema.title;
  return rule;
}

/** The rule of an ajv error: its keyword and parameters, and the title and message of the field it names. */
export function ruleOfAjvError(error: ErrorObject, fieldSchema?: unknown): FieldRule {
  const schema = fieldSchema ?? (error.keyword === 'required' && isRecord(error.parentSchema) && isRecord(error.parentSchema.properties)
    ? error.parentSchema.properties[String(error.params.missingProperty)]
    : error.parentSchema);
  const rule: FieldRule = { keyword: error.keyword, params: { ...error.params } };
  if (isRecord(schema) && typeof schema.title === 'string') rule.title = schema.title;
  if (isRecord(schema) && schema.errorMessage !== undefined) rule.errorMessage = schema.errorMessage;
  return rule;
}

/** A field problem written by hand, in both languages: the reader's is chosen when it is answered. */
export function fieldProblem(field: string, en: string, zh: string): FieldError {
  return withRule({ field, message: en }, customRule({ zh, en }));
}
