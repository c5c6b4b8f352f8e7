/**
 * Who a case belongs to and how its work is given out, as the process declares it: the case's
 * unit (`unit:`), the assigners, and per state the assignment rule, `open` and `approval`.
 * Pure: it says what a rule asks for; the runtime finds the people (see engine/runtime/staffing.ts).
 */
import type { StateValue } from 'xstate';
import type { AssignRule, ProcessDefinition, RoleSpec } from '../dsl/types.js';
import type { CompiledExpression, ExpressionCompiler, ExpressionScope } from './expressions.js';
import { activeStates } from './step-run.js';
import type { Actor, CaseSnapshot } from './types.js';
import type { JsonValue } from './cel-values.js';

/** What an assignment rule asks for, evaluated. */
export type AssignDemand =
  | { kind: 'to'; state: string; userId: string | null }
  | { kind: 'queue'; state: string; role: string }
  | { kind: 'auto'; state: string; role: string };

/** A decision the case waits on, evaluated. */
export interface ApprovalView {
  state: string;
  roles: string[];
  label?: string;
  figure?: JsonValue;
}

/** The staffing rules of one compiled process. */
export interface Staffing {
  /** Data field that names the unit, when `unit` is `data.<field>`: the form offers it as a choice. */
  readonly unitField?: string;
  readonly assigners: readonly string[];
  /** The case's unit from its data; undefined without `unit:` or when it cannot be evaluated. */
  unitOf(data: Record<string, unknown>, caseId: string, now: number): string | undefined;
  /**
   * What the states' rules ask for after an event that moved the case from `before` (undefined
   * for a new case) to `after`: a rule applies when its state was entered, or when the value it
   * gives changed (the advisor named in the data, the responder of a climbing warning).
   * Outermost state first; the runtime takes the last demand.
   */
  demands(before: CaseSnapshot | undefined, after: CaseSnapshot, actor: Actor, now: number, caseId: string): AssignDemand[];
  /**
   * Whether the holder alone (with assigners, deciders and delegates) may act in this snapshot:
   * an active state declares `assign` and none is `open`. Elsewhere everyone of an event's roles may.
   */
  isHeld(snapshot: CaseSnapshot): boolean;
  /**
   * The roles whose queue the case waits in while nobody holds it: those of the active states'
   * `queue` and `auto` rules; undefined when no active state has one (then any role that can act).
   */
  queueRoles(snapshot: CaseSnapshot, now: number, caseId: string): string[] | undefined;
  /** The decision the case waits on now, if an active state declares one. */
  approval(snapshot: CaseSnapshot, now: number, caseId: string): ApprovalView | undefined;
}

const SYSTEM: Actor = { id: 'system', roles: ['system'] };

interface RulePlan {
  state: string;
  kind: 'to' | 'queue' | 'auto';
  /** Gives the user id (`to`) or the role (`queue`, `auto`). */
  value: (scope: ExpressionScope) => string | null;
}

interface ApprovalPlan {
  state: string;
  roles: string[];
  label?: string;
  figure?: CompiledExpression;
  condition?: CompiledExpression;
}

function textOf(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function roleValue(spec: RoleSpec, expressions: ExpressionCompiler, where: string): (scope: ExpressionScope) => string | null {
  if (typeof spec === 'string') return () => spec;
  const expr = expressions.compile(spec.expr, undefined, where);
  return (scope) => textOf(expr.value(scope));
}

function rulePlan(state: string, rule: AssignRule, expressions: ExpressionCompiler): RulePlan | undefined {
  if (rule === 'keep') return undefined;
  const where = `states.${state}.assign`;
  if ('to' in rule) {
    const expr = expressions.compile(rule.to, undefined, `${where}.to`);
    return { state, kind: 'to', value: (scope) => textOf(expr.value(scope)) };
  }
  if ('queue' in rule) return { state, kind: 'queue', value: roleValue(rule.queue, expressions, `${where}.queue`) };
  return { state, kind: 'auto', value: roleValue(rule.auto, expressions, `${where}.auto`) };
}

/** Evaluates without throwing: a rule whose expression fails asks for nothing. */
function safely(value: (scope: ExpressionScope) => string | null, scope: ExpressionScope): string | null | undefined {
  try {
    return value(scope);
  } catch {
    return undefined;
  }
}

/** Ordered active state names, outermost first (by declaration order of the plan). */
function activeInOrder(order: readonly string[], value: StateValue): string[] {
  const active = activeStates(value);
  return order.filter((name) => active.has(name));
}

/** Compiles the staffing rules of a definition. */
export function compileStaffing(definition: ProcessDefinition, expressions: ExpressionCompiler, stateOrder: readonly string[]): Staffing {
  const rules = new Map<string, RulePlan>();
  const opens = new Set<string>();
  const held = new Set<string>();
  const approvals = new Map<string, ApprovalPlan>();
  const visit = (states: ProcessDefinition['states']) => {
    for (const [name, state] of Object.entries(states)) {
      const rule = state.assign === undefined ? undefined : rulePlan(name, state.assign, expressions);
      if (rule) rules.set(name, rule);
      if (state.assign !== undefined) held.add(name);
      if (state.open === true) opens.add(name);
      if (state.approval) {
        const eventRoles = Object.values(state.on ?? {}).flatMap((event) => (Array.isArray(event.roles) ? event.roles : []));
        const plan: ApprovalPlan = { state: name, roles: state.approval.roles ?? [...new Set(eventRoles)] };
        if (state.approval.label !== undefined) plan.label = state.approval.label;
        if (state.approval.if !== undefined) plan.condition = expressions.compile(state.approval.if, undefined, `states.${name}.approval.if`);
        if (state.approval.figure !== undefined) plan.figure = expressions.compile(state.approval.figure, undefined, `states.${name}.approval.figure`);
        approvals.set(name, plan);
      }
      if (state.states) visit(state.states);
    }
  };
  visit(definition.states);
  const unitExpr = definition.unit === undefined ? undefined : expressions.compile(definition.unit, undefined, 'unit');
  const unitField = /^data\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(definition.unit?.trim() ?? '')?.[1];

  const staffing: Staffing = {
    ...(unitField === undefined ? {} : { unitField }),
    assigners: definition.assigners ?? [],
    unitOf(data, caseId, now) {
      if (!unitExpr) return undefined;
      const unit = safely((scope) => textOf(unitExpr.value(scope)), { data, actor: SYSTEM, now, caseId });
      return unit ?? undefined;
    },
    demands(before, after, actor, now, caseId) {
      if (rules.size === 0 || after.status === 'done') return [];
      const wasActive = before === undefined ? new Set<string>() : activeStates(before.value);
      const out: AssignDemand[] = [];
      for (const name of activeInOrder(stateOrder, after.value)) {
        const rule = rules.get(name);
        if (!rule) continue;
        const now_ = safely(rule.value, { data: after.data, actor, now, caseId });
        if (now_ === undefined) continue;
        if (wasActive.has(name) && before !== undefined) {
          const then = safely(rule.value, { data: before.data, actor, now, caseId });
          if (then === now_) continue;
        }
        if (rule.kind === 'to') out.push({ kind: 'to', state: name, userId: now_ });
        else if (now_ !== null) out.push({ kind: rule.kind, state: name, role: now_ });
      }
      return out;
    },
    queueRoles(snapshot, now, caseId) {
      if (rules.size === 0 || snapshot.status === 'done') return undefined;
      const roles = new Set<string>();
      for (const name of activeInOrder(stateOrder, snapshot.value)) {
        const rule = rules.get(name);
        if (!rule || rule.kind === 'to') continue;
        const role = safely(rule.value, { data: snapshot.data, actor: SYSTEM, now, caseId });
        if (typeof role === 'string') roles.add(role);
      }
      return roles.size === 0 ? undefined : [...roles];
    },
    isHeld(snapshot) {
      if (held.size === 0) return false;
      const active = activeStates(snapshot.value);
      for (const name of active) if (opens.has(name)) return false;
      for (const name of active) if (held.has(name)) return true;
      return false;
    },
    approval(snapshot, now, caseId) {
      if (approvals.size === 0 || snapshot.status === 'done') return undefined;
      for (const name of activeInOrder(stateOrder, snapshot.value).reverse()) {
        const plan = approvals.get(name);
        if (!plan) continue;
        if (plan.condition && !plan.condition.holds({ data: snapshot.data, actor: SYSTEM, now, caseId })) continue;
        const view: ApprovalView = { state: name, roles: plan.roles };
        if (plan.label !== undefined) view.label = plan.label;
        if (plan.figure) {
          try {
            view.figure = plan.figure.value({ data: snapshot.data, actor: SYSTEM, now, caseId });
          } catch {
            // A figure that cannot be computed (a field not yet filled) is left out.
          }
        }
        return view;
      }
      return undefined;
    },
  };
  return staffing;
}
