/**
 * Structural checks of the state tree: unique names, `initial` naming a real child, transition
 * targets that exist, and the state names a deadline lists.
 */
import type { CheckContext } from './check-context.js';
import { formatPath } from './source-map.js';
import { didYouMean } from './suggest.js';

/** Reports duplicate state names, bad `initial`s, unknown targets and misplaced `onDone`. */
export function checkStates(context: CheckContext): void {
  const { definition, sites, states, report } = context;
  const allNames = [...states.keys()];

  for (const site of sites.states) {
    const first = states.get(site.name);
    if (first && first !== site) {
      report(site.path, 'error', `state name '${site.name}' is used twice (also at ${formatPath(first.path)}); state names must be unique in the whole process`, { key: true });
    }
  }

  const topLevel = Object.keys(definition.states);
  if (!topLevel.includes(definition.initial)) {
    const hint = states.has(definition.initial)
      ? ` ('${definition.initial}' is nested; name a top-level state)`
      : didYouMean(definition.initial, topLevel) || ` (top-level states: ${topLevel.join(', ')})`;
    report(['initial'], 'error', `initial state '${definition.initial}' is not a top-level state${hint}`);
  }

  for (const site of sites.states) {
    const { state, path, name } = site;
    const children = Object.keys(state.states ?? {});
    if (state.final && children.length > 0) {
      report([...path, 'final'], 'error', `final state '${name}' cannot have child states`, { key: true });
    }
    if (state.parallel && children.length === 0) {
      report([...path, 'parallel'], 'error', `parallel state '${name}' needs child states (its regions)`, { key: true });
    }
    if (state.final && state.on && Object.keys(state.on).length > 0) {
      report([...path, 'on'], 'warning', `final state '${name}' accepts events, but a finished case takes no events`, { key: true });
    }
    if (state.initial !== undefined) {
      if (children.length === 0) {
        report([...path, 'initial'], 'error', `state '${name}' has initial '${state.initial}' but no child states`);
      } else if (!state.parallel && !children.includes(state.initial)) {
        report([...path, 'initial'], 'error', `initial '${state.initial}' is not a child of '${name}'${didYouMean(state.initial, children)} (children: ${children.join(', ')})`);
      }
    } else if (children.length > 0 && !state.parallel) {
      report(path, 'error', `compound state '${name}' needs initial: one of ${children.join(', ')}`, { key: true });
    }
    if (state.onDone !== undefined && children.length === 0) {
      report([...path, 'onDone'], 'error', `onDone on '${name}' never fires: only a compound or parallel state is ever done`, { key: true });
    }
  }

  for (const target of sites.targets) {
    if (!states.has(target.target)) {
      const hint = didYouMean(target.target, allNames) || ` (states: ${allNames.slice(0, 12).join(', ')}${allNames.length > 12 ? ', …' : ''})`;
      report(target.path, 'error', `target '${target.target}' is not a state${hint}`);
    }
  }

  for (const { deadline, path, state } of sites.deadlines) {
    for (const key of ['activeIn', 'pausedIn'] as const) {
      const names = deadline[key];
      if (names === undefined) continue;
      if (state !== undefined) {
        report([...path, key], 'error', `${key} only applies to process-level deadlines; this deadline runs while '${state}' is active`, { key: true });
        continue;
      }
      names.forEach((stateName, index) => {
        if (!states.has(stateName)) {
          report([...path, key, index], 'error', `${key} names '${stateName}', which is not a state${didYouMean(stateName, allNames)}`);
        }
      });
    }
  }
}
