/**
 * Declared invariants: each rule names top-level states (in `in` or `except`, not both) and has
 * a unique name; the exploration's sample values name fields the process has. Their conditions
 * are checked with the other expressions (`check-expressions.ts`).
 */
import type { CheckContext } from './check-context.js';
import { propertiesOf } from './schema-properties.js';
import { didYouMean } from './suggest.js';

/** Reports rules naming unknown states, rules with both `in` and `except`, and repeated names. */
export function checkInvariants(context: CheckContext): void {
  const invariants = context.definition.invariants;
  if (invariants === undefined) return;
  const topLevel = Object.keys(context.definition.states);
  const names = new Set<string>();
  invariants.rules.forEach((rule, i) => {
    const path = ['invariants', 'rules', i];
    if (names.has(rule.name)) context.report([...path, 'name'], 'error', `invariant '${rule.name}' is declared twice`);
    names.add(rule.name);
    if (rule.in !== undefined && rule.except !== undefined) {
      context.report([...path, 'except'], 'error', "an invariant names its states with 'in' or with 'except', not both");
    }
    for (const key of ['in', 'except'] as const) {
      rule[key]?.forEach((state, j) => {
        if (!topLevel.includes(state)) {
          context.report([...path, key, j], 'error', `'${state}' is not a top-level state${didYouMean(state, topLevel) || ` (top-level states: ${topLevel.join(', ')})`}`);
        }
      });
    }
  });
  const known = new Set(Object.keys(propertiesOf(context.definition.data) ?? {}));
  for (const state of context.sites.events) {
    for (const name of Object.keys(propertiesOf(state.event.input) ?? {})) known.add(name);
  }
  for (const name of Object.keys(invariants.explore?.samples ?? {})) {
    if (!known.has(name)) {
      context.report(['invariants', 'explore', 'samples', name], 'error', `samples name '${name}', which is neither a data field nor an event input field${didYouMean(name, [...known])}`, { key: true });
    }
  }
}
