/**
 * Named conditions: `conditions: { within-budget: … }` declared once, used as `if: within-budget`
 * (or `if: [a, b]`, all of them) by events, branches, actions and approvals, so a guard reads as
 * the rule it encodes. An event remembers the rules of its `if` so a refusal can name them.
 */
import type { ExpansionContext } from './expansion-context.js';
import type { DocPath } from './source-map.js';
import { isRecord } from './schema-properties.js';
import { didYouMean } from './suggest.js';
import type { ConditionRule } from './types.js';

/** A kebab-case name with a hyphen: what a condition name looks like, and no CEL expression does. */
const CONDITION_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)+$/;

/** Replaces condition names in every `if` of the states and deadlines by their expressions. */
export function expandConditions(process: Record<string, unknown>, context: ExpansionContext): void {
  const declared = new Map<string, { expr: string; label?: string; source: DocPath }>();
  if (isRecord(process.conditions)) {
    for (const [name, condition] of Object.entries(process.conditions)) {
      if (typeof condition === 'string') declared.set(name, { expr: condition, source: ['conditions', name] });
      else if (isRecord(condition) && typeof condition.if === 'string') {
        declared.set(name, { expr: condition.if, source: ['conditions', name, 'if'], ...(typeof condition.label === 'string' ? { label: condition.label } : {}) });
      }
    }
  }
  const used = new Set<string>();

  const unknown = (name: string, path: DocPath): void => {
    context.report(path, 'error', `there is no condition '${name}' in conditions${didYouMean(name, declared.keys())}`);
  };

  /** The expression for an `if` value, or undefined when it is a plain expression left as is. */
  const resolve = (value: unknown, path: DocPath): { expr: string; rules: ConditionRule[] } | undefined => {
    if (typeof value === 'string') {
      const name = value.trim();
      const condition = declared.get(name);
      if (condition === undefined) {
        if (CONDITION_NAME.test(name)) unknown(name, path);
        return undefined;
      }
      used.add(name);
      context.locator.copied(path, condition.source, { path, message: `in condition '${name}' used` });
      return { expr: condition.expr, rules: [rule(name, condition)] };
    }
    if (!Array.isArray(value)) return undefined;
    const rules: ConditionRule[] = [];
    value.forEach((item, index) => {
      const condition = typeof item === 'string' ? declared.get(item.trim()) : undefined;
      if (typeof item !== 'string' || condition === undefined) {
        unknown(String(item), [...path, index]);
        return;
      }
      used.add(item.trim());
      rules.push(rule(item.trim(), condition));
    });
    return { expr: rules.map((r) => `(${r.if})`).join(' && '), rules };
  };

  const walk = (node: unknown, path: DocPath): void => {
    if (Array.isArray(node)) {
      node.forEach((item, index) => walk(item, [...path, index]));
      return;
    }
    if (!isRecord(node)) return;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'input' || key === 'data') continue;
      if (key === 'if') {
        const resolved = resolve(value, [...path, key]);
        if (resolved === undefined) continue;
        node.if = resolved.expr;
        // An event's own `if` (…on.<event>.if) keeps its rules for the refusal message.
        if (path.length >= 2 && path[path.length - 2] === 'on') node.rules = resolved.rules;
        continue;
      }
      walk(value, [...path, key]);
    }
  };
  walk(process.states, ['states']);
  walk(process.deadlines, ['deadlines']);

  for (const name of declared.keys()) {
    if (!used.has(name)) context.report(['conditions', name], 'warning', `condition '${name}' is not used by any if`, { key: true });
  }
}

function rule(name: string, condition: { expr: string; label?: string }): ConditionRule {
  return condition.label === undefined ? { name, if: condition.expr } : { name, if: condition.expr, label: condition.label };
}
