/**
 * The check of a process's declared invariants before it is published: the process is explored
 * breadth-first from its openings, and each rule judged in every case state reached in the
 * states it names. Breadth first, so the counter-example reported for a rule is a shortest one.
 */
import type { CompiledProcess } from '../compile/index.js';
import { ExpressionCompiler } from '../compile/expressions.js';
import type { InvariantRule } from '../dsl/types.js';
import { explore, type ExploreSummary } from './explore.js';
import { openingsOf } from './openings.js';

/** Default moves after the opening. */
export const DEFAULT_DEPTH = 8;
/** Distinct case states explored at most, so a check always ends. */
export const MAX_NODES = 200_000;
/** The instant explored cases open at (a Monday morning in the processes' time zone). */
const OPENED_AT = Date.UTC(2026, 2, 16, 1, 0);

/** A rule broken in a reached case: how to get there and what the case held. */
export interface InvariantViolation {
  rule: string;
  label?: InvariantRule['label'];
  /** Top-level state where it broke. */
  state: string;
  /** The moves from the opening: `start`, then `event by role {input}` or `$timer key`. */
  path: string[];
  data: Record<string, unknown>;
}

/** What the check found. */
export interface InvariantReport {
  rules: number;
  explored: ExploreSummary;
  /** The first (shortest) violation of each broken rule. */
  violations: InvariantViolation[];
}

function topState(value: CompiledProcess['definition']['initial'] | Record<string, unknown>): string {
  return typeof value === 'string' ? value : Object.keys(value)[0];
}

function applies(rule: InvariantRule, state: string): boolean {
  if (rule.in !== undefined) return rule.in.includes(state);
  if (rule.except !== undefined) return !rule.except.includes(state);
  return true;
}

/** Explores `process` and judges its declared invariants in every reached case. */
export function checkDeclaredInvariants(process: CompiledProcess, options: { maxNodes?: number; depth?: number } = {}): InvariantReport {
  const declared = process.definition.invariants;
  const rules = declared?.rules ?? [];
  const expressions = new ExpressionCompiler(process.definition, 1);
  const conditions = rules.map((rule) => expressions.compile(rule.holds, undefined, `invariant ${rule.name}`));
  const violations = new Map<string, InvariantViolation>();
  const explored = explore({
    process,
    openings: openingsOf(process, OPENED_AT),
    depth: options.depth ?? declared?.explore?.depth ?? DEFAULT_DEPTH,
    samples: declared?.explore?.samples,
    maxNodes: options.maxNodes ?? MAX_NODES,
    visit: (node) => {
      const state = topState(node.snapshot.value);
      rules.forEach((rule, i) => {
        if (violations.has(rule.name) || !applies(rule, state)) return;
        const scope = { data: node.snapshot.data, actor: { id: 'system', roles: ['system'] }, now: node.now, caseId: 'X' };
        if (!conditions[i].holds(scope)) {
          violations.set(rule.name, { rule: rule.name, label: rule.label, state, path: node.path, data: node.snapshot.data });
        }
      });
    },
  });
  return { rules: rules.length, explored, violations: [...violations.values()] };
}

/** What a walk of every reachable transition found: states and moves no path reached. */
export interface CoverageReport {
  explored: ExploreSummary;
  unreachedStates: string[];
  /** `state.event` pairs declared but never accepted on any explored path. */
  unreachedEvents: string[];
}

/** Walks every reachable transition (within the bounds) and lists what no path reached. */
export function walkTransitions(process: CompiledProcess, options: { maxNodes?: number; depth?: number } = {}): CoverageReport {
  const declared = process.definition.invariants?.explore;
  const explored = explore({
    process,
    openings: openingsOf(process, OPENED_AT),
    depth: options.depth ?? declared?.depth ?? DEFAULT_DEPTH,
    samples: declared?.samples,
    maxNodes: options.maxNodes ?? MAX_NODES,
    visit: () => {},
  });
  const unreachedStates: string[] = [];
  const unreachedEvents: string[] = [];
  const walk = (states: CompiledProcess['definition']['states'], top: boolean) => {
    for (const [name, state] of Object.entries(states)) {
      // Every case starts in the initial state, even one it leaves as it opens.
      if (top && !explored.states.has(name) && name !== process.definition.initial) unreachedStates.push(name);
      for (const [event, definition] of Object.entries(state.on ?? {})) {
        // An event no role may send comes from a timer of the state.
        const byTimer = Array.isArray(definition.roles) && definition.roles.length === 0 && explored.moves.has(`${name}.$timer`);
        if (!byTimer && !explored.moves.has(`${name}.${event}`)) unreachedEvents.push(`${name}.${event}`);
      }
      if (state.states) walk(state.states, false);
    }
  };
  walk(process.definition.states, true);
  return { explored, unreachedStates, unreachedEvents };
}
