/**
 * Reads away the reuse constructs of a process file: blocks (`use`), one-line fields and labels
 * (`name: string 1.. 客户姓名 Name`), input fields taken from the data (`reason: data.reason`), named conditions, named values, tier row defaults and shared calendars, giving the definition the checks and the compiler see and a
 * locator that points from it back into the written text.
 */
import type { Diagnostic } from './diagnostic.js';
import { expandBlocks } from './expand-blocks.js';
import { expandCompactFields } from './compact-fields.js';
import { expandCalendars, type CalendarLibrary } from './expand-calendars.js';
import { expandConditions } from './expand-conditions.js';
import { expandInputFields } from './expand-fields.js';
import { expandValues } from './expand-values.js';
import { expandTierRows } from './tier-rows.js';
import { ExpandedLocator } from './expanded-locator.js';
import type { ExpansionContext } from './expansion-context.js';
import { isRecord } from './schema-properties.js';
import type { SourceLocator } from './source-map.js';
import type { ProcessDefinition } from './types.js';

/** The written process with its reuse resolved. */
export interface Expansion {
  /** The definition with no `use`, every `if` an expression, shared calendars copied in. */
  definition: ProcessDefinition;
  locator: ExpandedLocator;
  diagnostics: Diagnostic[];
  /** Version of each shared calendar copied in, by name. */
  calendarVersions: Record<string, number>;
}

/** Expands a schema-valid process (the value is not changed). */
export function expandProcess(written: Record<string, unknown>, text: SourceLocator, calendars: CalendarLibrary = {}): Expansion {
  const process = structuredClone(written);
  const locator = new ExpandedLocator(text);
  const diagnostics: Diagnostic[] = [];
  const context: ExpansionContext = {
    locator,
    diagnostics,
    report(path, severity, message, options = {}) {
      diagnostics.push(locator.diagnostic(path, severity, message, options));
    },
  };
  expandBlocks(process, context);
  expandCompactFields(process, context);
  expandTierRows(process, context);
  expandInputFields(process, context);
  expandConditions(process, context);
  expandValues(process, context);
  const calendarVersions = expandCalendars(process, calendars, context);
  const { blocks: _blocks, conditions: _conditions, values: _values, ...rest } = process;
  if (!isDefinition(rest)) throw new Error('expandProcess needs a process that passed the schema check');
  return { definition: rest, locator, diagnostics, calendarVersions };
}

/**
 * Whether the expanded value has a definition's required keys. It was schema-checked as
 * written, and expanding only replaces text and copies blocks into states of the same shape.
 */
function isDefinition(value: Record<string, unknown>): value is Record<string, unknown> & ProcessDefinition {
  return typeof value.id === 'string' && typeof value.name === 'string' && Array.isArray(value.roles)
    && typeof value.initial === 'string' && isRecord(value.states) && isRecord(value.data);
}
