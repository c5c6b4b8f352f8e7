/**
 * How `npm run bench` prints: the machine first, each figure with its settings as it is
 * measured, and a summary of figures against the targets of BENCHMARKS.md at the end.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg, totalmem } from 'node:os';

/** One figure against its target. */
export interface Figure {
  id: string;
  what: string;
  value: string;
  target: string;
  /** undefined when the figure could not be taken. */
  met?: boolean;
}

/** CPU model, cores, node version and memory of this machine, and its load right now. */
export function machineLine(): string {
  let cpu = 'unknown CPU';
  try {
    cpu = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? cpu;
  } catch {
    // Not Linux: the model stays unknown.
  }
  return `machine: ${availableParallelism()} cores (${cpu}), ${(totalmem() / 2 ** 30).toFixed(0)} GB, node ${process.version}, ${process.platform}`;
}

/** The 1, 5 and 15 minute load averages (other work on the machine skews every figure). */
export function loadLine(): string {
  return `load average: ${loadavg().map((n) => n.toFixed(2)).join(' ')} (${availableParallelism()} cores)`;
}

/** Prints a line as soon as it is known. */
export function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** The closing table: each figure, its target, and whether it is met. */
export function summary(figures: Figure[]): string {
  const rows = figures.map((f) => [f.id, f.what, f.value, f.target, f.met === undefined ? 'n/a' : f.met ? 'met' : 'MISSED']);
  const widths = [0, 1, 2, 3, 4].map((i) => Math.max(...rows.map((r) => r[i].length), ['id', 'figure', 'value', 'target', ''][i].length));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd();
  return [line(['id', 'figure', 'value', 'target', '']), ...rows.map(line)].join('\n');
}
