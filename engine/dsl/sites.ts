/**
 * Flattens a process into the places the semantic checks look at: states, events, transition
 * targets, actions, expressions, durations, timers, deadlines and sent events, each with its
 * path in the document and the scope its expressions see.
 */
import type { DocPath } from './source-map.js';
import type {
  Action,
  Branch,
  DeadlineDefinition,
  DeadlineMark,
  DurationSpec,
  EventDefinition,
  JsonSchema,
  ProcessDefinition,
  StateDefinition,
  Target,
  TimerDefinition,
} from './types.js';

/** What an expression may name beyond the definition: the input of the event it belongs to. */
export interface Scope {
  /** Set for expressions inside an event (its input schema, or `{}` when it declares none). */
  input?: JsonSchema;
}

/** One state, wherever it is nested. */
export interface StateSite {
  name: string;
  path: DocPath;
  state: StateDefinition;
  /** Name of the enclosing state; undefined at top level. */
  parent?: string;
}

/** An event a state accepts. */
export interface EventSite {
  state: string;
  name: string;
  event: EventDefinition;
  path: DocPath;
}

/** A transition target: an event's `to` (or branch `to`) or a compound state's `onDone`. */
export interface TargetSite {
  from: string;
  target: string;
  path: DocPath;
  /** `event` for an event's target, `onDone` for where a compound state goes when done. */
  via: 'event' | 'onDone';
}

/** What an expression must produce. */
export type ExpressionKind = 'guard' | 'value' | 'timestamp' | 'duration' | 'roles' | 'text';

/** A CEL expression. `field` is the data field a `set` entry writes. */
export interface ExpressionSite {
  expr: string;
  path: DocPath;
  kind: ExpressionKind;
  scope: Scope;
  field?: string;
}

/** An action (notify, start or set). */
export interface ActionSite {
  action: Action;
  path: DocPath;
  scope: Scope;
}

/** A duration (literal or `{expr}`) and the calendar it is measured on. */
export interface DurationSite {
  spec: DurationSpec;
  path: DocPath;
  calendar?: string;
}

/** A timer of a state. */
export interface TimerSite {
  state: string;
  timer: TimerDefinition;
  path: DocPath;
}

/** A deadline: of a state, or process-level (`state` undefined). */
export interface DeadlineSite {
  deadline: DeadlineDefinition;
  path: DocPath;
  state?: string;
}

/** An event a timer or deadline mark sends. */
export interface SendSite {
  event: string;
  path: DocPath;
}

/** Every place of a process the semantic checks visit. */
export interface ProcessSites {
  states: StateSite[];
  events: EventSite[];
  targets: TargetSite[];
  actions: ActionSite[];
  expressions: ExpressionSite[];
  durations: DurationSite[];
  timers: TimerSite[];
  deadlines: DeadlineSite[];
  sends: SendSite[];
}

/** Collects the sites of a process that passed the schema check. */
export function collectSites(definition: ProcessDefinition): ProcessSites {
  const sites: ProcessSites = {
    states: [],
    events: [],
    targets: [],
    actions: [],
    expressions: [],
    durations: [],
    timers: [],
    deadlines: [],
    sends: [],
  };
  const noInput: Scope = {};

  const addSet = (set: Record<string, string> | undefined, path: DocPath, scope: Scope): void => {
    for (const [field, expr] of Object.entries(set ?? {})) {
      sites.expressions.push({ expr, path: [...path, field], kind: 'value', scope, field });
    }
  };

  const addActions = (actions: Action[] | undefined, path: DocPath, scope: Scope): void => {
    (actions ?? []).forEach((action, index) => {
      const at = [...path, index];
      sites.actions.push({ action, path: at, scope });
      if (action.if !== undefined) sites.expressions.push({ expr: action.if, path: [...at, 'if'], kind: 'guard', scope });
      if ('set' in action) addSet(action.set, [...at, 'set'], scope);
      if ('start' in action) {
        for (const [key, expr] of Object.entries(action.data)) {
          sites.expressions.push({ expr, path: [...at, 'data', key], kind: 'value', scope });
        }
      }
      if ('notify' in action && !Array.isArray(action.to)) {
        sites.expressions.push({ expr: action.to.expr, path: [...at, 'to', 'expr'], kind: 'roles', scope });
      }
    });
  };

  const addDuration = (spec: DurationSpec | undefined, path: DocPath, calendar: string | undefined): void => {
    if (spec === undefined) return;
    sites.durations.push({ spec, path, calendar });
    if (typeof spec !== 'string') sites.expressions.push({ expr: spec.expr, path: [...path, 'expr'], kind: 'duration', scope: noInput });
  };

  const addTarget = (from: string, target: Target | undefined, path: DocPath, scope: Scope, via: TargetSite['via']): void => {
    if (target === undefined) return;
    if (typeof target === 'string') {
      sites.targets.push({ from, target, path, via });
      return;
    }
    target.forEach((branch: Branch, index) => {
      const at = [...path, index];
      sites.targets.push({ from, target: branch.to, path: [...at, 'to'], via });
      if (branch.if !== undefined) sites.expressions.push({ expr: branch.if, path: [...at, 'if'], kind: 'guard', scope });
      addSet(branch.set, [...at, 'set'], scope);
      addActions(branch.actions, [...at, 'actions'], scope);
    });
  };

  const addMark = (mark: Omit<DeadlineMark, 'at'> & { at?: DurationSpec }, path: DocPath, calendar: string | undefined): void => {
    addDuration(mark.at, [...path, 'at'], calendar);
    addActions(mark.actions, [...path, 'actions'], noInput);
    if (mark.send !== undefined) sites.sends.push({ event: mark.send, path: [...path, 'send'] });
  };

  const addDeadline = (deadline: DeadlineDefinition, path: DocPath, state: string | undefined): void => {
    sites.deadlines.push({ deadline, path, state });
    const calendar = deadline.calendar ?? definition.calendar;
    addDuration(deadline.within, [...path, 'within'], calendar);
    if (deadline.if !== undefined) sites.expressions.push({ expr: deadline.if, path: [...path, 'if'], kind: 'guard', scope: noInput });
    if (deadline.warn) addMark(deadline.warn, [...path, 'warn'], calendar);
    (deadline.escalate ?? []).forEach((mark, index) => addMark(mark, [...path, 'escalate', index], calendar));
    if (deadline.breach) addMark(deadline.breach, [...path, 'breach'], calendar);
  };

  const addAssignment = (state: StateDefinition, path: DocPath): void => {
    const rule = state.assign;
    if (rule !== undefined && rule !== 'keep') {
      if ('to' in rule) sites.expressions.push({ expr: rule.to, path: [...path, 'assign', 'to'], kind: 'text', scope: noInput });
      const [key, role] = 'queue' in rule ? ['queue', rule.queue] : 'auto' in rule ? ['auto', rule.auto] : [undefined, undefined];
      if (key !== undefined && role !== undefined && typeof role !== 'string') {
        sites.expressions.push({ expr: role.expr, path: [...path, 'assign', key, 'expr'], kind: 'text', scope: noInput });
      }
    }
    if (state.approval?.if !== undefined) {
      sites.expressions.push({ expr: state.approval.if, path: [...path, 'approval', 'if'], kind: 'guard', scope: noInput });
    }
    if (state.approval?.figure !== undefined) {
      sites.expressions.push({ expr: state.approval.figure, path: [...path, 'approval', 'figure'], kind: 'value', scope: noInput });
    }
  };

  const addState = (name: string, state: StateDefinition, path: DocPath, parent: string | undefined): void => {
    sites.states.push({ name, path, state, parent });
    addActions(state.entry, [...path, 'entry'], noInput);
    addActions(state.exit, [...path, 'exit'], noInput);
    for (const [eventName, event] of Object.entries(state.on ?? {})) {
      const at = [...path, 'on', eventName];
      const scope: Scope = { input: event.input ?? {} };
      sites.events.push({ state: name, name: eventName, event, path: at });
      if (!Array.isArray(event.roles)) sites.expressions.push({ expr: event.roles.expr, path: [...at, 'roles', 'expr'], kind: 'roles', scope });
      if (event.if !== undefined) sites.expressions.push({ expr: event.if, path: [...at, 'if'], kind: 'guard', scope });
      addSet(event.set, [...at, 'set'], scope);
      addActions(event.actions, [...at, 'actions'], scope);
      addTarget(name, event.to, [...at, 'to'], scope, 'event');
    }
    addTarget(name, state.onDone, [...path, 'onDone'], noInput, 'onDone');
    (state.timers ?? []).forEach((timer, index) => {
      const at = [...path, 'timers', index];
      const calendar = timer.calendar ?? definition.calendar;
      sites.timers.push({ state: name, timer, path: at });
      addDuration(timer.in, [...at, 'in'], calendar);
      addDuration(timer.every, [...at, 'every'], calendar);
      if (timer.at !== undefined) sites.expressions.push({ expr: timer.at, path: [...at, 'at'], kind: 'timestamp', scope: noInput });
      addActions(timer.actions, [...at, 'actions'], noInput);
      if (timer.send !== undefined) sites.sends.push({ event: timer.send, path: [...at, 'send'] });
    });
    if (state.deadline) addDeadline(state.deadline, [...path, 'deadline'], name);
    addAssignment(state, path);
    for (const [childName, child] of Object.entries(state.states ?? {})) {
      addState(childName, child, [...path, 'states', childName], name);
    }
  };

  for (const [name, state] of Object.entries(definition.states)) addState(name, state, ['states', name], undefined);
  for (const [name, deadline] of Object.entries(definition.deadlines ?? {})) addDeadline(deadline, ['deadlines', name], undefined);
  for (const [name, tally] of Object.entries(definition.tallies ?? {})) addDuration(tally.within, ['tallies', name, 'within'], undefined);
  if (definition.unit !== undefined) sites.expressions.push({ expr: definition.unit, path: ['unit'], kind: 'text', scope: noInput });
  for (const [name, contact] of Object.entries(definition.contacts ?? {})) {
    for (const [how, expr] of Object.entries(contact)) sites.expressions.push({ expr, path: ['contacts', name, how], kind: 'value', scope: noInput });
  }
  definition.invariants?.rules.forEach((rule, i) => {
    sites.expressions.push({ expr: rule.holds, path: ['invariants', 'rules', i, 'holds'], kind: 'guard', scope: noInput });
  });
  return sites;
}
