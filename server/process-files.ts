/**
 * Reading a process file from disk with the template files it names (`templates: {x: {file}}`),
 * keyed by their path relative to the YAML, as the engine stores them with each version.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseYaml } from '../engine/dsl/parse-yaml.js';
import { readTemplateFiles } from '../engine/dsl/template-files.js';

/** A process file and its templates, ready to validate or publish. */
export interface ProcessSource {
  path: string;
  yaml: string;
  files: Record<string, string>;
  /** Template files not read because they lead outside the folder, with why. */
  refused?: Record<string, string>;
  /** The `id:` of the file, when it could be read. */
  processId?: string;
}

/**
 * Reads `path` and every template file it names whose real path lies inside its folder; a
 * link leading elsewhere is left out and named in `refused`.
 */
export function readProcessFile(path: string): ProcessSource {
  const yaml = readFileSync(path, 'utf8');
  const value = parseYaml(yaml).value ?? {};
  const { files, refused } = readTemplateFiles(path, yaml);
  const source: ProcessSource = { path, yaml, files };
  if (Object.keys(refused).length > 0) source.refused = refused;
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
