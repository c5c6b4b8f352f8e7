/**
 * Published process versions as the API shows them: summaries for lists, and the definition
 * read from the stored YAML (cached per version, which never changes once published).
 */
import { withConventionalTemplates } from '../engine/dsl/conventional-templates.js';
import { expandProcess } from '../engine/dsl/expand.js';
import { parseYaml } from '../engine/dsl/parse-yaml.js';
import { checkSchema } from '../engine/dsl/schema-check.js';
import { withTallyFields } from '../engine/dsl/tallies.js';
import type { ProcessVersionRecord } from '../engine/runtime/store.js';

/** A version without its YAML and files. */
export interface ProcessSummary {
  processId: string;
  version: number;
  name: string;
  description?: string;
  roles: string[];
  /** Roles that may open a case (every declared role when the file names none). */
  starters: string[];
  /** The data field naming the case's unit (when `unit:` is `data.<field>`): a choice from the directory in forms. */
  unitField?: string;
  publishedBy: string;
  publishedAt: number;
  message?: string;
  /** The second process owner who approved it. */
  approvedBy?: string;
  /** A new version goes live only with a second process owner's approval. */
  approvalRequired?: boolean;
}

/** True when a definition read from YAML says `publishing: { approval: required }`. */
export function approvalRequired(definition: Record<string, unknown>): boolean {
  const publishing = definition.publishing;
  return typeof publishing === 'object' && publishing !== null && 'approval' in publishing && publishing.approval === 'required';
}

const cache = new Map<string, Record<string, unknown>>();
const CACHE_LIMIT = 500;

/**
 * The definition of a published version as plain data: the YAML read into JSON with its blocks,
 * named conditions and values resolved, so the UI sees every state's events and forms.
 */
export function definitionOf(record: ProcessVersionRecord): Record<string, unknown> {
  const key = `${record.processId}\u0000${record.version}\u0000${record.publishedAt}`;
  let definition = cache.get(key);
  if (!definition) {
    definition = expanded(record.yaml);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, definition);
  }
  return definition;
}

/** A draft as the engine reads it (blocks, conditions and values resolved, templates by convention named), when its shape is right. */
export function expandedDraft(yaml: string): Record<string, unknown> | undefined {
  const { value, locator } = parseYaml(yaml);
  if (value === undefined || locator === undefined || checkSchema(value, locator).definition === undefined) return undefined;
  return { ...withConventionalTemplates(withTallyFields(expandProcess(value, locator).definition)) };
}

/** The YAML read and expanded; as written when it no longer passes the schema check. */
function expanded(yaml: string): Record<string, unknown> {
  const { value, locator } = parseYaml(yaml);
  if (value === undefined || locator === undefined) return {};
  if (checkSchema(value, locator).definition === undefined) return value;
  // As the engine reads it: blocks resolved, the fields its tallies stamp on a new case, and
  // the templates it reads from their files by convention.
  return { ...withConventionalTemplates(withTallyFields(expandProcess(value, locator).definition)) };
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);

/** The summary of a version. */
export function summarize(record: ProcessVersionRecord): ProcessSummary {
  const definition = definitionOf(record);
  const roles = strings(definition.roles);
  const summary: ProcessSummary = {
    processId: record.processId,
    version: record.version,
    name: record.name,
    roles,
    starters: Array.isArray(definition.starters) ? strings(definition.starters) : roles,
    publishedBy: record.publishedBy,
    publishedAt: record.publishedAt,
  };
  if (typeof definition.description === 'string') summary.description = definition.description;
  const unitField = typeof definition.unit === 'string' ? /^\s*data\.([A-Za-z_][A-Za-z0-9_]*)\s*$/.exec(definition.unit)?.[1] : undefined;
  if (unitField !== undefined) summary.unitField = unitField;
  if (record.message !== undefined) summary.message = record.message;
  if (record.approvedBy !== undefined) summary.approvedBy = record.approvedBy;
  if (approvalRequired(definition)) summary.approvalRequired = true;
  return summary;
}

/** Roles declared by any of the given versions. */
export function declaredRoles(records: ProcessVersionRecord[]): Set<string> {
  const roles = new Set<string>();
  for (const record of records) for (const role of summarize(record).roles) roles.add(role);
  return roles;
}
