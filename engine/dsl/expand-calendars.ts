/**
 * Shared calendars: a process names a calendar (`calendar: cn-mainland`) that it does not declare
 * itself, and gets the published one, whose version the case keeps (`pins`).
 */
import type { ExpansionContext } from './expansion-context.js';
import type { DocPath } from './source-map.js';
import { isRecord } from './schema-properties.js';
import type { CalendarDefinition } from './types.js';

/** A published shared calendar: its name, version and definition. */
export interface SharedCalendar {
  id: string;
  /** Published version; absent for a calendar read from a file and not yet published. */
  version?: number;
  definition: CalendarDefinition;
}

/** The shared calendars a process may name, by name. */
export type CalendarLibrary = Readonly<Record<string, SharedCalendar>>;

/** Adds each shared calendar the process names to its `calendars`; returns their versions by name. */
export function expandCalendars(process: Record<string, unknown>, library: CalendarLibrary, context: ExpansionContext): Record<string, number> {
  const own = isRecord(process.calendars) ? process.calendars : {};
  const added: Record<string, unknown> = {};
  const pins: Record<string, number> = {};
  for (const { name, path } of calendarReferences(process)) {
    if (name in own || name in added) continue;
    const shared = library[name];
    // A name found nowhere is reported with the other calendar names (check-timing.ts).
    if (shared === undefined) continue;
    added[name] = structuredClone(shared.definition);
    if (shared.version !== undefined) pins[name] = shared.version;
    context.locator.copied(['calendars', name], path);
  }
  if (Object.keys(added).length > 0) process.calendars = { ...own, ...added };
  return pins;
}

/** Every `calendar:` of the process (its default, deadlines and timers), in document order. */
function calendarReferences(process: Record<string, unknown>): Array<{ name: string; path: DocPath }> {
  const found: Array<{ name: string; path: DocPath }> = [];
  const walk = (node: unknown, path: DocPath): void => {
    if (Array.isArray(node)) node.forEach((item, index) => walk(item, [...path, index]));
    if (!isRecord(node)) return;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'input' || key === 'data') continue;
      if (key === 'calendar' && typeof value === 'string') found.push({ name: value, path: [...path, key] });
      else walk(value, [...path, key]);
    }
  };
  if (typeof process.calendar === 'string') found.push({ name: process.calendar, path: ['calendar'] });
  walk(process.states, ['states']);
  walk(process.deadlines, ['deadlines']);
  return found;
}
