/**
 * The definition language: parse and validate process files, and the pieces the compiler
 * reuses (durations, the CEL environment).
 */
export { parseProcess, validateProcess, type ParseResult } from './validate.js';
export { readTemplateFiles, referencedTemplateFiles, type TemplateFilesOnDisk } from './template-files.js';
export { parseDuration, type ParsedDuration, type DurationUnit } from './duration.js';
export { buildCelEnvironment, CEL_TIMESTAMP, type CelContext } from './cel-env.js';
export type { Diagnostic } from './diagnostic.js';
export type * from './types.js';
