/**
 * Validation of a process file, from YAML text to diagnostics: read the YAML, check its shape
 * against the language schema, then (only on a well-shaped definition) the semantic checks.
 */
import { checkCalendarCoverage } from './check-calendar-coverage.js';
import { createCheckContext, type Check } from './check-context.js';
import { withConventionalTemplates } from './conventional-templates.js';
import { checkData } from './check-data.js';
import { checkEnumLabels } from './check-enum-labels.js';
import { checkExpressions } from './check-expressions.js';
import { checkInvariants } from './check-invariants.js';
import { checkReachability } from './check-reachability.js';
import { checkRecipients } from './check-recipients.js';
import { checkRoles } from './check-roles.js';
import { checkStates } from './check-states.js';
import { checkTemplates } from './check-templates.js';
import { checkTiming } from './check-timing.js';
import { checkWaiting } from './check-waiting.js';
import type { Diagnostic } from './diagnostic.js';
import { expandProcess } from './expand.js';
import type { CalendarLibrary } from './expand-calendars.js';
import { parseYaml } from './parse-yaml.js';
import { checkSchema } from './schema-check.js';
import { propertiesOf } from './schema-properties.js';
import { checkTallies, withTallyFields } from './tallies.js';
import type { ProcessDefinition } from './types.js';

/** The semantic checks, in the order their diagnostics are most useful. */
const CHECKS: readonly Check[] = [
  checkRoles,
  checkRecipients,
  checkData,
  checkEnumLabels,
  checkExpressions,
  checkTemplates,
  checkTiming,
  checkWaiting,
  checkInvariants,
];

/** The result of parsing a process file. */
export interface ParseResult {
  /** The definition, present only when there are no errors (warnings allowed). */
  definition?: ProcessDefinition;
  diagnostics: Diagnostic[];
  /** Version of each published shared calendar the definition names, by name. */
  calendarVersions?: Record<string, number>;
}

/** What a process file may refer to besides its template files. */
export interface ParseOptions {
  /** Shared calendars the process may name. */
  calendars?: CalendarLibrary;
  /** Epoch ms validation measures deadlines from, for calendar coverage warnings (default: now). */
  now?: number;
}

/**
 * Parses and validates a process file.
 * @param files template files by path relative to the YAML file.
 * @param refusedFiles template files the reader would not read, with why (`readTemplateFiles`).
 */
export function parseProcess(
  yaml: string,
  files: Readonly<Record<string, string>> = {},
  refusedFiles: Readonly<Record<string, string>> = {},
  options: ParseOptions = {},
): ParseResult {
  const parsed = parseYaml(yaml);
  if (parsed.value === undefined || parsed.locator === undefined) return { diagnostics: parsed.diagnostics };
  const shape = checkSchema(parsed.value, parsed.locator);
  if (shape.definition === undefined) return { diagnostics: sortDiagnostics(shape.diagnostics) };
  const expansion = expandProcess(parsed.value, parsed.locator, options.calendars);
  if (expansion.diagnostics.some((d) => d.severity === 'error')) return { diagnostics: sortDiagnostics(expansion.diagnostics) };

  const declared = new Set(Object.keys(propertiesOf(expansion.definition.data) ?? {}));
  const definition = withConventionalTemplates(withTallyFields(expansion.definition), files);
  const context = createCheckContext(definition, expansion.locator, files, refusedFiles);
  context.diagnostics.push(...expansion.diagnostics);
  checkTallies(context, declared);
  checkStates(context);
  // The flow checks need a sound state tree; on a broken one they would only echo its errors.
  if (!context.diagnostics.some((d) => d.severity === 'error')) checkReachability(context);
  for (const check of CHECKS) check(context);
  checkCalendarCoverage(context, options.now ?? Date.now());
  const diagnostics = sortDiagnostics(context.diagnostics);
  const hasErrors = diagnostics.some((d) => d.severity === 'error');
  return hasErrors ? { diagnostics } : { definition, diagnostics, calendarVersions: expansion.calendarVersions };
}

/** Diagnostics of a process file (empty when it is valid and clean). */
export function validateProcess(yaml: string, files: Readonly<Record<string, string>> = {}, options: ParseOptions = {}): Diagnostic[] {
  return parseProcess(yaml, files, {}, options).diagnostics;
}

/** Orders diagnostics by file, then position, without repeats. */
function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const unique = diagnostics.filter((d) => {
    const key = `${d.file ?? ''}:${d.line}:${d.column}:${d.severity}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique.sort(
    (a, b) => (a.file ?? '').localeCompare(b.file ?? '') || a.line - b.line || a.column - b.column,
  );
}
