/**
 * Named values: `values: { reviewer: <CEL> }` declared once and named in any expression as
 * `values.reviewer`, so a rule reads as what it means (the reviewer of a fee type) and its
 * formula is written once. A use is replaced by the value's expression in parentheses.
 */
import type { ExpansionContext } from './expansion-context.js';
import type { Replacement } from './expanded-locator.js';
import type { DocPath } from './source-map.js';
import { isRecord } from './schema-properties.js';
import { didYouMean } from './suggest.js';

/** `values.<name>` not preceded by a name character or a dot. */
const VALUE_USE = /(?<![A-Za-z0-9_.])values\.([A-Za-z_][A-Za-z0-9_]*)/g;

/** Keys whose strings are not expressions (labels, texts) or hold JSON Schema. */
const NOT_EXPRESSIONS = new Set(['input', 'data', 'label', 'description']);

/** Replaces `values.<name>` in the expressions of states, deadlines, contacts and `unit`. */
export function expandValues(process: Record<string, unknown>, context: ExpansionContext): void {
  const written = isRecord(process.values) ? process.values : {};
  const names = Object.keys(written);
  const resolved = new Map<string, string>();
  const used = new Set<string>();

  const valueOf = (name: string, trail: string[]): string | undefined => {
    const known = resolved.get(name);
    if (known !== undefined) return known;
    const text = written[name];
    if (typeof text !== 'string') return undefined;
    if (trail.includes(name)) {
      context.report(['values', name], 'error', `value '${name}' is defined by itself: ${[...trail, name].join(' → ')}`);
      resolved.set(name, text);
      return text;
    }
    const expr = replaceUses(text, ['values', name], [...trail, name]);
    resolved.set(name, expr);
    return expr;
  };

  /** `text` with each use replaced; problems reported at `path`. */
  const replaceUses = (text: string, path: DocPath, trail: string[]): string => {
    const replacements: Replacement[] = [];
    let out = '';
    let last = 0;
    for (const match of usesOutsideStrings(text)) {
      const name = match.name;
      const expr = valueOf(name, trail);
      if (expr === undefined) {
        context.report(path, 'error', `there is no value '${name}' in values${didYouMean(name, names)}`, { offset: match.at });
        continue;
      }
      used.add(name);
      const replacement = `(${expr})`;
      out += text.slice(last, match.at);
      replacements.push({ at: out.length, length: replacement.length, sourceAt: match.at, sourceLength: match.length });
      out += replacement;
      last = match.at + match.length;
    }
    out += text.slice(last);
    if (trail.length === 0) context.locator.replaced(path, replacements);
    return out;
  };

  const walk = (node: unknown, path: DocPath): unknown => {
    if (typeof node === 'string') return node.includes('values.') ? replaceUses(node, path, []) : node;
    if (Array.isArray(node)) return node.map((item, index) => walk(item, [...path, index]));
    if (!isRecord(node)) return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) out[key] = NOT_EXPRESSIONS.has(key) ? value : walk(value, [...path, key]);
    return out;
  };

  for (const key of ['states', 'deadlines', 'contacts', 'unit'] as const) {
    if (process[key] !== undefined) process[key] = walk(process[key], [key]);
  }
  for (const name of names) {
    valueOf(name, []);
    if (!used.has(name)) context.report(['values', name], 'warning', `value '${name}' is not used by any expression`, { key: true });
  }
}

/** Uses of `values.<name>` in an expression, outside its string literals. */
function usesOutsideStrings(text: string): Array<{ name: string; at: number; length: number }> {
  const found: Array<{ name: string; at: number; length: number }> = [];
  let quote: string | undefined;
  const code: boolean[] = [];
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    code.push(quote === undefined);
    if (quote !== undefined) {
      if (char === '\\') {
        code.push(false);
        i++;
      } else if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") {
      quote = char;
      code[i] = false;
    }
  }
  for (const match of text.matchAll(VALUE_USE)) {
    if (match.index !== undefined && code[match.index]) found.push({ name: match[1], at: match.index, length: match[0].length });
  }
  return found;
}
