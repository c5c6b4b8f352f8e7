/**
 * Names from the organisation directory in rendered text. The step is pure and has no
 * directory, so `{{unit data.unit}}` and `{{person case.assignee}}` render a marker holding the
 * id; the runtime puts each marker's name in when the text leaves the engine (an outbox row, a
 * title), and a trial with no directory shows the id itself.
 */

/** What a marker names: a unit (业务单元) by its label, or a person by their display name. */
export type NamedKind = 'unit' | 'person';

const OPEN = '\uE000';
const CLOSE = '\uE001';
const SEPARATOR = '\uE002';
const MARKER = /\uE000(unit|person)\uE002([^\uE000-\uE002]*)\uE001/g;

/** The marker a template renders for an id, resolved later by `withNames`. */
export function nameMarker(kind: NamedKind, id: string): string {
  return id === '' ? '' : `${OPEN}${kind}${SEPARATOR}${id.replace(/[\uE000-\uE002]/g, '')}${CLOSE}`;
}

/** Names by id, as the runtime read them from the directory. */
export interface DirectoryNames {
  unit(id: string): string | undefined;
  person(id: string): string | undefined;
}

/** Whether a text holds markers to resolve. */
export function hasNameMarkers(text: string): boolean {
  return text.includes(OPEN);
}

/** The ids a text's markers name, by kind. */
export function namedIds(text: string): { units: Set<string>; people: Set<string> } {
  const units = new Set<string>();
  const people = new Set<string>();
  for (const [, kind, id] of text.matchAll(MARKER)) (kind === 'unit' ? units : people).add(id);
  return { units, people };
}

/** The text with each marker replaced by the name the directory gives, else by the id itself. */
export function withNames(text: string, names?: DirectoryNames): string {
  if (!hasNameMarkers(text)) return text;
  return text.replace(MARKER, (_marker, kind: string, id: string) => (kind === 'unit' ? names?.unit(id) : names?.person(id)) ?? id);
}

