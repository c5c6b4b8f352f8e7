/**
 * What one evaluation of an expression may cost, known before it runs. A comprehension
 * (`all`, `exists`, `exists_one`, `map`, `filter`) takes one step per item of its list, and a
 * nested one multiplies: `data.items.exists(a, data.items.exists(b, …))` over 200 items takes
 * 40,000 steps, three deep 8,000,000 (seconds of a blocked server). Lists are reckoned by their
 * schema's `maxItems` (objects by `maxProperties`), literal lists and settings by their length;
 * a list without a bound by `UNBOUNDED_LIST_ITEMS`. An expression that could take more than
 * `MAX_EXPRESSION_STEPS` is refused, and evaluation stops at that many steps whatever the data.
 *
 * `matches()` patterns must be quoted text RE2 can run, so they are checked here too.
 */
import type { ASTNode } from '@marcbachmann/cel-js';
import { childNodes, type ExpressionProblem, type FieldScope } from './cel-fields.js';
import { regExpProblem } from './regex-safety.js';
import { isRecord, propertiesOf } from './schema-properties.js';

/** Most comprehension steps one evaluation of an expression may take (about 50 ms of work). */
export const MAX_EXPRESSION_STEPS = 50_000;

/** Items a list (or entries a map) without `maxItems` (`maxProperties`) is reckoned to hold. */
export const UNBOUNDED_LIST_ITEMS = 1_000;

/** Macros that evaluate their body once per item of the list they are called on. */
const COMPREHENSIONS = new Set(['all', 'exists', 'exists_one', 'map', 'filter']);

/** What is known of a value: how many items it may hold, and what its items are. */
interface Shape {
  /** Most items (list) or entries (map); undefined when nothing bounds it. */
  size?: number;
  /** The shape of each item. */
  item?: Shape;
  /** A schema describing the value, for field access. */
  schema?: unknown;
  /** How the value is named in messages (`data.items`). */
  name?: string;
}

/** The cost of a node: the steps it takes and the shape of what it gives. */
interface Cost {
  steps: number;
  shape: Shape;
}

/** The shape of a value a JSON Schema describes. */
function schemaShape(schema: unknown, name: string | undefined): Shape {
  if (!isRecord(schema)) return { name };
  const bound = typeof schema.maxItems === 'number' ? schema.maxItems : typeof schema.maxProperties === 'number' ? schema.maxProperties : undefined;
  const item = isRecord(schema.items) ? schemaShape(schema.items, name === undefined ? undefined : `the items of ${name}`) : undefined;
  return { size: bound, item, schema, name };
}

/** The shape of a literal value (a setting, a tier cell). */
function literalShape(value: unknown, name: string): Shape {
  if (Array.isArray(value)) return { size: value.length, name };
  if (isRecord(value)) return { size: Object.keys(value).length, name };
  return { name };
}

/** Walks an expression, costing each node; reports the outermost comprehension over budget. */
class CostWalker {
  readonly problems: ExpressionProblem[] = [];
  private readonly variables = new Map<string, Shape>();

  constructor(private readonly scope: FieldScope) {}

  cost(node: ASTNode): Cost {
    switch (node.op) {
      case 'id':
        return { steps: 0, shape: this.variables.get(node.args) ?? this.root(node.args) };
      case '.': {
        const [base, field] = node.args;
        const inner = this.cost(base);
        return { steps: inner.steps, shape: this.field(inner.shape, field) };
      }
      case 'list': {
        let steps = 0;
        const shapes: Shape[] = [];
        for (const child of node.args) {
          const item = this.cost(child);
          steps += item.steps;
          shapes.push(item.shape);
        }
        return { steps, shape: { size: shapes.length, item: widest(shapes) } };
      }
      case '+': {
        const left = this.cost(node.args[0]);
        const right = this.cost(node.args[1]);
        const size = left.shape.size !== undefined && right.shape.size !== undefined ? left.shape.size + right.shape.size : undefined;
        return { steps: left.steps + right.steps, shape: { size, item: widest([left.shape.item, right.shape.item]) } };
      }
      case 'rcall':
        return this.methodCall(node);
      default: {
        // A loop, not map(): expressions may nest about a thousand deep, so each level takes one frame.
        let steps = 0;
        for (const child of childNodes(node)) steps += this.cost(child).steps;
        return { steps, shape: {} };
      }
    }
  }

  private methodCall(node: ASTNode & { op: 'rcall' }): Cost {
    const [method, receiver, args] = node.args;
    if (method === 'matches') this.checkPattern(args[0]);
    if (method === 'bind' && receiver.op === 'id' && receiver.args === 'cel' && args.length === 3 && args[0].op === 'id') {
      const init = this.cost(args[1]);
      const body = this.withVariable(args[0].args, init.shape, () => this.cost(args[2]));
      return { steps: init.steps + body.steps, shape: body.shape };
    }
    if (!COMPREHENSIONS.has(method) || args.length < 2 || args[0].op !== 'id') {
      return { steps: sum([receiver, ...args].map((child) => this.cost(child))), shape: {} };
    }
    const range = this.cost(receiver);
    const items = range.shape.size ?? UNBOUNDED_LIST_ITEMS;
    const problemsBefore = this.problems.length;
    const body = this.withVariable(args[0].args, range.shape.item ?? {}, () => args.slice(1).map((child) => this.cost(child)));
    const steps = range.steps + items * (1 + sum(body));
    if (steps > MAX_EXPRESSION_STEPS && this.problems.length === problemsBefore) {
      this.problems.push({ offset: node.range.start, message: overBudget(method, range.shape, steps) });
    }
    const last = body[body.length - 1];
    const item = method === 'map' ? last.shape : method === 'filter' ? range.shape.item : undefined;
    return { steps, shape: method === 'map' || method === 'filter' ? { size: range.shape.size, item } : {} };
  }

  private checkPattern(pattern: ASTNode | undefined): void {
    if (pattern === undefined) return;
    if (pattern.op !== 'value' || typeof pattern.args !== 'string') {
      this.problems.push({ offset: pattern.range.start, message: 'matches() takes its pattern as quoted text, such as matches("^[0-9]{11}$"), so that it can be checked before the process runs' });
      return;
    }
    const problem = regExpProblem(pattern.args);
    if (problem !== undefined) this.problems.push({ offset: pattern.range.start, message: problem });
  }

  private withVariable<T>(name: string, shape: Shape, body: () => T): T {
    const outer = this.variables.get(name);
    this.variables.set(name, shape);
    try {
      return body();
    } finally {
      if (outer === undefined) this.variables.delete(name);
      else this.variables.set(name, outer);
    }
  }

  private root(name: string): Shape {
    switch (name) {
      case 'data':
        return schemaShape(this.scope.definition.data, 'data');
      case 'input':
        return schemaShape(this.scope.input, 'input');
      case 'settings':
        return { name: 'settings', size: Object.keys(this.scope.definition.settings ?? {}).length };
      case 'actor':
        return { name: 'actor' };
      default:
        return { name };
    }
  }

  private field(shape: Shape, field: string): Shape {
    const name = shape.name === undefined ? undefined : `${shape.name}.${field}`;
    if (shape.name === 'settings') return literalShape(this.scope.definition.settings?.[field], `settings.${field}`);
    if (shape.name === 'actor' && field === 'roles') return { name: 'actor.roles' };
    const properties = propertiesOf(shape.schema);
    return properties !== undefined && Object.hasOwn(properties, field) ? schemaShape(properties[field], name) : { name };
  }
}

function sum(costs: Cost[]): number {
  return costs.reduce((total, cost) => total + cost.steps, 0);
}

/** The larger of several item shapes (by size; unbounded wins). */
function widest(shapes: Array<Shape | undefined>): Shape | undefined {
  let widest: Shape | undefined;
  for (const shape of shapes) {
    if (shape === undefined) continue;
    if (widest === undefined || shape.size === undefined || (widest.size !== undefined && shape.size > widest.size)) widest = shape;
  }
  return widest;
}

function overBudget(method: string, range: Shape, steps: number): string {
  const list = range.name ?? 'this list';
  const items = range.size === undefined ? `${list} has no maxItems, so it is reckoned at ${UNBOUNDED_LIST_ITEMS.toLocaleString('en')} items` : `${list} may hold ${range.size.toLocaleString('en')} items`;
  return `${method}() could take ${steps.toLocaleString('en')} steps (${items}, each step running what is inside); at most ${MAX_EXPRESSION_STEPS.toLocaleString('en')} are allowed: declare a smaller maxItems on the lists it goes through, or do not nest one list's comprehension inside another's`;
}

/** Comprehensions that could take more than `MAX_EXPRESSION_STEPS`, and `matches()` patterns that are not quoted text RE2 can run. */
export function expressionCostProblems(ast: ASTNode, scope: FieldScope): ExpressionProblem[] {
  const walker = new CostWalker(scope);
  walker.cost(ast);
  return walker.problems;
}
