/**
 * Turning a YAML text (and its template files) into a compiled process.
 */
import { compileProcess } from '../compile/index.js';
import type { CompiledProcess } from '../compile/types.js';
import type { Diagnostic } from '../dsl/diagnostic.js';
import { parseProcess, type CalendarLibrary } from '../dsl/index.js';
import { CaseflowError, ensureError } from '../errors.js';
import type { ProcessDefinition } from '../dsl/types.js';
import type { ProcessVersionRecord } from './store.js';

/** A validated process with the versions of the shared calendars it names. */
export interface ParsedProcess {
  definition: ProcessDefinition;
  diagnostics: Diagnostic[];
  calendarVersions: Record<string, number>;
}

/** Parses and validates a process text; `invalid-definition` with all diagnostics on any error. */
export function parseOrRefuse(yaml: string, files: Record<string, string>, calendars: CalendarLibrary = {}): ParsedProcess {
  const parsed = parseProcess(yaml, files, {}, { calendars });
  const errors = parsed.diagnostics.filter((d: Diagnostic) => d.severity === 'error');
  if (!parsed.definition || errors.length > 0) {
    const first = errors[0];
    const where = first ? ` (line ${first.line}, column ${first.column}: ${first.message})` : '';
    throw new CaseflowError('invalid-definition', `the process has ${errors.length} error(s)${where}`, { details: parsed.diagnostics });
  }
  return { definition: parsed.definition, diagnostics: parsed.diagnostics, calendarVersions: parsed.calendarVersions ?? {} };
}

/** Compiles a validated definition; a compiler failure is an `invalid-definition` too. */
export function compileDefinition(definition: ProcessDefinition, files: Record<string, string>, version?: number): CompiledProcess {
  try {
    return compileProcess(definition, files, { version });
  } catch (caught) {
    const error = ensureError(caught);
    if (error instanceof CaseflowError) throw error;
    throw new CaseflowError('invalid-definition', `the process does not compile: ${error.message}`, { cause: error });
  }
}

/** Compiles a stored version (used by the process cache) on the calendar versions it was published with. */
export function compileRecord(record: ProcessVersionRecord, calendars: CalendarLibrary = {}): CompiledProcess {
  return compileDefinition(parseOrRefuse(record.yaml, record.files, calendars).definition, record.files, record.version);
}
