/**
 * The events a person may send now: their role may send it here and its conditions can hold.
 * Conditions that read `input` cannot be judged before the form is filled, so they count as open.
 */
import type { CompiledExpression, ExpressionScope } from './expressions.js';
import { actorMay } from './machine.js';
import type { EventPlan, ProcessPlan } from './plan.js';
import { eventsInState } from './step.js';
import type { AvailableEvent, CaseSnapshot } from './types.js';

function mayHold(guard: CompiledExpression, scope: ExpressionScope): boolean {
  return guard.usesInput || guard.holds(scope);
}

function mayPass(event: EventPlan, scope: ExpressionScope): boolean {
  if (event.guard && !mayHold(event.guard, scope)) return false;
  return event.branches.some((branch) => branch.guards.every((guard) => mayHold(guard, scope)));
}

/** Events `scope.actor` may send in this snapshot, deepest state first, each type once. */
export function availableEvents(plan: ProcessPlan, snapshot: CaseSnapshot, scope: ExpressionScope): AvailableEvent[] {
  if (snapshot.status === 'done') return [];
  const seen = new Set<string>();
  const out: AvailableEvent[] = [];
  for (const event of eventsInState(plan, snapshot)) {
    if (seen.has(event.type) || !actorMay(event.roles, scope) || !mayPass(event, scope)) continue;
    seen.add(event.type);
    const available: AvailableEvent = { type: event.type };
    if (event.definition.label !== undefined) available.label = event.definition.label;
    if (event.definition.input !== undefined) available.input = event.definition.input;
    out.push(available);
  }
  return out;
}
