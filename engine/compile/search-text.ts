/**
 * What the inbox search finds a case by: its id, its title, and the details of what the title
 * names (the customer whose name it shows brings their phone and number along). These are the
 * fields that identify a case, not everything its events add (replies, notes, proposals), so the
 * text, and the search index over it, changes only when one of them does.
 */
import Handlebars from 'handlebars';
import type { ProcessDefinition } from '../dsl/types.js';

/** Longest search text kept on a case row. */
const SEARCH_TEXT_LIMIT = 1000;
/** Text values longer than this are descriptions rather than names or numbers. */
const SHORT_TEXT = 40;

/** The search text of a case from its id, its data and its rendered title. */
export type SearchTextOf = (caseId: string, data: Record<string, unknown>, title: string) => string;

/** Compiles the search text of a definition: the data its title reads decides which details count. */
export function compileSearchText(definition: ProcessDefinition): SearchTextOf {
  const groups = definition.title === undefined ? [] : detailGroups(definition.title);
  return (caseId, data, title) => {
    const parts = [caseId, title];
    for (const path of groups) {
      for (const text of shortLeaves(valueAt(data, path))) if (!title.includes(text)) parts.push(text);
    }
    return parts.join(' ').slice(0, SEARCH_TEXT_LIMIT);
  };
}

/**
 * The data paths whose short values identify a case: for `data.customer.name` the whole
 * `customer` (its phone, number, tier), for a top-level `data.subject` that field alone.
 */
function detailGroups(template: string): string[][] {
  let program: hbs.AST.Program;
  try {
    program = Handlebars.parse(template);
  } catch {
    return [];
  }
  const groups = new Map<string, string[]>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    if (isDataPath(node)) {
      const group = node.parts.length > 2 ? node.parts.slice(1, -1) : node.parts.slice(1);
      groups.set(group.join('.'), group);
      return;
    }
    for (const [key, value] of Object.entries(node)) if (key !== 'loc') visit(value);
  };
  visit(program.body);
  return [...groups.values()];
}

function isDataPath(node: object): node is hbs.AST.PathExpression {
  if (!('type' in node) || node.type !== 'PathExpression' || !('parts' in node) || !Array.isArray(node.parts)) return false;
  return node.parts.length >= 2 && node.parts[0] === 'data' && !('data' in node && node.data === true) && 'depth' in node && node.depth === 0;
}

function valueAt(data: Record<string, unknown>, path: string[]): unknown {
  let value: unknown = data;
  for (const part of path) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    value = Reflect.get(value, part);
  }
  return value;
}

/** The short texts and numbers in a value (an object's members, one level deep), whitespace collapsed. */
function shortLeaves(value: unknown): string[] {
  const leaf = (item: unknown): string | undefined => {
    if (typeof item === 'number') return String(item);
    if (typeof item !== 'string') return undefined;
    const text = item.replace(/\s+/g, ' ').trim();
    return text !== '' && [...text].length <= SHORT_TEXT ? text : undefined;
  };
  const items = value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.values(value) : [value];
  return items.map(leaf).filter((text): text is string => text !== undefined);
}
