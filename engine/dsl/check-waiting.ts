/**
 * Waiting for people without a clock: a state where staff act (events with roles) but nothing
 * measures how long the case waits there — no deadline, no timer, in the state or around it,
 * and no process-level deadline running in it — gets a warning.
 */
import type { CheckContext } from './check-context.js';

/** Warns about states that wait for people with no deadline at all. */
export function checkWaiting(context: CheckContext): void {
  const { definition, sites, states, report } = context;
  const processDeadlines = Object.values(definition.deadlines ?? {});

  const ancestry = (name: string): string[] => {
    const chain = [name];
    for (let parent = states.get(name)?.parent; parent !== undefined; parent = states.get(parent)?.parent) chain.push(parent);
    return chain;
  };
  const timed = (name: string): boolean => {
    const state = states.get(name)?.state;
    return state !== undefined && (state.deadline !== undefined || (state.timers ?? []).length > 0);
  };
  const coveredByProcessDeadline = (chain: string[]): boolean =>
    processDeadlines.some((deadline) => {
      if (deadline.pausedIn?.some((name) => chain.includes(name))) return false;
      return deadline.activeIn === undefined || deadline.activeIn.some((name) => chain.includes(name));
    });

  const peopleActIn = (name: string): boolean =>
    Object.values(states.get(name)?.state.on ?? {}).some((event) => !Array.isArray(event.roles) || event.roles.length > 0);

  for (const site of sites.states) {
    // A case waits in leaf states; a compound state's events are offered in each of its leaves.
    if (site.state.final || states.get(site.name) !== site || Object.keys(site.state.states ?? {}).length > 0) continue;
    const chain = ancestry(site.name);
    if (!chain.some(peopleActIn)) continue;
    if (chain.some(timed) || coveredByProcessDeadline(chain)) continue;
    report(site.path, 'warning', `state '${site.name}' waits for people with no deadline or timer: a case could wait here forever unnoticed`, { key: true });
  }
}
