/**
 * Turning a YAML text (and its template files) into a compiled process.
 */
import { compileProcess } from '../compile/index.js';
import type { CompiledProcess } from '../compile/types.js';
import type { Diagnostic } from '../dsl/diagnostic.js';
import { parseProcess } from '../dsl/index.js';
import { CaseflowError, ensureError } from '../errors.js';
import type { ProcessDefinition } from '../dsl/types.js';
import type { ProcessVersionRecord } from './store.js';

/** Parses and validates a process text; `invalid-definition` with all diagnostics on any error. */
export function parseOrRefuse(yaml: string, files: Record<string, string>): { definition: ProcessDefinition; diagnostics: Diagnostic[] } {
  const parsed = parseProcess(yaml, files);
  const errors = parsed.diagnostics.filter((d: Diagnostic) => d.severity === 'error');
  if (!parsed.definition || errors.length > 0) {
    const first = errors[0];
    const where = first ? ` (line ${first.line}, column ${first.column}: ${first.message})` : '';
    throw new CaseflowError('invalid-definition', `the process has ${errors.length} error(s)${where}`, { details: parsed.diagnostics });
  }
  return { definition: parsed.definition, diagnostics: parsed.diagnostics };
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

/** Compiles a stored version (used by the process cache). */
export function compileRecord(record: ProcessVersionRecord): CompiledProcess {
  return compileDefinition(parseOrRefuse(record.yaml, record.files).definition, record.files, record.version);
}
