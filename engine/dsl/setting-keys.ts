/**
 * Map settings looked up by a field: `settings.firstReplyWithin[data.category]` fails when the
 * case runs if the map has no key for the category, so each value the field's `enum` (or
 * `const`) allows should be a key of the map. A lookup guarded in the same expression
 * (`data.category in settings.firstReplyWithin ? … : …`) is left alone.
 */
import type { ASTNode } from '@marcbachmann/cel-js';
import { childNodes, type ExpressionProblem, type FieldScope } from './cel-fields.js';
import { isRecord, propertiesOf } from './schema-properties.js';

/** Lookups of map settings by an enum field that miss some of the field's values. */
export function uncoveredSettingKeys(ast: ASTNode, scope: FieldScope): ExpressionProblem[] {
  const guarded = new Set<string>();
  const lookups: Array<{ setting: string; key: ASTNode; offset: number }> = [];
  walk(ast, (node) => {
    if (node.op === 'in') {
      const setting = settingName(node.args[1]);
      if (setting !== undefined) guarded.add(setting);
    }
    if (node.op === '[]') {
      const setting = settingName(node.args[0]);
      if (setting !== undefined) lookups.push({ setting, key: node.args[1], offset: node.range.start });
    }
  });

  const problems: ExpressionProblem[] = [];
  for (const { setting, key, offset } of lookups) {
    const map = scope.definition.settings?.[setting];
    const field = chain(key);
    if (guarded.has(setting) || !isRecord(map) || field === undefined) continue;
    const values = allowedValues(field, scope);
    const missing = values.filter((value) => !Object.hasOwn(map, value));
    if (missing.length === 0) continue;
    const keys = missing.map((value) => `'${value}'`).join(', ');
    problems.push({
      offset,
      message: `settings.${setting} has no key for ${keys}, which ${field.join('.')} may hold: such a case fails here; add the key(s), or guard with ${field.join('.')} in settings.${setting}`,
    });
  }
  return problems;
}

function walk(node: ASTNode, visit: (node: ASTNode) => void): void {
  visit(node);
  for (const child of childNodes(node)) walk(child, visit);
}

/** `name` when the node is `settings.name`. */
function settingName(node: ASTNode): string | undefined {
  const names = chain(node);
  return names?.length === 2 && names[0] === 'settings' ? names[1] : undefined;
}

/** The names of an `id.a.b` chain, root first, or undefined for any other node. */
function chain(node: ASTNode): string[] | undefined {
  if (node.op === 'id') return [node.args];
  if (node.op !== '.') return undefined;
  const base = chain(node.args[0]);
  return base === undefined ? undefined : [...base, node.args[1]];
}

/** The string values a `data.…` or `input.…` field may hold, from its `enum` or `const`. */
function allowedValues([root, ...path]: string[], scope: FieldScope): string[] {
  let schema: unknown = root === 'data' ? scope.definition.data : root === 'input' ? scope.input : undefined;
  for (const name of path) schema = propertiesOf(schema)?.[name];
  if (!isRecord(schema)) return [];
  const values = Array.isArray(schema.enum) ? schema.enum : 'const' in schema ? [schema.const] : [];
  return values.filter((value): value is string => typeof value === 'string');
}
