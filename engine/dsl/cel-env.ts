/**
 * The CEL environment an expression of a process sees: `data`, `input`, `settings`, `tiers`,
 * `actor`, `now` and `case`, each typed from the definition so that `data.budjet` fails the
 * type check. The validator checks with it; the compiler evaluates with it.
 *
 * Runtime values must match the declared types: JSON Schema `integer` fields are CEL `int`
 * (pass a `bigint`), `number` fields are `double`, `now` is a `Date`. Objects inside lists are
 * typed `map<string, dyn>` so plain objects can be passed as they are.
 */
import { Environment } from '@marcbachmann/cel-js';
import { isRecord, jsonType, literalJsonType } from './schema-properties.js';
import type { JsonSchema, ProcessDefinition } from './types.js';

/** CEL name of the timestamp type (`now`, `timestamp(...)`). */
export const CEL_TIMESTAMP = 'google.protobuf.Timestamp';

/** What, beyond the definition, an expression may name. */
export interface CelContext {
  /** JSON Schema of the event input; without it `input` is not a variable. */
  input?: JsonSchema;
  /**
   * Let `int` and `double` mix in `+ - * /` (giving `double`), as JSON numbers do:
   * `data.budget * (1 + settings.tolerance)`. Processes always run with it on: the validator
   * checks and the compiler evaluates in environments built with it, so both agree.
   */
  mixedNumbers?: boolean;
}

type Arithmetic = (a: number, b: number) => number;
const ARITHMETIC: Record<string, Arithmetic> = {
  '+': (a, b) => a + b,
  '-': (a, b) => a - b,
  '*': (a, b) => a * b,
  '/': (a, b) => a / b,
};

/** Registers `double op int` and `int op double` for + - * /, each giving a double. */
function registerMixedArithmetic(env: Environment): void {
  for (const [op, apply] of Object.entries(ARITHMETIC)) {
    env.registerOperator(`double ${op} int: double`, (a: number, b: bigint) => apply(a, Number(b)));
    env.registerOperator(`int ${op} double: double`, (a: bigint, b: number) => apply(Number(a), b));
  }
}

/** A named object type to register before the variable that uses it. */
interface TypeDeclaration {
  name: string;
  fields: Record<string, string>;
}

/** Turns JSON Schemas into registered CEL object types, children before parents. */
class TypeCollector {
  readonly declarations: TypeDeclaration[] = [];
  private readonly used = new Set<string>();

  /** CEL type of a JSON Schema; object schemas with properties become named types. */
  typeOf(schema: unknown, nameHint: string, inList = false): string {
    if (!isRecord(schema)) return 'dyn';
    const type = jsonType(schema);
    switch (type) {
      case 'array':
        return `list<${this.typeOf(schema.items, `${nameHint}Item`, true)}>`;
      case 'object':
        if (inList || !isRecord(schema.properties)) return 'map<string, dyn>';
        return this.objectType(schema.properties, nameHint);
      default:
        return scalarCelType(type);
    }
  }

  /** Registers an object type with exactly these properties and returns its name. */
  objectType(properties: Record<string, unknown>, nameHint: string): string {
    const name = this.uniqueName(nameHint);
    const fields: Record<string, string> = {};
    for (const [key, child] of Object.entries(properties)) {
      fields[key] = this.typeOf(child, `${name}_${key}`);
    }
    this.declarations.push({ name, fields });
    return name;
  }

  /** Registers an object type from literal field types. */
  literalType(fields: Record<string, string>, nameHint: string): string {
    const name = this.uniqueName(nameHint);
    this.declarations.push({ name, fields });
    return name;
  }

  private uniqueName(hint: string): string {
    const base = hint.replace(/[^A-Za-z0-9_]/g, '_');
    let name = base;
    for (let i = 2; this.used.has(name); i++) name = `${base}${i}`;
    this.used.add(name);
    return name;
  }
}

/** CEL type of a literal setting or tier cell. */
function literalCelType(value: unknown): string {
  return scalarCelType(literalJsonType(value));
}

const SCALAR_CEL_TYPES: Record<string, string> = { string: 'string', integer: 'int', number: 'double', boolean: 'bool' };

/** CEL type of a JSON scalar type name; `dyn` for anything else. */
function scalarCelType(type: string | undefined): string {
  return type !== undefined && Object.hasOwn(SCALAR_CEL_TYPES, type) ? SCALAR_CEL_TYPES[type] : 'dyn';
}

/** The one CEL type of several values, or `dyn` when they differ (or there are none). */
function commonType(types: string[]): string {
  return types.length > 0 && types.every((type) => type === types[0]) ? types[0] : 'dyn';
}

/** CEL type of a setting: a single value, a `list<…>` or a `map<string, …>` typed from its values. */
function settingCelType(value: unknown): string {
  if (Array.isArray(value)) return `list<${commonType(value.map(literalCelType))}>`;
  if (isRecord(value)) return `map<string, ${commonType(Object.values(value).map(literalCelType))}>`;
  return literalCelType(value);
}

/** CEL types of a tier's current row: each column (`int` only if every cell is whole), plus `id`, `next` and `top`. */
export function tierRowFields(table: { rows?: unknown }): Record<string, string> {
  const fields: Record<string, string> = {};
  const rows = isRecord(table.rows) ? Object.values(table.rows) : [];
  for (const row of rows) {
    if (!isRecord(row)) continue;
    for (const [column, value] of Object.entries(row)) {
      const type = literalCelType(value);
      fields[column] = fields[column] === undefined || fields[column] === type ? type : 'dyn';
    }
  }
  return { ...fields, id: 'string', next: 'string', top: 'bool' };
}

/**
 * Builds the CEL environment for expressions of `definition`; pass the event's input schema
 * in `context.input` for expressions inside that event.
 */
export function buildCelEnvironment(definition: ProcessDefinition, context: CelContext = {}): Environment {
  const types = new TypeCollector();
  const variables: Record<string, string> = {};

  const dataProperties = isRecord(definition.data) && isRecord(definition.data.properties) ? definition.data.properties : {};
  variables.data = types.objectType(dataProperties, 'CaseData');

  if (context.input !== undefined) {
    const inputProperties = isRecord(context.input.properties) ? context.input.properties : {};
    variables.input = types.objectType(inputProperties, 'EventInput');
  }

  const settingFields: Record<string, string> = {};
  for (const [key, value] of Object.entries(isRecord(definition.settings) ? definition.settings : {})) {
    settingFields[key] = settingCelType(value);
  }
  variables.settings = types.literalType(settingFields, 'Settings');

  const tierFields: Record<string, string> = {};
  for (const [name, table] of Object.entries(isRecord(definition.tiers) ? definition.tiers : {})) {
    if (isRecord(table)) tierFields[name] = types.literalType(tierRowFields(table), `Tier_${name}`);
  }
  variables.tiers = types.literalType(tierFields, 'Tiers');

  variables.actor = types.literalType({ id: 'string', roles: 'list<string>' }, 'Actor');
  variables.case = types.literalType({ id: 'string', process: 'string', version: 'int' }, 'CaseInfo');
  variables.now = CEL_TIMESTAMP;

  const env = new Environment({ unlistedVariablesAreDyn: false, homogeneousAggregateLiterals: false });
  for (const declaration of types.declarations) env.registerType(declaration.name, { fields: declaration.fields });
  for (const [name, type] of Object.entries(variables)) env.registerVariable(name, type);
  if (context.mixedNumbers) registerMixedArithmetic(env);
  return env;
}
