/**
 * What every semantic check receives: the definition (already schema-valid), its sites, the
 * template files, and a way to report a diagnostic at a path.
 */
import type { Diagnostic } from './diagnostic.js';
import { collectSites, type ProcessSites, type StateSite } from './sites.js';
import type { DocPath, LocateOptions, PathLocator } from './source-map.js';
import type { ProcessDefinition } from './types.js';

/** Shared input and output of the semantic checks. */
export interface CheckContext {
  definition: ProcessDefinition;
  /** Template files by path relative to the YAML file. */
  files: Readonly<Record<string, string>>;
  /** Template files the reader refused (a link leading outside the folder), with why. */
  refusedFiles: Readonly<Record<string, string>>;
  sites: ProcessSites;
  /** States by name (the first one, when a name is used twice). */
  states: ReadonlyMap<string, StateSite>;
  locator: PathLocator;
  diagnostics: Diagnostic[];
  /** Records a problem at `path`. */
  report(path: DocPath, severity: Diagnostic['severity'], message: string, options?: LocateOptions): void;
}

/** A semantic check: reads the context, reports problems. */
export type Check = (context: CheckContext) => void;

/** Builds the context for checking one definition. */
export function createCheckContext(
  definition: ProcessDefinition,
  locator: PathLocator,
  files: Readonly<Record<string, string>>,
  refusedFiles: Readonly<Record<string, string>> = {},
): CheckContext {
  const sites = collectSites(definition);
  const states = new Map<string, StateSite>();
  for (const site of sites.states) if (!states.has(site.name)) states.set(site.name, site);
  const diagnostics: Diagnostic[] = [];
  return {
    definition,
    files,
    refusedFiles,
    sites,
    states,
    locator,
    diagnostics,
    report(path, severity, message, options = {}) {
      diagnostics.push(locator.diagnostic(path, severity, message, options));
    },
  };
}
