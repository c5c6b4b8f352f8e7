/**
 * Breadth-first exploration of a compiled process: from some opening cases, every event of the
 * active states sent by every declared role with inputs sampled from the event's schema (valid
 * ones and broken ones), plus firing the next due timer, up to a depth. Refused moves change
 * nothing and are skipped; every accepted node is handed to `visit`, with the path that led there.
 */
import { CaseflowError } from '../errors.js';
import type { Actor, CaseSnapshot, CompiledProcess } from '../compile/index.js';
import type { JsonSchema, StateDefinition } from '../dsl/index.js';

/** A node of the exploration: a case, its pending timers, and how it got there. */
export interface ExploredCase {
  snapshot: CaseSnapshot;
  now: number;
  timers: Map<string, { dueAt: number; count: number }>;
  /** Moves from the opening, such as `submit by business-unit {"plan":"…","budget":1000}` or `$timer deadline:…`. */
  path: string[];
  /** Event types accepted on the way, in order (`$timer` for timers). */
  events: string[];
}

/** What to explore. */
export interface ExploreOptions {
  process: CompiledProcess;
  openings: Array<{ data: Record<string, unknown>; actor: Actor; now: number }>;
  depth: number;
  /** Sample values by input property name, instead of the ones drawn from its schema. */
  samples?: Record<string, unknown[]>;
  visit: (node: ExploredCase) => void;
  /** Stop after this many distinct cases (the summary then says it was cut short). */
  maxNodes?: number;
}

/** What the exploration saw. */
export interface ExploreSummary {
  nodes: number;
  /** Top-level states reached, with how many distinct nodes were in each. */
  states: Map<string, number>;
  /** Accepted moves, as `state.event` (the state that took it) or `$timer key`. */
  moves: Set<string>;
  /** Depth fully explored. */
  depth: number;
  /** True when `maxNodes` stopped the exploration before `depth`. */
  truncated: boolean;
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T/;

/** Identity of a node for deduplication: where it is, its data without times, its pending timers. */
function nodeKey(node: ExploredCase): string {
  const data = JSON.stringify(node.snapshot.data, (_key, value: unknown) => (typeof value === 'string' && TIMESTAMP.test(value) ? 'T' : value));
  return JSON.stringify([node.snapshot.value, data, [...node.timers.keys()].sort()]);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Sample values for one property schema: valid ones first, then broken ones. */
export function samples(name: string, schema: unknown, given: Record<string, unknown[]>): unknown[] {
  if (given[name] !== undefined) return given[name];
  if (!isRecord(schema)) return ['x'];
  if ('const' in schema) return [schema.const, typeof schema.const === 'boolean' ? !schema.const : null];
  if (Array.isArray(schema.enum)) return schema.enum;
  switch (schema.type) {
    case 'boolean':
      return [true, false];
    case 'number':
    case 'integer':
      return [0, 100];
    case 'array':
      return [[], ['R-1']];
    case 'string':
      return schema.format === 'date-time' ? ['2026-03-20T10:00:00+08:00', 'soon'] : ['内容', '', '  '];
    default:
      return ['x'];
  }
}

/**
 * Candidate inputs of an event: none, a valid base, each required property varied over its
 * samples, each optional one added once, each required one left out.
 */
function candidateInputs(input: JsonSchema | undefined, given: Record<string, unknown[]>): Array<Record<string, unknown>> {
  if (input === undefined) return [{}];
  const properties = isRecord(input.properties) ? input.properties : {};
  const required = Array.isArray(input.required) ? input.required.filter((r): r is string => typeof r === 'string') : [];
  const base: Record<string, unknown> = {};
  for (const name of required) base[name] = samples(name, properties[name], given)[0];
  const candidates = [{}, base];
  for (const [name, schema] of Object.entries(properties)) {
    const values = samples(name, schema, given);
    for (const value of required.includes(name) || given[name] !== undefined ? values : values.slice(0, 1)) {
      candidates.push({ ...base, [name]: value });
    }
  }
  for (const name of required) {
    const without = { ...base };
    delete without[name];
    candidates.push(without);
  }
  const seen = new Set<string>();
  return candidates.filter((candidate) => {
    const key = JSON.stringify(candidate);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Every state definition by name, nested ones included. */
function statesByName(states: Record<string, StateDefinition>, into = new Map<string, StateDefinition>()): Map<string, StateDefinition> {
  for (const [name, state] of Object.entries(states)) {
    into.set(name, state);
    if (state.states) statesByName(state.states, into);
  }
  return into;
}

function activeNames(value: CaseSnapshot['value'], into: string[] = []): string[] {
  if (typeof value === 'string') {
    into.push(value);
    return into;
  }
  for (const [name, child] of Object.entries(value)) {
    into.push(name);
    if (child !== undefined) activeNames(child, into);
  }
  return into;
}

function applyEffects(node: ExploredCase, effects: ReturnType<CompiledProcess['step']>['effects']): void {
  for (const effect of effects) {
    if (effect.kind === 'timer.schedule') node.timers.set(effect.key, { dueAt: effect.dueAt, count: effect.count });
    if (effect.kind === 'timer.cancel') node.timers.delete(effect.key);
  }
}

/** Explores the process and returns what it reached. */
export function explore(options: ExploreOptions): ExploreSummary {
  const { process } = options;
  const given = options.samples ?? {};
  const states = statesByName(process.definition.states);
  const actors: Actor[] = process.definition.roles.map((role) => ({ id: `${role}-1`, roles: [role] }));
  const inputs = new Map<string, Array<Record<string, unknown>>>();
  const seen = new Set<string>();
  const summary: ExploreSummary = { nodes: 0, states: new Map(), moves: new Set(), depth: 0, truncated: false };
  const maxNodes = options.maxNodes ?? Number.POSITIVE_INFINITY;

  let frontier: ExploredCase[] = [];
  const admit = (node: ExploredCase, into: ExploredCase[]): void => {
    const key = nodeKey(node);
    if (seen.has(key)) return;
    seen.add(key);
    summary.nodes++;
    const top = typeof node.snapshot.value === 'string' ? node.snapshot.value : Object.keys(node.snapshot.value)[0];
    summary.states.set(top, (summary.states.get(top) ?? 0) + 1);
    options.visit(node);
    into.push(node);
  };

  options.openings.forEach((opening, i) => {
    let result: ReturnType<CompiledProcess['start']>;
    try {
      result = process.start({ ...opening, caseId: `X-${i}` });
    } catch (error) {
      if (!(error instanceof CaseflowError)) throw error;
      const details = Array.isArray(error.details)
        ? error.details.map((d: unknown) => (isRecord(d) ? `${String(d.field)}: ${String(d.message)}` : String(d))).join('; ')
        : undefined;
      throw new CaseflowError('invalid-input', `opening ${i + 1} of the exploration is refused: ${details ?? error.message}`, { details: error.details });
    }
    const node: ExploredCase = { snapshot: result.snapshot, now: opening.now, timers: new Map(), path: ['start'], events: [] };
    applyEffects(node, result.effects);
    admit(node, frontier);
  });

  for (let depth = 0; depth < options.depth && frontier.length > 0; depth++) {
    const next: ExploredCase[] = [];
    for (const node of frontier) {
      if (node.snapshot.status === 'done') continue;
      if (summary.nodes >= maxNodes) {
        summary.truncated = true;
        return summary;
      }
      const tryStep = (event: Parameters<CompiledProcess['step']>[1], now: number, label: string, move: string, timerKey?: string): boolean => {
        let result: ReturnType<CompiledProcess['step']>;
        try {
          result = process.step(node.snapshot, event, now, 'X');
        } catch (error) {
          if (error instanceof CaseflowError) return false;
          throw error;
        }
        summary.moves.add(move);
        const child: ExploredCase = { snapshot: result.snapshot, now, timers: new Map(node.timers), path: [...node.path, label], events: [...node.events, event.type] };
        if (timerKey !== undefined) child.timers.delete(timerKey);
        applyEffects(child, result.effects);
        admit(child, next);
        return true;
      };

      for (const name of activeNames(node.snapshot.value)) {
        for (const [type, definition] of Object.entries(states.get(name)?.on ?? {})) {
          const cacheKey = `${name}.${type}`;
          let candidates = inputs.get(cacheKey);
          if (!candidates) {
            candidates = candidateInputs(definition.input, given);
            inputs.set(cacheKey, candidates);
          }
          // A literal role list refuses every other role before anything else: no need to try them.
          const roles = definition.roles;
          const senders = Array.isArray(roles) ? actors.filter((actor) => roles.includes(actor.roles[0])) : actors;
          for (const actor of senders) {
            for (const input of candidates) tryStep({ type, actor, input }, node.now, `${type} by ${actor.roles[0]} ${JSON.stringify(input)}`, `${name}.${type}`);
          }
        }
      }

      const due = [...node.timers.entries()].sort((a, b) => a[1].dueAt - b[1].dueAt)[0];
      if (due) {
        const [key, timer] = due;
        const fired = tryStep({ type: '$timer', actor: { id: 'system', roles: ['system'] }, timer: { key, count: timer.count } }, Math.max(node.now, timer.dueAt), `$timer ${key}`, `$timer ${key}`, key);
        // Which states a timer fired in, so events only timers send count as reached there.
        if (fired) for (const name of activeNames(node.snapshot.value)) summary.moves.add(`${name}.$timer`);
      }
    }
    frontier = next;
    summary.depth = depth + 1;
  }
  return summary;
}
