/**
 * Template files by convention: a template that a notify action names and `templates` does not
 * declare is the file `templates/<process id>/<name>.hbs` beside the YAML, so a message is named
 * once, where it is sent, and its text lives in its own file.
 */
import { isRecord } from './schema-properties.js';
import type { ProcessDefinition } from './types.js';

/** A template name that may name a file: kebab-case letters and digits. */
const FILE_NAME = /^[a-z0-9][a-z0-9-]*$/;

/** Keys holding JSON Schema, where no action is. */
const SCHEMA_KEYS = new Set(['data', 'input']);

/** The path (relative to the YAML) of the file holding template `name` of process `processId`, if the name can be a file. */
export function conventionalTemplateFile(processId: string, name: string): string | undefined {
  return FILE_NAME.test(processId) && FILE_NAME.test(name) ? `templates/${processId}/${name}.hbs` : undefined;
}

/** The template names the notify actions of a process use, in the order they are written. */
export function notifiedTemplates(process: unknown): string[] {
  const names = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    if (!isRecord(node)) return;
    if (typeof node.notify === 'string') names.add(node.notify);
    for (const [key, value] of Object.entries(node)) if (!SCHEMA_KEYS.has(key)) walk(value);
  };
  walk(process);
  return [...names];
}

/** The undeclared notified templates of a process, each with the file that would hold it. */
function undeclared(definition: ProcessDefinition): Array<[name: string, file: string]> {
  const declared = definition.templates ?? {};
  const out: Array<[string, string]> = [];
  for (const name of notifiedTemplates(definition)) {
    const file = conventionalTemplateFile(definition.id, name);
    if (!Object.hasOwn(declared, name) && file !== undefined) out.push([name, file]);
  }
  return out;
}

/** Files the conventional templates of a process would be read from: one per notified template it does not declare. */
export function conventionalTemplateFiles(definition: ProcessDefinition): string[] {
  return undeclared(definition).map(([, file]) => file);
}

/**
 * The definition with a file template for each notified template it does not declare whose file
 * is given; without `files` (a definition shown, not run), for each of them.
 */
export function withConventionalTemplates(definition: ProcessDefinition, files?: Readonly<Record<string, string>>): ProcessDefinition {
  const found = undeclared(definition).filter(([, file]) => files === undefined || Object.hasOwn(files, file));
  if (found.length === 0) return definition;
  const templates = { ...definition.templates };
  for (const [name, file] of found) templates[name] = { file };
  return { ...definition, templates };
}
