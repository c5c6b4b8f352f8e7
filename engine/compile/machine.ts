/**
 * The XState v5 machine of a process. It is only ever driven through XState's pure
 * `transition()`: data updates (`set`) run as `assign`, while entering and leaving states,
 * notifications and linked cases come out as action objects that `step` turns into effects.
 * State ids are the state names, so every target is `#<name>`.
 */
import { assign, setup } from 'xstate';
import { CaseflowError } from '../errors.js';
import type { Actor } from './types.js';
import type { CompiledExpression, ExpressionScope } from './expressions.js';
import type { ActionPlan, BranchPlan, EventPlan, ProcessPlan, RolesPlan, SetPlan, StatePlan } from './plan.js';

/** What `step` passes in for one transition; never persisted. */
export interface StepEnv {
  now: number;
  caseId: string;
  actor: Actor;
  /** The data as it was before the event: what event `set` expressions see. */
  dataBefore: Record<string, unknown>;
  /** Whether transitions check the actor's roles (off for events sent by timers). */
  checkRoles: boolean;
}

/** The machine's context: the case data, and the step's environment. */
export interface CaseContext {
  data: Record<string, unknown>;
  env: StepEnv;
}

/** Events as the machine receives them. */
export interface CaseMachineEvent {
  type: string;
  input?: Record<string, unknown>;
}

/** Params of the action objects `transition()` returns. */
export interface EnterParams { state: string }
/** A transition was taken (so the event was accepted). */
export interface TakenParams { event: string; source: string }
/** A notify or start-case action, with the state it belongs to. */
export interface ActionParams { action: ActionPlan; owner: string }

interface SetParams {
  set: SetPlan;
  /** Evaluate against the data before the event (event and branch `set`) rather than the current data. */
  before: boolean;
  /** The `if` of a set action, judged on the current data. */
  condition?: CompiledExpression;
}

interface GuardParams {
  guards: BranchPlan['guards'];
  /** Who may take the transition; checked so the machine picks the transition the actor may take. */
  roles?: RolesPlan;
}

/** Builds the expression scope of a transition from context and event. */
function scopeOf(context: CaseContext, event: CaseMachineEvent, data = context.data): ExpressionScope {
  return { data, input: event.input, actor: context.env.actor, now: context.env.now, caseId: context.env.caseId };
}

/** Whether the actor has one of the roles (an expression's evaluation error counts as no). */
export function actorMay(roles: RolesPlan, scope: ExpressionScope): boolean {
  if ('roles' in roles) return roles.roles.some((role) => scope.actor.roles.includes(role));
  try {
    const value = roles.expr.value(scope);
    const allowed = Array.isArray(value) ? value : [value];
    return allowed.some((role) => typeof role === 'string' && scope.actor.roles.includes(role));
  } catch {
    return false;
  }
}

/** Whether an action happens: it has no `if`, or its `if` holds (an evaluation error counts as no). */
export function actionApplies(action: Pick<ActionPlan, 'condition'>, scope: ExpressionScope): boolean {
  return action.condition === undefined || action.condition.holds(scope);
}

/** Applies data updates, each evaluated against `scope`; an expression that fails refuses the event. */
export function applySet(set: SetPlan, scope: ExpressionScope, onto: Record<string, unknown>): Record<string, unknown> {
  if (set.length === 0) return onto;
  const next = { ...onto };
  for (const { field, expr } of set) {
    try {
      next[field] = expr.value(scope);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new CaseflowError('invalid-input', `cannot set ${field}: ${message}`, { details: [{ field, message }], cause: error });
    }
  }
  return next;
}

const caseMachineSetup = setup({
  types: {} as { context: CaseContext; events: CaseMachineEvent; input: CaseContext },
  actions: {
    'caseflow.enter': (_args, _params: EnterParams) => undefined,
    'caseflow.exit': (_args, _params: EnterParams) => undefined,
    'caseflow.taken': (_args, _params: TakenParams) => undefined,
    'caseflow.notify': (_args, _params: ActionParams) => undefined,
    'caseflow.start': (_args, _params: ActionParams) => undefined,
    'caseflow.set': assign(({ context, event }, params: SetParams) => {
      if (!actionApplies(params, scopeOf(context, event))) return {};
      const scope = scopeOf(context, event, params.before ? context.env.dataBefore : context.data);
      return { data: applySet(params.set, scope, context.data) };
    }),
  },
  guards: {
    'caseflow.if': ({ context, event }, params: GuardParams) => {
      const scope = scopeOf(context, event);
      if (params.roles && context.env.checkRoles && !actorMay(params.roles, scope)) return false;
      return params.guards.every((guard) => guard.holds(scope));
    },
  },
});

type MachineConfig = Parameters<typeof caseMachineSetup.createMachine>[0];
type StateConfig = NonNullable<MachineConfig['states']>[string];

/** The action objects the machine carries, as plain data. */
type PlainAction =
  | { type: 'caseflow.enter' | 'caseflow.exit'; params: EnterParams }
  | { type: 'caseflow.taken'; params: TakenParams }
  | { type: 'caseflow.notify' | 'caseflow.start'; params: ActionParams }
  | { type: 'caseflow.set'; params: SetParams };

interface PlainTransition {
  guard?: { type: 'caseflow.if'; params: GuardParams };
  target?: string;
  reenter: boolean;
  actions: PlainAction[];
}

function actionObjects(actions: ActionPlan[], owner: string): PlainAction[] {
  return actions.map((action): PlainAction => {
    if (action.kind === 'set') return { type: 'caseflow.set', params: { set: action.set, before: false, condition: action.condition } };
    if (action.kind === 'notify') return { type: 'caseflow.notify', params: { action, owner } };
    return { type: 'caseflow.start', params: { action, owner } };
  });
}

function transitions(source: string, event: string, branches: BranchPlan[], extra: Pick<EventPlan, 'guard' | 'set' | 'actions' | 'roles'> | undefined): PlainTransition[] {
  return branches.map((branch): PlainTransition => {
    const guards = extra?.guard ? [extra.guard, ...branch.guards] : branch.guards;
    const roles = extra?.roles;
    const sets = [...(extra?.set ?? []), ...branch.set];
    const actions: PlainAction[] = [
      ...(sets.length > 0 ? [{ type: 'caseflow.set' as const, params: { set: sets, before: extra !== undefined } }] : []),
      ...actionObjects(extra?.actions ?? [], source),
      ...actionObjects(branch.actions, source),
      { type: 'caseflow.taken', params: { event, source } },
    ];
    return {
      guard: guards.length > 0 || roles ? { type: 'caseflow.if', params: { guards, roles } } : undefined,
      target: branch.to === undefined ? undefined : `#${branch.to}`,
      // A state targeting itself is left and entered again: its timers and deadline restart.
      reenter: branch.to === source,
      actions,
    };
  });
}

function stateConfig(plan: ProcessPlan, state: StatePlan): StateConfig {
  const def = state.definition;
  const on: Record<string, PlainTransition[]> = {};
  for (const event of state.events) on[event.type] = transitions(state.name, event.type, event.branches, event);
  const states: Record<string, StateConfig> = {};
  for (const child of state.children) states[child] = stateConfig(plan, plan.states.get(child) ?? missing(child));
  const compound = state.children.length > 0;
  return {
    id: state.name,
    type: def.final ? 'final' : def.parallel ? 'parallel' : compound ? 'compound' : 'atomic',
    initial: compound && !def.parallel ? (def.initial ?? state.children[0]) : undefined,
    // Timers and deadlines start after the entry actions, so they see the data those set.
    entry: [...actionObjects(state.entry, state.name), { type: 'caseflow.enter', params: { state: state.name } }],
    exit: [...actionObjects(state.exit, state.name), { type: 'caseflow.exit', params: { state: state.name } }],
    on,
    onDone: state.onDone.length > 0 ? transitions(state.name, `done.${state.name}`, state.onDone, undefined) : undefined,
    states: compound ? states : undefined,
  };
}

function missing(name: string): never {
  throw new CaseflowError('internal', `state ${name} is missing from the plan`);
}

/** The machine type of every process. */
export type CaseMachine = ReturnType<typeof caseMachineSetup.createMachine>;

/** Builds the XState machine of a compiled plan. */
export function buildMachine(plan: ProcessPlan): CaseMachine {
  const states: Record<string, StateConfig> = {};
  for (const name of plan.topStates) states[name] = stateConfig(plan, plan.states.get(name) ?? missing(name));
  return caseMachineSetup.createMachine({
    id: `process:${plan.definition.id}`,
    context: ({ input }) => input,
    initial: plan.definition.initial,
    states,
  });
}
