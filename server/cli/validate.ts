/**
 * `caseflow validate <file.yaml>...`: prints `file:line:column: severity: message` for each
 * problem and exits 1 when any file has an error (warnings alone exit 0). A file in a folder
 * named `calendars` is checked as a shared calendar; a process may name the shared calendars of
 * the `calendars` folder beside its own folder. A process declaring invariants is explored, and
 * a broken one is an error giving its counter-example; each that holds is said on stderr.
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { ensureError } from '../../engine/errors.js';
import { parseCalendar, parseProcess, readTemplateFiles, sharedCalendar, type CalendarLibrary, type Diagnostic, type SharedCalendar } from '../../engine/dsl/index.js';
import { checkInvariantsOf, type InvariantCheck } from '../../engine/verify/index.js';
import { listProcessFiles } from '../process-files.js';
import { calendarsFolderOf } from '../shipped-calendars.js';
import type { Command } from './index.js';

/** One line per diagnostic, in the format editors and CI annotate: `file:line:column: severity: message`. */
function formatDiagnostic(yamlPath: string, diagnostic: Diagnostic): string {
  const file = diagnostic.file === undefined ? yamlPath : join(dirname(yamlPath), diagnostic.file);
  return `${file}:${diagnostic.line}:${diagnostic.column}: ${diagnostic.severity}: ${diagnostic.message}`;
}

/** Validates one file: its diagnostics (a read failure is one error) and the invariants that held. */
async function validateFile(path: string): Promise<InvariantCheck> {
  let yaml: string;
  try {
    yaml = await readFile(path, 'utf8');
  } catch (error) {
    return { diagnostics: [{ line: 1, column: 1, path: '', severity: 'error', message: `cannot read file: ${ensureError(error).message}` }] };
  }
  if (basename(dirname(resolve(path))) === 'calendars') return { diagnostics: parseCalendar(yaml).diagnostics };
  const { files, refused } = readTemplateFiles(path, yaml);
  const parsed = parseProcess(yaml, files, refused, { calendars: await calendarsBeside(dirname(path)) });
  // A valid process that declares invariants is explored to check them.
  if (parsed.definition === undefined) return { diagnostics: parsed.diagnostics };
  const invariants = checkInvariantsOf(yaml, parsed.definition, files);
  return { diagnostics: [...parsed.diagnostics, ...invariants.diagnostics], held: invariants.held };
}

/** The shared calendars of the `calendars` folder beside a processes folder (those that validate). */
async function calendarsBeside(folder: string): Promise<CalendarLibrary> {
  const library: Record<string, SharedCalendar> = {};
  for (const path of listProcessFiles(calendarsFolderOf(folder))) {
    const { calendar } = parseCalendar(await readFile(path, 'utf8'));
    if (calendar) library[calendar.id] = sharedCalendar(calendar);
  }
  return library;
}

/** The validate subcommand. */
export const validateCommand: Command = {
  summary: 'check process files (and calendars/*.yaml shared calendars); exit 1 on any error',
  usage: 'validate <process.yaml>...',
  async run(args) {
    if (args.length === 0) {
      process.stderr.write('usage: caseflow validate <process.yaml>...\n');
      return 2;
    }
    let errors = 0;
    let warnings = 0;
    for (const path of args) {
      const { diagnostics, held } = await validateFile(path);
      for (const diagnostic of diagnostics) {
        process.stdout.write(`${formatDiagnostic(path, diagnostic)}\n`);
        if (diagnostic.severity === 'error') errors++;
        else warnings++;
      }
      for (const rule of held?.rules ?? []) {
        process.stderr.write(`${path}: invariant '${rule}' holds over ${held?.nodes} case states, to depth ${held?.depth}\n`);
      }
    }
    process.stderr.write(`${args.length} file(s) checked: ${errors} error(s), ${warnings} warning(s)\n`);
    return errors > 0 ? 1 : 0;
  },
};
