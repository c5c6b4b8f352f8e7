/**
 * The definition language: parse and validate process files, and the pieces the compiler
 * reuses (durations, the CEL environment).
 */
export { parseProcess, validateProcess, type ParseOptions, type ParseResult } from './validate.js';
export { parseCalendar, sharedCalendar, type ParsedCalendar } from './calendar-file.js';
export { expandProcess } from './expand.js';
export type { CalendarLibrary, SharedCalendar } from './expand-calendars.js';
export type { SharedCalendarFile } from './schema-check.js';
export { readTemplateFiles, referencedTemplateFiles, type TemplateFilesOnDisk } from './template-files.js';
export { parseDuration, type ParsedDuration, type DurationUnit } from './duration.js';
export { buildCelEnvironment, CEL_TIMESTAMP, type CelContext } from './cel-env.js';
export type { Diagnostic } from './diagnostic.js';
export type * from './types.js';
