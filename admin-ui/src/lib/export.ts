/** Exports of a case history as JSON and CSV files, built in the browser. */
import type { EventRecord } from '../types.js';
import { formatTime } from './clock.js';
import type { CaseWords } from './case-words.js';
import type { Language, Translate } from '../i18n/index.js';
import type { MessageKey } from '../i18n/en.js';

const columns = ['csv.seq', 'csv.event', 'csv.actor', 'csv.actorRoles', 'csv.at', 'csv.from', 'csv.to', 'csv.input', 'csv.timer', 'csv.type', 'csv.prevHash', 'csv.hash'] as const satisfies readonly MessageKey[];

/** How the export names people: an actor by display name, roles by their labels in the reader's language. */
export interface PeopleWords {
  person(username: string): string;
  roles(ids: readonly string[]): string;
}

/** One CSV field: quoted when needed, and defused when a spreadsheet would read it as a formula. */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * The history as CSV (RFC 4180, CRLF line ends), one event a row, as people read it: column
 * headers in the reader's language, events, states and timers by label, the actor by display name
 * and their roles by label, input by field title and value label, times local. The event's type id
 * stays in its own column beside the hashes, for matching rows to the API.
 */
export function historyCsv(events: EventRecord[], words: CaseWords, language: Language, people: PeopleWords, t: Translate): string {
  const rows = events.map((e) => [
    String(e.seq), words.event(e.type), people.person(e.actor), people.roles(e.actorRoles), formatTime(e.at, language), e.from === null ? '' : words.state(e.from), words.state(e.to),
    e.input ? words.input(e.type, e.input).map(([title, value]) => `${title}: ${value}`).join('; ') : '',
    e.timer ? `${words.timer(e.timer.key)} #${e.timer.count}` : '', e.type, e.prevHash, e.hash,
  ].map(csvField).join(','));
  return [columns.map((key) => csvField(t(key))).join(','), ...rows].join('\r\n') + '\r\n';
}

/** Offers a text as a file download. */
export function download(filename: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
}
