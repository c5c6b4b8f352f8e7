/**
 * Finds the fields an expression names (`data.budget`, `input.plan`, `tiers.level.responder`) in
 * its CEL syntax tree and checks them against what the process declares, so a typo gets a
 * message that names the field and suggests the declared one.
 */
import type { ASTNode } from '@marcbachmann/cel-js';
import { isRecord, propertiesOf } from './schema-properties.js';
import { didYouMean } from './suggest.js';
import type { JsonSchema, ProcessDefinition } from './types.js';

/** A problem in an expression, at a character offset of its text. */
export interface ExpressionProblem {
  offset: number;
  message: string;
}

/** What the roots of a chain (`data`, `input`, …) may contain. */
export interface FieldScope {
  definition: ProcessDefinition;
  /** The event's input schema; undefined outside events. */
  input?: JsonSchema;
}

interface ChainLink {
  name: string;
  /** Offset of the name in the expression text. */
  offset: number;
}

/** Unknown fields named by the expression whose syntax tree is `ast`. */
export function unknownFields(ast: ASTNode, scope: FieldScope): ExpressionProblem[] {
  const problems: ExpressionProblem[] = [];
  visit(ast, (root, links) => {
    const problem = checkChain(root, links, scope);
    if (problem) problems.push(problem);
  });
  return problems;
}

/** Calls `onChain` for every maximal `id.a.b` chain and walks into everything else. */
function visit(node: ASTNode, onChain: (root: string, links: ChainLink[]) => void): void {
  if (node.op === '.') {
    const links: ChainLink[] = [];
    let current: ASTNode = node;
    while (current.op === '.') {
      const base: ASTNode = current.args[0];
      const name: string = current.args[1];
      links.unshift({ name, offset: current.range.end - name.length });
      current = base;
    }
    if (current.op === 'id') {
      onChain(current.args, links);
      return;
    }
    visit(current, onChain);
    return;
  }
  for (const child of childNodes(node)) visit(child, onChain);
}

/** The sub-expressions of a node. */
export function childNodes(node: ASTNode): ASTNode[] {
  const children: ASTNode[] = [];
  const collect = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(collect);
    else if (isAstNode(value)) children.push(value);
  };
  if (node.op !== 'id' && node.op !== 'value') collect(node.args);
  return children;
}

function isAstNode(value: unknown): value is ASTNode {
  return typeof value === 'object' && value !== null && 'op' in value && 'args' in value && 'range' in value;
}

/**
 * Checks `links` against a schema-described root (`data`, `input`), descending while sub-objects
 * declare properties. A root without properties has no fields at all.
 */
function checkSchemaChain(links: ChainLink[], schema: unknown, what: string, where: string): ExpressionProblem | undefined {
  let properties: Record<string, unknown> | undefined = propertiesOf(schema) ?? {};
  const names: string[] = [];
  for (const link of links) {
    if (properties === undefined) return undefined;
    if (!Object.hasOwn(properties, link.name)) {
      const scope = names.length === 0 ? where : `the properties of '${names.join('.')}'`;
      const field = [...names, link.name].join('.');
      return { offset: link.offset, message: `${what} '${field}' is not declared in ${scope}${didYouMean(link.name, Object.keys(properties))}` };
    }
    names.push(link.name);
    properties = propertiesOf(properties[link.name]);
  }
  return undefined;
}

const FIXED_FIELDS: Record<string, string[]> = {
  actor: ['id', 'roles'],
  case: ['id', 'process', 'version'],
};

function checkChain(root: string, links: ChainLink[], scope: FieldScope): ExpressionProblem | undefined {
  const { definition } = scope;
  const [first, second] = links;
  switch (root) {
    case 'data':
      return checkSchemaChain(links, definition.data, 'data field', 'data.properties');
    case 'input':
      if (scope.input === undefined) return { offset: first.offset - 'input.'.length, message: 'input is only available in the expressions of an event' };
      return checkSchemaChain(links, scope.input, 'input field', "this event's input");
    case 'settings': {
      const settings = definition.settings ?? {};
      const names = Object.keys(settings);
      if (!names.includes(first.name)) {
        return { offset: first.offset, message: `setting '${first.name}' is not declared in settings${didYouMean(first.name, names)}` };
      }
      const map = settings[first.name];
      if (second === undefined || !isRecord(map) || Object.hasOwn(map, second.name)) return undefined;
      const keys = Object.keys(map);
      return { offset: second.offset, message: `setting '${first.name}' has no key '${second.name}'${didYouMean(second.name, keys)} (keys: ${keys.join(', ')})` };
    }
    case 'tiers': {
      const tiers = definition.tiers ?? {};
      const table = tiers[first.name];
      if (table === undefined) return { offset: first.offset, message: `tier '${first.name}' is not declared in tiers${didYouMean(first.name, Object.keys(tiers))}` };
      if (second === undefined) return undefined;
      const columns = new Set(['id', 'next', 'top']);
      for (const row of Object.values(table.rows)) for (const column of Object.keys(row)) columns.add(column);
      if (columns.has(second.name)) return undefined;
      return { offset: second.offset, message: `tier '${first.name}' has no column '${second.name}'${didYouMean(second.name, columns)} (columns: ${[...columns].join(', ')})` };
    }
    default: {
      const fields = FIXED_FIELDS[root];
      if (fields === undefined || fields.includes(first.name)) return undefined;
      return { offset: first.offset, message: `${root} has no field '${first.name}' (fields: ${fields.join(', ')})` };
    }
  }
}
