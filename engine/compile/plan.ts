/**
 * The compiled plan of a process: every state, event, timer and deadline with its
 * expressions, durations and schemas compiled once, indexed by name for `step`.
 */
import type {
  Action,
  Branch,
  DeadlineDefinition,
  EventDefinition,
  JsonSchema,
  ProcessDefinition,
  RolesSpec,
  StateDefinition,
  Target,
  TimerDefinition,
} from '../dsl/types.js';
import { CaseflowError } from '../errors.js';
import { DurationCompiler, type CompiledDuration } from './durations.js';
import { ExpressionCompiler, type CompiledExpression } from './expressions.js';
import { compileSchema, type SchemaCheck } from './schemas.js';
import { compileTallies, type TallyPlan } from './tallies.js';
import { TemplateSet } from './templates.js';

/** Who may send or receive: a literal list of roles, or an expression giving one. */
export type RolesPlan = { roles: string[] } | { expr: CompiledExpression };

/** A field -> expression map of data updates. */
export type SetPlan = Array<{ field: string; expr: CompiledExpression }>;

/** A compiled action; `condition` (its `if`) must hold when it runs, or it is skipped. */
export type ActionPlan = { condition?: CompiledExpression } & (
  | { kind: 'notify'; template: string; to: RolesPlan; channel?: string }
  | { kind: 'start'; process: string; data: SetPlan }
  | { kind: 'set'; set: SetPlan }
);

/** One way an event (or a completion) can go. */
export interface BranchPlan {
  guards: CompiledExpression[];
  to?: string;
  set: SetPlan;
  actions: ActionPlan[];
}

/** An event a state accepts. */
export interface EventPlan {
  type: string;
  state: string;
  definition: EventDefinition;
  roles: RolesPlan;
  checkInput?: SchemaCheck;
  /** The event's own `if`, kept apart so a refusal can name it. */
  guard?: CompiledExpression;
  /** The named conditions the `if` is made of, each checked alone to say which one refused. */
  rules: RulePlan[];
  /** The event's `set`, evaluated against the data before the event. */
  set: SetPlan;
  actions: ActionPlan[];
  branches: BranchPlan[];
}

/** A named condition of an event's `if`, with the label that names it to staff. */
export interface RulePlan {
  name: string;
  label?: string;
  check: CompiledExpression;
}

/** A timer of a state. */
export interface TimerPlan {
  key: string;
  id: string;
  state: string;
  in?: CompiledDuration;
  at?: CompiledExpression;
  every?: CompiledDuration;
  max?: number;
  send?: string;
  actions: ActionPlan[];
}

/** A point on a deadline clock. */
export interface MarkPlan {
  /** `warn`, `escalate.<i>` or `breach`, as recorded in `ClockState.fired`. */
  name: string;
  key: string;
  at: CompiledDuration;
  send?: string;
  actions: ActionPlan[];
}

/** A deadline clock, process-wide or of one state. */
export interface DeadlinePlan {
  id: string;
  label?: string;
  /** The state whose deadline this is; undefined for a process deadline. */
  state?: string;
  within: CompiledDuration;
  /** A process deadline's condition: the clock starts when it first holds and stops once it does not. */
  when?: CompiledExpression;
  activeIn?: ReadonlySet<string>;
  pausedIn: ReadonlySet<string>;
  marks: MarkPlan[];
}

/** A state with its parent and what it owns. */
export interface StatePlan {
  name: string;
  definition: StateDefinition;
  parent?: string;
  depth: number;
  children: string[];
  events: EventPlan[];
  entry: ActionPlan[];
  exit: ActionPlan[];
  onDone: BranchPlan[];
  timers: TimerPlan[];
  deadline?: DeadlinePlan;
}

/** A declared contact's address expressions. */
export interface ContactPlan {
  email?: CompiledExpression;
  phone?: CompiledExpression;
}

/** Everything `step` needs, compiled. */
export interface ProcessPlan {
  definition: ProcessDefinition;
  version: number;
  expressions: ExpressionCompiler;
  templates: TemplateSet;
  checkData: SchemaCheck;
  states: Map<string, StatePlan>;
  topStates: string[];
  eventsByType: Map<string, EventPlan[]>;
  timers: Map<string, TimerPlan>;
  deadlines: Map<string, DeadlinePlan>;
  /** Mark timers by key. */
  marks: Map<string, { deadline: DeadlinePlan; mark: MarkPlan }>;
  /** Declared contacts by name (`customer`). */
  contacts: Map<string, ContactPlan>;
  /** Counts of recent like cases stamped on a new case's data. */
  tallies: TallyPlan[];
}

/** Timer key of a state timer. */
export const timerKey = (state: string, id: string): string => `timer:${state}:${id}`;
/** Timer key of a deadline mark. */
const markKey = (deadline: string, mark: string): string => `deadline:${deadline}:${mark}`;

/** Compiles a definition into its plan; throws `invalid-definition` on what cannot run. */
export function buildPlan(definition: ProcessDefinition, files: Record<string, string>, version: number): ProcessPlan {
  const expressions = new ExpressionCompiler(definition, version);
  const durations = new DurationCompiler(definition, expressions);
  const templates = new TemplateSet(definition, files);
  const plan: ProcessPlan = {
    definition,
    version,
    expressions,
    templates,
    checkData: compileSchema(definition.data, 'data'),
    states: new Map(),
    topStates: Object.keys(definition.states),
    eventsByType: new Map(),
    timers: new Map(),
    deadlines: new Map(),
    marks: new Map(),
    contacts: new Map(),
    tallies: compileTallies(definition, durations),
  };
  for (const [name, contact] of Object.entries(definition.contacts ?? {})) {
    const compiled: ContactPlan = {};
    if (contact.email !== undefined) compiled.email = expressions.compile(contact.email, undefined, `contacts.${name}.email`);
    if (contact.phone !== undefined) compiled.phone = expressions.compile(contact.phone, undefined, `contacts.${name}.phone`);
    plan.contacts.set(name, compiled);
  }

  const roles = (spec: RolesSpec, input: JsonSchema | undefined, where: string): RolesPlan =>
    Array.isArray(spec) ? { roles: spec } : { expr: expressions.compile(spec.expr, input, where) };
  const setPlan = (set: Record<string, string> | undefined, input: JsonSchema | undefined, where: string): SetPlan =>
    Object.entries(set ?? {}).map(([field, source]) => ({ field, expr: expressions.compile(source, input, `${where}.${field}`) }));
  const actionPlans = (actions: Action[] | undefined, input: JsonSchema | undefined, where: string): ActionPlan[] =>
    (actions ?? []).map((action, i): ActionPlan => {
      const at = `${where}[${i}]`;
      const condition = action.if === undefined ? undefined : expressions.compile(action.if, input, `${at}.if`);
      if ('notify' in action) {
        if (!templates.has(action.notify)) throw new CaseflowError('invalid-definition', `${at}: unknown template ${action.notify}`);
        return { kind: 'notify', condition, template: action.notify, to: roles(action.to, input, `${at}.to`), channel: action.channel };
      }
      if ('start' in action) return { kind: 'start', condition, process: action.start, data: setPlan(action.data, input, `${at}.data`) };
      return { kind: 'set', condition, set: setPlan(action.set, input, `${at}.set`) };
    });
  const target = (name: string, where: string): string => {
    if (!names.has(name)) throw new CaseflowError('invalid-definition', `${where}: no state named ${name}`);
    return name;
  };
  const branches = (to: Target | undefined, input: JsonSchema | undefined, where: string): BranchPlan[] => {
    if (to === undefined) return [{ guards: [], set: [], actions: [] }];
    if (typeof to === 'string') return [{ guards: [], to: target(to, where), set: [], actions: [] }];
    return to.map((branch: Branch, i) => ({
      guards: branch.if === undefined ? [] : [expressions.compile(branch.if, input, `${where}[${i}].if`)],
      to: target(branch.to, `${where}[${i}]`),
      set: setPlan(branch.set, input, `${where}[${i}].set`),
      actions: actionPlans(branch.actions, input, `${where}[${i}].actions`),
    }));
  };
  const deadlinePlan = (id: string, def: DeadlineDefinition, state: string | undefined, where: string): DeadlinePlan => {
    const duration = (spec: DeadlineDefinition['within'], at: string) => durations.compile(spec, def.calendar, at);
    const marks: MarkPlan[] = [];
    if (def.warn) marks.push(markPlan(id, 'warn', duration(def.warn.at, `${where}.warn`), def.warn.send, actionPlans(def.warn.actions, undefined, `${where}.warn.actions`)));
    (def.escalate ?? []).forEach((rung, i) =>
      marks.push(markPlan(id, `escalate.${i}`, duration(rung.at, `${where}.escalate[${i}]`), rung.send, actionPlans(rung.actions, undefined, `${where}.escalate[${i}].actions`))),
    );
    const within = duration(def.within, `${where}.within`);
    if (def.breach) marks.push(markPlan(id, 'breach', within, def.breach.send, actionPlans(def.breach.actions, undefined, `${where}.breach.actions`)));
    for (const name of [...(def.activeIn ?? []), ...(def.pausedIn ?? [])]) target(name, where);
    return {
      id,
      label: def.label,
      state,
      within,
      when: def.if === undefined ? undefined : expressions.compile(def.if, undefined, `${where}.if`),
      activeIn: def.activeIn ? new Set(def.activeIn) : undefined,
      pausedIn: new Set(def.pausedIn ?? []),
      marks,
    };
  };
  const timerPlan = (state: string, timer: TimerDefinition, where: string): TimerPlan => ({
    key: timerKey(state, timer.id),
    id: timer.id,
    state,
    in: timer.in === undefined ? undefined : durations.compile(timer.in, timer.calendar, `${where}.in`),
    at: timer.at === undefined ? undefined : expressions.compile(timer.at, undefined, `${where}.at`),
    every: timer.every === undefined ? undefined : durations.compile(timer.every, timer.calendar, `${where}.every`),
    max: timer.max,
    send: timer.send,
    actions: actionPlans(timer.actions, undefined, `${where}.actions`),
  });

  const names = new Set<string>();
  const collect = (states: Record<string, StateDefinition>): void => {
    for (const [name, state] of Object.entries(states)) {
      if (names.has(name)) throw new CaseflowError('invalid-definition', `state name ${name} is used twice`);
      names.add(name);
      if (state.states) collect(state.states);
    }
  };
  collect(definition.states);
  target(definition.initial, 'initial');

  for (const [id, def] of Object.entries(definition.deadlines ?? {})) {
    plan.deadlines.set(id, deadlinePlan(id, def, undefined, `deadlines.${id}`));
  }

  const visit = (states: Record<string, StateDefinition>, parent: string | undefined, depth: number, path: string): void => {
    for (const [name, def] of Object.entries(states)) {
      const where = `${path}.${name}`;
      const events = Object.entries(def.on ?? {}).map(([type, event]): EventPlan => {
        const at = `${where}.on.${type}`;
        return {
          type,
          state: name,
          definition: event,
          roles: roles(event.roles, undefined, `${at}.roles`),
          checkInput: event.input === undefined ? undefined : compileSchema(event.input, `${at}.input`),
          guard: event.if === undefined ? undefined : expressions.compile(event.if, event.input, `${at}.if`),
          rules: (event.rules ?? []).map((rule) => ({
            name: rule.name,
            ...(rule.label === undefined ? {} : { label: rule.label }),
            check: expressions.compile(rule.if, event.input, `${at}.if(${rule.name})`),
          })),
          set: setPlan(event.set, event.input, `${at}.set`),
          actions: actionPlans(event.actions, event.input, `${at}.actions`),
          branches: branches(event.to, event.input, `${at}.to`),
        };
      });
      if (def.deadline && plan.deadlines.has(name)) {
        throw new CaseflowError('invalid-definition', `${where}.deadline: a process deadline is also named ${name}`);
      }
      const statePlan: StatePlan = {
        name,
        definition: def,
        parent,
        depth,
        children: Object.keys(def.states ?? {}),
        events,
        entry: actionPlans(def.entry, undefined, `${where}.entry`),
        exit: actionPlans(def.exit, undefined, `${where}.exit`),
        onDone: def.onDone === undefined ? [] : branches(def.onDone, undefined, `${where}.onDone`),
        timers: (def.timers ?? []).map((timer, i) => timerPlan(name, timer, `${where}.timers[${i}]`)),
        deadline: def.deadline ? deadlinePlan(name, def.deadline, name, `${where}.deadline`) : undefined,
      };
      plan.states.set(name, statePlan);
      for (const event of events) plan.eventsByType.set(event.type, [...(plan.eventsByType.get(event.type) ?? []), event]);
      for (const timer of statePlan.timers) plan.timers.set(timer.key, timer);
      if (statePlan.deadline) plan.deadlines.set(name, statePlan.deadline);
      if (def.states) visit(def.states, name, depth + 1, `${where}.states`);
    }
  };
  visit(definition.states, undefined, 0, 'states');

  for (const deadline of plan.deadlines.values()) {
    for (const mark of deadline.marks) plan.marks.set(mark.key, { deadline, mark });
  }
  return plan;
}

function markPlan(deadline: string, name: string, at: CompiledDuration, send: string | undefined, actions: ActionPlan[]): MarkPlan {
  return { name, key: markKey(deadline, name), at, send, actions };
}
