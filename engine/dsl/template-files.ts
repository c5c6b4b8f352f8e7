/**
 * Template files a process refers to (`templates.<name>.file`), so a caller can read them from
 * beside the YAML before validating or compiling.
 */
import { parseYaml } from './parse-yaml.js';

/** Paths (relative to the YAML file) of the template files the process names. */
export function referencedTemplateFiles(yaml: string): string[] {
  const { value } = parseYaml(yaml);
  const templates: unknown = value?.templates;
  if (typeof templates !== 'object' || templates === null) return [];
  const files = new Set<string>();
  for (const template of Object.values(templates)) {
    if (typeof template !== 'object' || template === null) continue;
    const file: unknown = Reflect.get(template, 'file');
    if (typeof file === 'string' && isSafeRelativePath(file)) files.add(file);
  }
  return [...files];
}

/** Whether `path` stays inside the process file's folder (relative, no `..`). */
export function isSafeRelativePath(path: string): boolean {
  if (path === '' || path.startsWith('/') || path.startsWith('\\') || /^[A-Za-z]:/.test(path)) return false;
  return !path.split(/[\\/]/).includes('..');
}
