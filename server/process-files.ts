/**
 * Reading a process file from disk with the template files it names (`templates: {x: {file}}`),
 * keyed by their path relative to the YAML, as the engine stores them with each version.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { parseYaml } from '../engine/dsl/parse-yaml.js';

/** A process file and its templates, ready to validate or publish. */
export interface ProcessSource {
  path: string;
  yaml: string;
  files: Record<string, string>;
  /** The `id:` of the file, when it could be read. */
  processId?: string;
}

/** Reads `path` and every template file it names that exists inside its folder. */
export function readProcessFile(path: string): ProcessSource {
  const yaml = readFileSync(path, 'utf8');
  const folder = resolve(dirname(path));
  const value = parseYaml(yaml).value ?? {};
  const files: Record<string, string> = {};
  const templates = value.templates;
  if (templates !== null && typeof templates === 'object' && !Array.isArray(templates)) {
    for (const template of Object.values(templates)) {
      if (template === null || typeof template !== 'object' || !('file' in template) || typeof template.file !== 'string') continue;
      const file = resolve(folder, template.file);
      // A template outside the process's folder is left out; the validator then names it.
      if (!file.startsWith(folder + sep) || !existsSync(file)) continue;
      files[template.file] = readFileSync(file, 'utf8');
    }
  }
  const source: ProcessSource = { path, yaml, files };
  if (typeof value.id === 'string') source.processId = value.id;
  return source;
}

/** The `*.yaml` process files of a folder, by name. */
export function listProcessFiles(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((name) => name.endsWith('.yaml') || name.endsWith('.yml'))
    .sort()
    .map((name) => join(folder, name));
}

/** `path` relative to the working directory when inside it, for messages. */
export function shown(path: string): string {
  const inside = relative(process.cwd(), path);
  return inside === '' || inside.startsWith('..') ? path : inside;
}
