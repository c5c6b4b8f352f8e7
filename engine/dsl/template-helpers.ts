/**
 * The helpers a template may call, and how each is called: Handlebars' own block helpers and
 * `lookup`, and Caseflow's formatting helpers (`time`, `date`, `duration`, `money`, and `unit` and
 * `person`, which name a unit or a person as the directory does). The
 * validator checks every call against this list; the compiler registers exactly these.
 */
import { didYouMean } from './suggest.js';

/** How a helper is called: as a block (`{{#if x}}…{{/if}}`) or inline, with how many values and which options. */
export interface HelperSignature {
  block: boolean;
  /** Number of positional values it takes. */
  params: number;
  /** Hash options by name, each with the literal values it accepts. */
  options: Readonly<Record<string, readonly string[]>>;
  /** A call to show in messages. */
  example: string;
}

/** How `{{time}}` may show a timestamp. */
export const TIME_FORMATS = ['datetime', 'date', 'time'] as const;

/** One of `TIME_FORMATS`. */
export type TimeFormat = (typeof TIME_FORMATS)[number];

/** Caseflow's formatting helpers. */
export const FORMAT_HELPERS = {
  time: { block: false, params: 1, options: { format: TIME_FORMATS }, example: '{{time data.slot}}' },
  date: { block: false, params: 1, options: {}, example: '{{date data.slot}}' },
  duration: { block: false, params: 1, options: {}, example: '{{duration elapsed}}' },
  money: { block: false, params: 1, options: {}, example: '{{money data.budget}}' },
  unit: { block: false, params: 1, options: {}, example: '{{unit data.unit}}' },
  person: { block: false, params: 1, options: {}, example: '{{person case.assignee}}' },
} as const satisfies Record<string, HelperSignature>;

/** Name of one of Caseflow's formatting helpers. */
export type FormatHelperName = keyof typeof FORMAT_HELPERS;

/** Handlebars' built-in helpers a template may use (`log` is left out: it writes to the server's console). */
const BUILT_IN_HELPERS: Readonly<Record<string, HelperSignature>> = {
  if: { block: true, params: 1, options: {}, example: '{{#if data.unit}}…{{/if}}' },
  unless: { block: true, params: 1, options: {}, example: '{{#unless data.unit}}…{{/unless}}' },
  each: { block: true, params: 1, options: {}, example: '{{#each data.items}}…{{/each}}' },
  with: { block: true, params: 1, options: {}, example: '{{#with data.customer}}…{{/with}}' },
  lookup: { block: false, params: 2, options: {}, example: '{{lookup settings.labels data.type}}' },
};

/** Every helper a template may call, by name. */
export const TEMPLATE_HELPERS: Readonly<Record<string, HelperSignature>> = { ...BUILT_IN_HELPERS, ...FORMAT_HELPERS };

/** Whether `name` is one of Caseflow's formatting helpers. */
export function isFormatHelper(name: string): name is FormatHelperName {
  return Object.hasOwn(FORMAT_HELPERS, name);
}

/** A helper call as the template writes it. */
export interface HelperCall {
  name: string;
  block: boolean;
  params: number;
  /** Hash options: name and, when written as a string literal, its value. */
  options: Array<{ name: string; literal?: string }>;
}

/** Why a helper call is wrong (unknown name, block or not, values, options), or undefined. */
export function helperCallProblem(call: HelperCall): string | undefined {
  const names = Object.keys(TEMPLATE_HELPERS);
  if (!Object.hasOwn(TEMPLATE_HELPERS, call.name)) {
    return `template calls unknown helper '${call.name}'${didYouMean(call.name, names)}; helpers are ${names.join(', ')}`;
  }
  const signature = TEMPLATE_HELPERS[call.name];
  if (signature.block && !call.block) return `'${call.name}' is a block helper: write ${signature.example}`;
  if (!signature.block && call.block) return `'${call.name}' is not a block helper: write ${signature.example}`;
  if (call.params !== signature.params) {
    const wanted = signature.params === 1 ? 'one value' : `${signature.params} values`;
    return `'${call.name}' takes ${wanted}, not ${call.params}: write ${signature.example}`;
  }
  for (const option of call.options) {
    if (!Object.hasOwn(signature.options, option.name)) {
      const known = Object.keys(signature.options);
      return `'${call.name}' has no option '${option.name}'${didYouMean(option.name, known)}${known.length > 0 ? `; its options are ${known.join(', ')}` : ''}`;
    }
    const allowed = signature.options[option.name];
    if (option.literal === undefined || !allowed.includes(option.literal)) {
      const choices = allowed.map((value) => `"${value}"`);
      const written = option.literal === undefined ? ', written as text' : didYouMean(option.literal, allowed);
      return `${option.name} of '${call.name}' must be ${choices.slice(0, -1).join(', ')} or ${choices[choices.length - 1]}${written}`;
    }
  }
  return undefined;
}
