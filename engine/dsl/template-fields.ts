/**
 * Walks a Handlebars template's syntax tree and finds the fields it names that a notification
 * will not have (`{{data.custmer}}` when `data` declares `customer`) and the helpers it calls
 * that do not exist or are called wrongly (`{{tiem data.slot}}`).
 */
import { enumLabelsOf, fieldSchema } from './enum-labels.js';
import { propertiesOf } from './schema-properties.js';
import { didYouMean } from './suggest.js';
import { FORMAT_HELPERS, helperCallProblem, isFormatHelper, TEMPLATE_HELPERS, type FormatHelperName } from './template-helpers.js';
import type { ProcessDefinition } from './types.js';

/** A field problem at a 1-based line and 0-based column of the template text. */
export interface TemplateProblem {
  line: number;
  column: number;
  message: string;
}

/** Names a template may start a path with. */
export const TEMPLATE_ROOTS = ['data', 'labels', 'case', 'state', 'elapsed', 'tiers', 'settings', 'input', 'now', 'deadline'];

/** Names a process's `title` may start a path with: it is rendered from the case data alone. */
export const TITLE_ROOTS = ['data', 'labels', 'settings', 'tiers'];

/** Block helpers that change the context, so paths inside them are relative to an item. */
const CONTEXT_HELPERS = new Set(['each', 'with']);

const isMustache = (node: hbs.AST.Node): node is hbs.AST.MustacheStatement => node.type === 'MustacheStatement';
const isBlock = (node: hbs.AST.Node): node is hbs.AST.BlockStatement => node.type === 'BlockStatement';
const isSubExpression = (node: hbs.AST.Node): node is hbs.AST.SubExpression => node.type === 'SubExpression';
const isPath = (node: hbs.AST.Node): node is hbs.AST.PathExpression => node.type === 'PathExpression';
const isPartial = (node: hbs.AST.Node): node is hbs.AST.PartialStatement => node.type === 'PartialStatement';
const isString = (node: hbs.AST.Node): node is hbs.AST.StringLiteral => node.type === 'StringLiteral';

/**
 * Unknown fields and wrong helper calls in a parsed template whose paths may start with
 * `roots`, found in one walk: every helper call names a known helper with the values and
 * options it takes, and every value it is given is a known field.
 */
export function unknownTemplateFields(program: hbs.AST.Program, definition: ProcessDefinition, roots: readonly string[] = TEMPLATE_ROOTS): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const report = (node: hbs.AST.Node, message: string): void => {
    problems.push({ line: node.loc.start.line, column: node.loc.start.column, message });
  };

  const checkPath = (path: hbs.AST.PathExpression, relative: boolean): void => {
    let parts = path.parts;
    if (path.data) {
      if (parts[0] !== 'root') return;
      parts = parts.slice(1);
    } else if (relative || path.depth > 0 || parts.length === 0) {
      return;
    }
    const message = checkParts(parts, definition, roots);
    if (message) report(path, message);
  };

  const checkCall = (call: hbs.AST.MustacheStatement | hbs.AST.SubExpression | hbs.AST.BlockStatement, block: boolean, relative: boolean): void => {
    const name = helperName(call.path);
    const options = (call.hash?.pairs ?? []).map((pair) => ({ name: pair.key, literal: isString(pair.value) ? pair.value.value : undefined }));
    const message = name === undefined
      ? `only a helper can be called with values, and '${isPath(call.path) ? call.path.original : 'a literal'}' is not a helper name`
      : helperCallProblem({ name, block, params: call.params.length, options });
    if (message) report(call.path, message);
    for (const param of call.params) checkExpression(param, relative);
    for (const pair of call.hash?.pairs ?? []) checkExpression(pair.value, relative);
  };

  const checkExpression = (node: hbs.AST.Node, relative: boolean): void => {
    if (isPath(node)) checkPath(node, relative);
    else if (isSubExpression(node)) checkCall(node, false, relative);
  };

  const walk = (program: hbs.AST.Program | undefined, relative: boolean): void => {
    for (const node of program?.body ?? []) {
      if (isMustache(node)) {
        if (isCall(node)) checkCall(node, false, relative);
        else if (isPath(node.path) && isFormatHelper(node.path.original)) report(node.path, needsValue(node.path.original, relative));
        else checkExpression(node.path, relative);
      } else if (isBlock(node)) {
        const name = helperName(node.path);
        const section = !isCall(node) && (name === undefined || !Object.hasOwn(TEMPLATE_HELPERS, name));
        if (section) checkExpression(node.path, relative);
        else checkCall(node, true, relative);
        walk(node.program, relative || section || CONTEXT_HELPERS.has(name ?? ''));
        walk(node.inverse, relative);
      } else if (isPartial(node)) {
        report(node, 'partials ({{> name}}) are not supported in templates');
      }
    }
  };

  walk(program, false);
  return problems;
}

/** Why `{{time}}` alone is wrong: it calls the helper, even where an item has a field of that name. */
function needsValue(name: FormatHelperName, relative: boolean): string {
  const field = relative ? ` (an item's own field of that name is {{this.${name}}})` : '';
  return `'${name}' is a helper and needs a value: write ${FORMAT_HELPERS[name].example}${field}`;
}

/** Whether a mustache or block passes values or options, which makes its name a helper's. */
function isCall(node: hbs.AST.MustacheStatement | hbs.AST.BlockStatement): boolean {
  return node.params.length > 0 || (node.hash?.pairs.length ?? 0) > 0;
}

/** The helper a call names: a plain name, not a path into the data (`this.time`, `../time`, `@root.time`). */
function helperName(path: hbs.AST.PathExpression | hbs.AST.Literal): string | undefined {
  if (!isPath(path) || path.data || path.depth > 0 || path.parts.length !== 1 || path.original !== path.parts[0]) return undefined;
  return path.parts[0];
}

/** Why `parts` (`['data', 'budjet']`) is not a field a notification has, or undefined. */
function checkParts(parts: string[], definition: ProcessDefinition, roots: readonly string[]): string | undefined {
  const [root, first, second] = parts;
  if (!roots.includes(root)) {
    return `template uses unknown field '${parts.join('.')}'${didYouMean(root, roots)} (fields start with ${roots.join(', ')})`;
  }
  if (first === undefined) return undefined;
  switch (root) {
    case 'data': {
      let properties = propertiesOf(definition.data);
      for (const [index, part] of parts.slice(1).entries()) {
        if (properties === undefined) return undefined;
        if (!Object.hasOwn(properties, part)) {
          const field = parts.slice(0, index + 2).join('.');
          return `template uses '${field}', but '${part}' is not a declared data field${didYouMean(part, Object.keys(properties))}`;
        }
        properties = propertiesOf(properties[part]);
      }
      return undefined;
    }
    case 'labels': {
      // `labels.<field>` is the Chinese label of an enum field's value: the field must declare labels.
      const field = parts.slice(1).join('.');
      const schema = fieldSchema(definition.data, field);
      if (schema === undefined) return checkParts(['data', ...parts.slice(1)], definition, ['data'])?.replace(/'data\./g, "'labels.");
      return enumLabelsOf(schema) === undefined ? `template uses 'labels.${field}', but data.${field} declares no labels beside an enum` : undefined;
    }
    case 'case':
      return ['id', 'process', 'version', 'assignee'].includes(first) ? undefined : `template uses 'case.${first}'; case has id, process, version and assignee`;
    case 'settings': {
      const names = Object.keys(definition.settings ?? {});
      return names.includes(first) ? undefined : `template uses 'settings.${first}', which is not declared in settings${didYouMean(first, names)}`;
    }
    case 'tiers': {
      const table = definition.tiers?.[first];
      if (table === undefined) return `template uses 'tiers.${first}', which is not declared in tiers${didYouMean(first, Object.keys(definition.tiers ?? {}))}`;
      if (second === undefined) return undefined;
      const columns = new Set(['id', 'next', 'top']);
      for (const row of Object.values(table.rows)) for (const column of Object.keys(row)) columns.add(column);
      return columns.has(second) ? undefined : `template uses 'tiers.${first}.${second}', but tier '${first}' has no column '${second}'${didYouMean(second, columns)}`;
    }
    default:
      return undefined;
  }
}
