/**
 * Checks a form's value against its JSON Schema in the browser, before it is sent, with messages
 * in the UI's language placed at their fields: the field's own `errorMessage` from the YAML
 * (`手机号码格式不正确`), else plain words (`此项必填`, `格式不正确` rather than a raw pattern),
 * else ajv's message, in Chinese through ajv-i18n.
 */
import type { ErrorObject } from 'ajv';
import localizeEnModule from 'ajv-i18n/localize/en/index.js';
import localizeZhModule from 'ajv-i18n/localize/zh/index.js';
import { fieldSchema, isEnumLabel } from '../../../engine/dsl/enum-labels.js';
import { schemaErrors } from './schema-check.js';
import type { FieldProblem } from '../api.js';
import { pickLabel, type Language } from '../i18n/index.js';
import type { JsonSchema } from '../types.js';

/** ajv-i18n is CommonJS; its default exports may arrive wrapped. */
const LOCALIZE = {
  zh: 'default' in localizeZhModule ? localizeZhModule.default : localizeZhModule,
  en: 'default' in localizeEnModule ? localizeEnModule.default : localizeEnModule,
};

/** Plain words for the keywords whose ajv message is a formula or a pattern. */
const PLAIN: Record<Language, Record<string, (title: string, limit: string) => string>> = {
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

/** The dotted field of an ajv error (the missing property for `required`). */
function fieldOf(error: ErrorObject): string {
  const path = error.instancePath.split('/').slice(1).map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (error.keyword === 'required' && typeof error.params.missingProperty === 'string') path.push(error.params.missingProperty);
  return path.join('.');
}

/** The message of one error at `field` whose schema is `sub`, in `language`. */
function messageOf(error: ErrorObject, sub: unknown, language: Language): string {
  const record = typeof sub === 'object' && sub !== null && !Array.isArray(sub) ? Object.fromEntries(Object.entries(sub)) : {};
  const own: unknown = record.errorMessage;
  if (error.keyword !== 'required' && isEnumLabel(own)) return own[language];
  const title = typeof record.title === 'string' ? pickLabel(record.title, language) : '';
  const plain = PLAIN[language][error.keyword];
  if (plain !== undefined && !(error.keyword === 'minLength' && Number(error.params.limit) > 1)) return plain(title, String(error.params.limit ?? ''));
  return error.message ?? (language === 'zh' ? '无效' : 'is invalid');
}

/** The problems of `value` against `schema`, one per field, in `language`; empty when it fits. */
export function checkForm(schema: JsonSchema, value: unknown, language: Language): FieldProblem[] {
  const errors = schemaErrors(schema, value);
  if (errors.length === 0) return [];
  LOCALIZE[language](errors);
  const problems = new Map<string, FieldProblem>();
  for (const error of errors) {
    const field = fieldOf(error);
    if (problems.has(field)) continue;
    problems.set(field, { field, message: messageOf(error, fieldSchema(schema, field), language) });
  }
  return [...problems.values()];
}
