/**
 * What changed between two versions of a process, read from their definitions rather than their
 * lines: "settings.gmThreshold 50000 → 30000", "state gm-review added", "event approve in state
 * review: roles [finance] → [finance, cs-director]". A part added or removed is one change; its
 * inside is not listed.
 */

/** One change between two definitions. */
export interface DefinitionChange {
  change: 'added' | 'removed' | 'changed';
  /** Dotted path of the part in the definition: `settings.gmThreshold`, `states.review.on.approve.roles`. */
  path: string;
  before?: unknown;
  after?: unknown;
  /** The change as a sentence. */
  text: string;
}

/** Most changes listed; a draft that changes more is summarised by its line diff. */
const MAX_CHANGES = 200;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A value as it reads in a sentence: scalars as written, lists of scalars in brackets, the rest as JSON. */
function shown(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((item) => !isRecord(item) && !Array.isArray(item))) return `[${value.map(shown).join(', ')}]`;
  return JSON.stringify(value) ?? String(value);
}

/** The part a path names, as staff say it: `state gm-review`, `event approve in state review`, or the path itself. */
export function describePath(path: string[]): string {
  const states: string[] = [];
  let i = 0;
  while (path[i] === 'states' && path[i + 1] !== undefined) {
    states.push(path[i + 1]);
    i += 2;
  }
  if (states.length === 0) return path.join('.');
  const state = states[states.length - 1];
  const rest = path.slice(i);
  if (rest[0] === 'on' && rest[1] !== undefined) {
    const event = `event ${rest[1]} in state ${state}`;
    return rest.length === 2 ? event : `${event}: ${rest.slice(2).join('.')}`;
  }
  return rest.length === 0 ? `state ${state}` : `state ${state}: ${rest.join('.')}`;
}

/** The changes from `before` to `after` (definitions as read from their YAML), in document order. */
export function diffDefinitions(before: unknown, after: unknown): DefinitionChange[] {
  const changes: DefinitionChange[] = [];
  const walk = (a: unknown, b: unknown, path: string[]): void => {
    if (changes.length >= MAX_CHANGES) return;
    if (isRecord(a) && isRecord(b)) {
      for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) walk(a[key], b[key], [...path, key]);
      return;
    }
    if (JSON.stringify(a) === JSON.stringify(b)) return;
    const where = describePath(path);
    const dotted = path.join('.');
    if (a === undefined) changes.push({ change: 'added', path: dotted, after: b, text: isRecord(b) ? `${where} added` : `${where} added: ${shown(b)}` });
    else if (b === undefined) changes.push({ change: 'removed', path: dotted, before: a, text: `${where} removed` });
    else changes.push({ change: 'changed', path: dotted, before: a, after: b, text: `${where} ${shown(a)} → ${shown(b)}` });
  };
  walk(before, after, []);
  return changes;
}
