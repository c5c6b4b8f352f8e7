/**
 * CEL expressions of a process, compiled once with the environment the validator checks them
 * in (`engine/dsl/cel-env.ts`), and evaluated over JSON case data within a step budget
 * (`expression-guard.ts`).
 */
import type { Environment } from '@marcbachmann/cel-js';
import { buildCelEnvironment } from '../dsl/cel-env.js';
import { isRecord } from '../dsl/schema-properties.js';
import type { JsonSchema, ProcessDefinition } from '../dsl/types.js';
import { CaseflowError, ensureError } from '../errors.js';
import { ExpressionOverBudget, guardProgram, withinStepBudget } from './expression-guard.js';
import type { Actor } from './types.js';
import { fromCel, literalToCel, recordToCel, type JsonValue } from './cel-values.js';
import { currentTiers, tiersToCel } from './tiers.js';

/** What an expression is evaluated against: the case as it is, and who acts when. */
export interface ExpressionScope {
  data: Record<string, unknown>;
  /** Event input; only expressions inside an event with an input schema see it. */
  input?: Record<string, unknown>;
  actor: Actor;
  now: number;
  caseId: string;
}

/** One compiled expression. */
export interface CompiledExpression {
  readonly source: string;
  /** Whether it names `input` (then it cannot be judged before the input is known). */
  readonly usesInput: boolean;
  /** Evaluates to a CEL value (bigint, Date, Duration…); throws on evaluation errors. */
  raw(scope: ExpressionScope): unknown;
  /** Evaluates to plain JSON. */
  value(scope: ExpressionScope): JsonValue;
  /** Evaluates a condition; an evaluation error (a missing field) counts as false, one over its step budget is thrown. */
  holds(scope: ExpressionScope): boolean;
}

/** Compiles and caches the expressions of one process. */
export class ExpressionCompiler {
  private readonly environments = new Map<JsonSchema | undefined, Environment>();
  private readonly compiled = new Map<Environment, Map<string, CompiledExpression>>();
  private readonly settings: Record<string, unknown>;
  private readonly tiersCel: ReturnType<typeof tiersToCel>;
  /** CEL values of a data object and of its current tier rows, made once per data object. */
  private readonly dataCache = new WeakMap<object, { data: Record<string, unknown>; tiers: Record<string, unknown> }>();
  /** The CEL variables of a scope without input, made once per scope: a step evaluates many expressions over one. */
  private readonly contexts = new WeakMap<ExpressionScope, Record<string, unknown>>();

  constructor(
    readonly definition: ProcessDefinition,
    private readonly version: number,
  ) {
    this.settings = Object.fromEntries(Object.entries(definition.settings ?? {}).map(([k, v]) => [k, literalToCel(v)]));
    this.tiersCel = tiersToCel(definition);
  }

  /** Compiles `source` (once) for an expression that sees the input of `inputSchema`, if given. */
  compile(source: string, inputSchema?: JsonSchema, where = 'expression'): CompiledExpression {
    const env = this.environment(inputSchema);
    let cache = this.compiled.get(env);
    if (!cache) this.compiled.set(env, (cache = new Map()));
    const hit = cache.get(source);
    if (hit) return hit;
    const expression = this.build(env, source, inputSchema, where);
    cache.set(source, expression);
    return expression;
  }

  private environment(inputSchema: JsonSchema | undefined): Environment {
    let env = this.environments.get(inputSchema);
    if (!env) {
      env = buildCelEnvironment(this.definition, { input: inputSchema, mixedNumbers: true });
      this.environments.set(inputSchema, env);
    }
    return env;
  }

  private build(env: Environment, source: string, inputSchema: JsonSchema | undefined, where: string): CompiledExpression {
    let program: ReturnType<Environment['parse']>;
    try {
      program = env.parse(source);
    } catch (error) {
      throw new CaseflowError('invalid-definition', `${where}: ${source}: ${firstLine(error)}`, { cause: error });
    }
    const check = program.check();
    if (!check.valid) {
      throw new CaseflowError('invalid-definition', `${where}: ${source}: ${firstLine(check.error)}`, { cause: check.error });
    }
    guardProgram(program.ast);
    const raw = (scope: ExpressionScope): unknown => {
      try {
        return withinStepBudget(source, () => program(this.context(scope, inputSchema)));
      } catch (error) {
        if (error instanceof ExpressionOverBudget) throw error;
        throw new CaseflowError('internal', `expression ${source} failed: ${firstLine(error)}`, { cause: error });
      }
    };
    return {
      source,
      usesInput: /\binput\b/.test(source),
      raw,
      value: (scope) => fromCel(raw(scope)),
      holds: (scope) => {
        try {
          return raw(scope) === true;
        } catch (error) {
          if (error instanceof ExpressionOverBudget) throw error;
          return false;
        }
      },
    };
  }

  /**
   * The CEL variables for a scope. Data and tier conversion is cached per data object: a step
   * evaluates many expressions over the same data (the tiers alone were 7% of the server's CPU).
   */
  private context(scope: ExpressionScope, inputSchema: JsonSchema | undefined): Record<string, unknown> {
    const known = inputSchema === undefined ? this.contexts.get(scope) : undefined;
    if (known !== undefined) return known;
    let converted = this.dataCache.get(scope.data);
    if (!converted) {
      converted = { data: recordToCel(scope.data, this.definition.data), tiers: this.tiersCel(currentTiers(this.definition, scope.data)) };
      this.dataCache.set(scope.data, converted);
    }
    const context: Record<string, unknown> = {
      data: converted.data,
      settings: this.settings,
      tiers: converted.tiers,
      actor: { id: scope.actor.id, roles: [...scope.actor.roles] },
      now: new Date(scope.now),
      case: { id: scope.caseId, process: this.definition.id, version: BigInt(this.version) },
    };
    if (inputSchema !== undefined) context.input = recordToCel(isRecord(scope.input) ? scope.input : {}, inputSchema);
    else this.contexts.set(scope, context);
    return context;
  }
}

function firstLine(error: unknown): string {
  return ensureError(error).message.split('\n')[0];
}
