/**
 * What a password must be, wherever one is set (the API, the CLI, `CASEFLOW_ADMIN_PASSWORD`,
 * changing one's own): long enough, not a commonly used password, not a few characters
 * repeated, and not containing the username. Each refusal names its rule in plain words.
 */
import { dictionary } from '@zxcvbn-ts/language-common';
import type { FieldError } from '../../engine/errors.js';
import { fieldProblem } from '../../engine/field-rules.js';

/** Shortest password accepted unless `CASEFLOW_PASSWORD_MIN_LENGTH` says otherwise. */
export const DEFAULT_MIN_PASSWORD_LENGTH = 12;
const MAX_PASSWORD_LENGTH = 1024;
/** A password with fewer distinct characters than this is a repeat (`aaaaaaaaaaaa`, `abababababab`). */
const MIN_DISTINCT_CHARACTERS = 5;

let common: Set<string> | undefined;

/** The ~50,000 most used passwords (zxcvbn's list), lower-case; loaded on first use. */
function commonPasswords(): Set<string> {
  common ??= new Set(dictionary['passwords-common']);
  return common;
}

/** True when the password, or its letters without the digits and symbols around them (`Password2024!`), is a commonly used one. */
function isCommon(password: string): boolean {
  const lower = password.toLowerCase();
  const joined = lower.replace(/[\s._-]+/g, '');
  const core = joined.replace(/^[^a-z]+|[^a-z]+$/g, '');
  const list = commonPasswords();
  return list.has(lower) || list.has(joined) || (core.length >= 4 && list.has(core));
}

/** True for one piece said again and again (`passwordpassword`) or too few different characters. */
function isRepetitive(password: string): boolean {
  const lower = password.toLowerCase();
  return new Set(lower).size < MIN_DISTINCT_CHARACTERS || /^(.+?)\1+$/.test(lower);
}

/** What a password is checked against. */
export interface PasswordContext {
  /** The account it is for: the password may not contain it. */
  username?: string;
  minLength?: number;
  /** The field named in the problems (`password`, `next`). */
  field?: string;
}

/** The rules `password` breaks, each a field problem (`[]` when it is acceptable). */
export function passwordProblems(password: unknown, context: PasswordContext = {}): FieldError[] {
  const field = context.field ?? 'password';
  const minLength = context.minLength ?? DEFAULT_MIN_PASSWORD_LENGTH;
  if (typeof password !== 'string') return [fieldProblem(field, 'is required and must be a string', '此项必填，且须为文本')];
  if ([...password].length < minLength) return [fieldProblem(field, `must be at least ${minLength} characters long`, `至少 ${minLength} 个字符`)];
  if (password.length > MAX_PASSWORD_LENGTH) return [fieldProblem(field, `must be at most ${MAX_PASSWORD_LENGTH} characters long`, `最多 ${MAX_PASSWORD_LENGTH} 个字符`)];
  const problems: FieldError[] = [];
  if (isCommon(password)) problems.push(fieldProblem(field, 'is one of the most commonly used passwords; choose one nobody would guess', '是最常用的密码之一，请换一个别人猜不到的密码'));
  if (isRepetitive(password)) problems.push(fieldProblem(field, 'repeats the same few characters; mix more different characters', '重复了相同的几个字符，请混合更多不同的字符'));
  const username = context.username?.toLowerCase();
  if (username !== undefined && username.length >= 3 && password.toLowerCase().includes(username)) {
    problems.push(fieldProblem(field, 'must not contain the username', '不能包含用户名'));
  }
  return problems;
}
