/**
 * Actions as effects: a notification rendered from its template, a linked case to open, a
 * data update. Rendering happens here, at step time, so a replay shows the same text.
 */
import { lazyLabelledData } from '../dsl/enum-labels.js';
import { CaseflowError } from '../errors.js';
import type { ExpressionScope } from './expressions.js';
import { actionApplies, applySet } from './machine.js';
import type { ActionPlan, ProcessPlan, RolesPlan } from './plan.js';
import { resolveRecipients } from './recipients.js';
import { currentTiers } from './tiers.js';
import type { Effect, Notify, StartCase } from './types.js';

/** What a template may show beyond the case itself. */
export interface MessageExtras {
  /** Name of the state the action belongs to (shown as its label). */
  state: string;
  /** Clock time used, in words, for deadline marks. */
  elapsed?: string;
  deadline?: Record<string, unknown>;
  timer?: { id: string; count: number };
  /** User id of the case's assignee, for the `assignee` recipient. */
  assignee?: string;
}

/**
 * Evaluates who may send an event: a literal list, or an expression giving role ids or user
 * ids. Empty entries (`""`, null) name nobody and are dropped.
 */
export function resolveRoles(roles: RolesPlan, scope: ExpressionScope): string[] {
  if ('roles' in roles) return roles.roles;
  const value = roles.expr.value(scope);
  const named = (entry: unknown): entry is string | number => (typeof entry === 'string' && entry !== '') || typeof entry === 'number';
  if (Array.isArray(value)) return value.filter(named).map(String);
  if (typeof value === 'string') return named(value) ? [value] : [];
  throw new CaseflowError('internal', `${roles.expr.source} gave ${JSON.stringify(value)}, not a list of roles`);
}

/** The variables a template sees: `{data, case, state, settings, tiers, now, elapsed, deadline}`. */
export function templateContext(plan: ProcessPlan, scope: ExpressionScope, extras: MessageExtras): Record<string, unknown> {
  const state = plan.states.get(extras.state);
  return {
    data: scope.data,
    // Messages are Chinese: an enum value reads by its label (`{{labels.category}}` → 流量费用).
    labels: lazyLabelledData(plan.definition.data, scope.data, 'zh'),
    case: { id: scope.caseId, process: plan.definition.id, version: plan.version, assignee: extras.assignee ?? '' },
    state: state?.definition.label ?? extras.state,
    stateId: extras.state,
    settings: plan.definition.settings ?? {},
    tiers: currentTiers(plan.definition, scope.data),
    now: new Date(scope.now).toISOString(),
    elapsed: extras.elapsed,
    deadline: extras.deadline,
    timer: extras.timer,
    actor: scope.actor,
  };
}

/**
 * Renders a notify action into its effect; none when its recipients come to nobody and nothing
 * was refused. Refused recipients are kept on the effect (then `to` may be empty), so the outbox
 * row records them.
 */
export function notifyEffect(plan: ProcessPlan, action: Extract<ActionPlan, { kind: 'notify' }>, scope: ExpressionScope, extras: MessageExtras): Notify | undefined {
  const { to, unresolved } = resolveRecipients(plan, action.to, scope, extras.assignee);
  if (to.length === 0 && unresolved.length === 0) return undefined;
  const message = plan.templates.render(action.template, templateContext(plan, scope, extras));
  const effect: Notify = { kind: 'notify', template: action.template, to, body: message.body };
  if (unresolved.length > 0) effect.unresolved = unresolved;
  if (action.channel !== undefined) effect.channel = action.channel;
  if (message.subject !== undefined) effect.subject = message.subject;
  return effect;
}

/** Evaluates a start action into its effect. */
export function startEffect(action: Extract<ActionPlan, { kind: 'start' }>, scope: ExpressionScope): StartCase {
  return { kind: 'start-case', process: action.process, data: applySet(action.data, scope, {}) };
}

/**
 * Runs the actions of a timer or deadline mark in order; each sees the data the previous left.
 * An action whose `if` does not hold, or whose expressions fail (a missing field), is skipped,
 * so the others still happen. Without effects (replay) only the data changes are worked out.
 */
export function runActions(
  plan: ProcessPlan,
  actions: ActionPlan[],
  scope: ExpressionScope,
  extras: MessageExtras,
  withEffects = true,
): { data: Record<string, unknown>; effects: Effect[] } {
  let data = scope.data;
  const effects: Effect[] = [];
  for (const action of actions) {
    if (!withEffects && action.kind !== 'set') continue;
    const current = { ...scope, data };
    if (!actionApplies(action, current)) continue;
    try {
      if (action.kind === 'set') data = applySet(action.set, current, data);
      else if (action.kind === 'start') effects.push(startEffect(action, current));
      else {
        const notice = notifyEffect(plan, action, current, extras);
        if (notice) effects.push(notice);
      }
    } catch {
      continue;
    }
  }
  return { data, effects };
}
