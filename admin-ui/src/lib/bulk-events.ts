/**
 * The actions a bulk "send one event to many" offers: events declared in the current state of
 * every selected case, that a role of the user may send. The server still decides per case.
 */
import type { ProcessInfo } from './processes.js';
import type { AvailableEvent, CaseListItem } from '../types.js';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Events of one state and the states nested in it, by type. */
function eventsOfState(state: unknown, roles: string[], into: Map<string, AvailableEvent>): void {
  if (!isRecord(state)) return;
  if (isRecord(state.on)) {
    for (const [type, event] of Object.entries(state.on)) {
      if (!isRecord(event) || type.startsWith('$')) continue;
      const allowed = !Array.isArray(event.roles) || event.roles.some((role) => typeof role === 'string' && roles.includes(role));
      if (!allowed || into.has(type)) continue;
      const action: AvailableEvent = { type };
      if (typeof event.label === 'string') action.label = event.label;
      if (isRecord(event.input)) action.input = event.input;
      into.set(type, action);
    }
  }
  if (isRecord(state.states)) for (const child of Object.values(state.states)) eventsOfState(child, roles, into);
}

/** The events every one of `items` offers to `roles` in its current state (empty when they share none). */
export function sharedEvents(items: CaseListItem[], processes: Map<string, ProcessInfo>, roles: string[]): AvailableEvent[] {
  let shared: Map<string, AvailableEvent> | undefined;
  for (const item of items) {
    const states = processes.get(item.processId)?.document?.states;
    const own = new Map<string, AvailableEvent>();
    if (isRecord(states)) eventsOfState(states[item.state], roles, own);
    shared = shared === undefined ? own : new Map([...shared].filter(([type]) => own.has(type)));
  }
  return [...(shared ?? new Map<string, AvailableEvent>()).values()];
}
