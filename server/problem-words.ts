/**
 * Problems in the reader's language: the request's `Accept-Language` decides (the admin UI sends
 * its own language). In Chinese the title is Chinese, each field problem is worded from the rule
 * it breaks (`联系电话格式不正确`, `此项必填`), and the refusals staff meet on a case (a condition,
 * a role, another holder) say so in Chinese; the code, the fields and every other member stay as
 * they are, so clients still read them by machine.
 */
import type { LabelLanguage } from '../engine/dsl/enum-labels.js';
import { CaseflowError, type FieldError } from '../engine/errors.js';
import { labelIn, ruleMessage, ruleOf, ruleTitle } from '../engine/field-rules.js';
import type { ProblemAnswer } from './problem.js';

/** The language a request asks for: Chinese when a `zh` range is preferred over English, else English. */
export function requestLanguage(acceptLanguage: string | undefined | null): LabelLanguage {
  let best: { language: LabelLanguage; q: number } | undefined;
  for (const part of (acceptLanguage ?? '').split(',')) {
    const [range, ...params] = part.trim().toLowerCase().split(';');
    const q = Number(params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((value) => value !== undefined) ?? 1);
    const language = range.startsWith('zh') ? 'zh' : range.startsWith('en') ? 'en' : undefined;
    if (language !== undefined && Number.isFinite(q) && q > 0 && (best === undefined || q > best.q)) best = { language, q };
  }
  return best?.language ?? 'en';
}

/** Chinese titles by problem code (and by status for the server's own refusals). */
const ZH_TITLES: Record<string, string> = {
  'invalid-definition': '流程定义有错误',
  'invalid-input': '提交的内容有误',
  'event-not-allowed': '当前状态不允许此操作',
  'guard-refused': '此操作的条件现在不满足',
  'role-not-allowed': '您的角色无权进行此操作',
  'held-by-another': '此工单由他人处理',
  'stale-revision': '工单已被他人更改，请刷新后再试',
  'not-found': '未找到',
  conflict: '操作冲突',
  unauthenticated: '请先登录',
  'read-only': '系统暂时不接受修改',
  unavailable: '数据库暂时无法连接，请稍后再试',
  internal: '服务器内部错误',
  412: '工单已被他人更改，请刷新后再试',
  400: '请求有误',
  401: '请先登录',
  403: '无权访问',
  404: '未找到',
  405: '不支持此请求方法',
  409: '操作冲突',
  413: '请求内容过大',
  415: '不支持的内容类型',
  422: '提交的内容有误',
  428: '缺少前提条件',
  429: '尝试次数过多，请稍后再试',
  503: '服务暂时不可用',
};

/** Chinese for the few field problems written by hand that several checks share. */
const ZH_MESSAGES: Record<string, string> = {
  'is required': '此项必填',
  'must not be empty': '不能为空',
  'must not be blank': '不能为空',
  'is not a known field': '不是可识别的字段',
  'is not allowed': '不允许填写此项',
  'must not contain a NUL character': '不能包含空字符（NUL）',
};

/** A field problem in `language`: worded from its rule when it has one. */
function fieldMessage(error: FieldError, language: LabelLanguage): string {
  const rule = ruleOf(error);
  if (rule !== undefined) return ruleMessage(rule, language);
  return language === 'zh' ? ZH_MESSAGES[error.message] ?? error.message : error.message;
}

/**
 * A Chinese detail for the refusals staff meet on a case, from the problem's own members (the
 * holder, the condition; the roles needed stay in `roles`); undefined for the others, which keep
 * the engine's words.
 */
function chineseDetail(code: string, title: string, members: Record<string, unknown>): string | undefined {
  switch (code) {
    case 'guard-refused':
      return typeof members.condition === 'string' && members.condition !== '' ? `${title}：${labelIn(members.condition, 'zh')}` : `${title}。`;
    case 'held-by-another':
      return typeof members.assigneeName === 'string' ? `此工单由 ${members.assigneeName} 处理，只有处理人、其代理人或分派人可以操作。` : `${title}。`;
    case 'role-not-allowed':
    case 'event-not-allowed':
    case 'stale-revision':
    case 'unauthenticated':
      return `${title}。`;
    default:
      return undefined;
  }
}

/** What a problem says to people, in Chinese when `language` is `zh`. */
export interface ProblemWords {
  title: string;
  detail: string;
  errors?: FieldError[];
}

/**
 * The title, detail and field problems in `language`. English keeps the engine's words (a field's
 * own `errorMessage` aside); Chinese gets a Chinese title and, for field problems, each message and
 * a detail listing them by title.
 */
export function problemWords(code: string, status: number, words: ProblemWords, errors: readonly FieldError[] | undefined, language: LabelLanguage, members: Record<string, unknown> = {}): ProblemWords {
  if (language !== 'zh') {
    // English keeps the engine's words, but a field's own message from the YAML says it better.
    const own = errors?.map((error) => ({ field: error.field, message: ruleOf(error)?.errorMessage === undefined || ruleOf(error)?.keyword === 'required' ? error.message : fieldMessage(error, language) }));
    return own === undefined || own.every((error, index) => error.message === errors?.[index].message) ? words : { ...words, errors: own };
  }
  const title = ZH_TITLES[status === 412 ? 412 : code] ?? ZH_TITLES[status] ?? words.title;
  if (errors === undefined || errors.length === 0) return { ...words, title, detail: chineseDetail(code, title, members) ?? words.detail };
  const localized = errors.map((error) => ({ field: error.field, message: fieldMessage(error, 'zh') }));
  const items = errors.map((error, index) => {
    const rule = ruleOf(error);
    const name = rule === undefined ? '' : ruleTitle(rule, 'zh');
    const message = localized[index].message;
    const who = name === '' ? error.field : name;
    return message.startsWith(who) ? message : `${who}：${message}`;
  });
  return { title, detail: `${title}：${items.join('；')}。`, errors: localized };
}

function isFieldError(value: unknown): value is FieldError {
  return typeof value === 'object' && value !== null && typeof Reflect.get(value, 'field') === 'string' && typeof Reflect.get(value, 'message') === 'string';
}

/** The answer to `error` with its problem's title, detail and field problems in the reader's language. */
export function problemInLanguage(answer: ProblemAnswer, error: unknown, language: LabelLanguage): ProblemAnswer {
  const { problem } = answer;
  const details = error instanceof CaseflowError && !answer.unexpected ? error.details : undefined;
  const errors = Array.isArray(details) && problem.code !== 'invalid-definition' ? details.filter(isFieldError) : undefined;
  const words = problemWords(problem.code, problem.status, { title: problem.title, detail: problem.detail }, errors, language, problem);
  if (words.title === problem.title && words.detail === problem.detail && words.errors === undefined) return answer;
  return { ...answer, problem: { ...problem, title: words.title, detail: words.detail, ...(words.errors === undefined ? {} : { errors: words.errors }) } };
}
