/** Exports of a case history as JSON and CSV files, built in the browser. */
import type { EventRecord } from '../types.js';

const columns = ['seq', 'type', 'actor', 'actorRoles', 'at', 'from', 'to', 'input', 'timer', 'prevHash', 'hash'] as const;

/** One CSV field: quoted when needed, and defused when a spreadsheet would read it as a formula. */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The history as CSV (RFC 4180, CRLF line ends), one event a row. */
export function historyCsv(events: EventRecord[]): string {
  const rows = events.map((e) => [
    String(e.seq), e.type, e.actor, e.actorRoles.join(' '), new Date(e.at).toISOString(), e.from ?? '', e.to,
    e.input ? JSON.stringify(e.input) : '', e.timer ? `${e.timer.key}#${e.timer.count}` : '', e.prevHash, e.hash,
  ].map(csvField).join(','));
  return [columns.join(','), ...rows].join('\r\n') + '\r\n';
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
