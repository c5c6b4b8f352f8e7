/**
 * Flow checks over the state graph: every state can be entered from the initial state, and from
 * every state some final state can still be reached. Guards are ignored (any branch may be
 * taken), so both checks only report what no data could ever change.
 */
import type { CheckContext } from './check-context.js';
import type { StateSite, TargetSite } from './sites.js';

const FINISHED = '#finished';

/** Reports unreachable states and states from which the case can never finish. */
export function checkReachability(context: CheckContext): void {
  const { definition, sites, states, report } = context;
  const targetsOf = targetIndex(context, () => true);
  const childrenOf = (site: StateSite): string[] => Object.keys(site.state.states ?? {}).filter((name) => states.has(name));
  const ancestorsOf = (name: string): string[] => {
    const chain: string[] = [];
    for (let parent = states.get(name)?.parent; parent !== undefined; parent = states.get(parent)?.parent) chain.push(parent);
    return chain;
  };

  // Without a valid initial state everything would look unreachable; checkStates reports it.
  if (!Object.hasOwn(definition.states, definition.initial)) return;
  const reached = reachableStates(context, targetsOf, childrenOf, ancestorsOf);
  for (const site of sites.states) {
    const parentReached = site.parent === undefined || reached.has(site.parent);
    if (!reached.has(site.name) && parentReached && states.get(site.name) === site) {
      report(site.path, 'error', `state '${site.name}' is unreachable: no transition from the initial state leads to it`, { key: true });
    }
  }

  const topFinals = Object.entries(definition.states).filter(([, state]) => state.final === true);
  if (topFinals.length === 0) {
    report(['states'], 'error', 'no top-level state is final: a case of this process could never finish', { key: true });
    return;
  }

  const eventTargets = targetIndex(context, (site) => site.via === 'event');
  const doneTargets = targetIndex(context, (site) => site.via === 'onDone');
  const canFinish = finishingNodes(context, eventTargets, doneTargets, childrenOf, ancestorsOf);
  for (const site of sites.states) {
    if (site.state.final || !reached.has(site.name) || states.get(site.name) !== site) continue;
    const parentFinishes = site.parent === undefined || canFinish.has(`in:${site.parent}`);
    if (!canFinish.has(`in:${site.name}`) && parentFinishes) {
      report(site.path, 'error', `no final state can be reached from '${site.name}': a case that gets here can never finish`, { key: true });
    }
  }
}

type Names = (site: StateSite) => string[];

/** Existing targets of each state, among the target sites `accept` keeps. */
function targetIndex(context: CheckContext, accept: (site: TargetSite) => boolean): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const site of context.sites.targets) {
    if (!accept(site) || !context.states.has(site.target)) continue;
    index.set(site.from, [...(index.get(site.from) ?? []), site.target]);
  }
  return index;
}
type Chain = (name: string) => string[];

/** States some sequence of events can enter, starting from the initial state. */
function reachableStates(context: CheckContext, targetsOf: Map<string, string[]>, childrenOf: Names, ancestorsOf: Chain): Set<string> {
  const { states, definition } = context;
  const reached = new Set<string>();
  const pending: string[] = [];
  const mark = (state: string): boolean => {
    if (reached.has(state)) return false;
    reached.add(state);
    pending.push(state);
    return true;
  };
  const enter = (name: string): void => {
    const site = states.get(name);
    if (site === undefined || !mark(name)) return;
    // Entering a nested state enters its ancestors, and every other region of a parallel one.
    let child = name;
    for (const ancestor of ancestorsOf(name)) {
      mark(ancestor);
      const ancestorSite = states.get(ancestor);
      if (ancestorSite?.state.parallel) childrenOf(ancestorSite).filter((region) => region !== child).forEach(enter);
      child = ancestor;
    }
    if (site.state.parallel) childrenOf(site).forEach(enter);
    else if (site.state.initial !== undefined) enter(site.state.initial);
  };
  enter(definition.initial);
  while (pending.length > 0) {
    const name = pending.pop();
    if (name !== undefined) (targetsOf.get(name) ?? []).forEach(enter);
  }
  return reached;
}

/**
 * Graph nodes (`in:<state>`, `done:<compound>`) from which the case can reach a top-level final
 * state. Being in a leaf allows its own and its ancestors' transitions; entering a compound
 * state enters its initial child, a parallel one any of its regions (optimistically).
 */
function finishingNodes(
  context: CheckContext,
  eventTargets: Map<string, string[]>,
  doneTargets: Map<string, string[]>,
  childrenOf: Names,
  ancestorsOf: Chain,
): Set<string> {
  const { sites, states } = context;
  const edges = new Map<string, string[]>();
  const edge = (from: string, to: string): void => {
    edges.set(from, [...(edges.get(from) ?? []), to]);
  };
  for (const site of sites.states) {
    if (states.get(site.name) !== site) continue;
    const node = `in:${site.name}`;
    const children = childrenOf(site);
    if (children.length > 0) {
      if (site.state.parallel) children.forEach((child) => edge(node, `in:${child}`));
      else if (site.state.initial !== undefined) edge(node, `in:${site.state.initial}`);
      for (const target of doneTargets.get(site.name) ?? []) edge(`done:${site.name}`, `in:${target}`);
      const parent = site.parent === undefined ? undefined : states.get(site.parent);
      if (parent?.state.parallel) edge(`done:${site.name}`, `done:${parent.name}`);
      continue;
    }
    for (const owner of [site.name, ...ancestorsOf(site.name)]) {
      for (const target of eventTargets.get(owner) ?? []) edge(node, `in:${target}`);
    }
    if (site.state.final) edge(node, site.parent === undefined ? FINISHED : `done:${site.parent}`);
  }

  // Walk the edges backwards from the finished node.
  const reverse = new Map<string, string[]>();
  for (const [from, tos] of edges) for (const to of tos) reverse.set(to, [...(reverse.get(to) ?? []), from]);
  const finishing = new Set<string>([FINISHED]);
  const pending = [FINISHED];
  while (pending.length > 0) {
    const node = pending.pop();
    for (const from of node === undefined ? [] : reverse.get(node) ?? []) {
      if (finishing.has(from)) continue;
      finishing.add(from);
      pending.push(from);
    }
  }
  return finishing;
}
