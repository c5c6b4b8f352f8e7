/**
 * Template files a process refers to (`templates.<name>.file`), and reading them from beside
 * the YAML before validating or compiling. A file is read only when its real path (links
 * followed) lies inside the real folder of the process file: a link leading elsewhere is refused.
 */
import { readFileSync, realpathSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { conventionalTemplateFiles } from './conventional-templates.js';
import { expandProcess } from './expand.js';
import { parseYaml } from './parse-yaml.js';
import { checkSchema } from './schema-check.js';

/** Template files read from disk, and those refused with why (by path relative to the YAML). */
export interface TemplateFilesOnDisk {
  files: Record<string, string>;
  refused: Record<string, string>;
}

/** Reads the template files the process at `yamlPath` names; missing files are left out (the validator names them). */
export function readTemplateFiles(yamlPath: string, yaml: string): TemplateFilesOnDisk {
  const result: TemplateFilesOnDisk = { files: {}, refused: {} };
  let folder: string;
  try {
    folder = realpathSync(dirname(resolve(yamlPath)));
  } catch {
    return result;
  }
  for (const file of referencedTemplateFiles(yaml)) {
    let real: string;
    try {
      real = realpathSync(resolve(folder, file));
    } catch {
      continue;
    }
    if (!real.startsWith(folder + sep)) {
      result.refused[file] = `template file '${file}' leads outside the process file's folder (through a link); it is not read`;
      continue;
    }
    try {
      result.files[file] = readFileSync(real, 'utf8');
    } catch {
      // A folder or an unreadable file: the validator reports it as not found.
    }
  }
  return result;
}

/**
 * Paths (relative to the YAML file) of the template files the process names, and of the files by
 * convention (`templates/<process id>/<name>.hbs`) of the templates its notify actions name and
 * it does not declare (some of which may not exist).
 */
export function referencedTemplateFiles(yaml: string): string[] {
  const { value, locator } = parseYaml(yaml);
  const files = new Set<string>();
  const templates: unknown = value?.templates;
  if (typeof templates === 'object' && templates !== null) {
    for (const template of Object.values(templates)) {
      if (typeof template !== 'object' || template === null) continue;
      const file: unknown = Reflect.get(template, 'file');
      if (typeof file === 'string' && isSafeRelativePath(file)) files.add(file);
    }
  }
  // The notify actions are read with the blocks used, where a parameter may name the template.
  if (value !== undefined && locator !== undefined && checkSchema(value, locator).definition !== undefined) {
    for (const file of conventionalTemplateFiles(expandProcess(value, locator).definition)) files.add(file);
  }
  return [...files];
}

/** Whether `path` stays inside the process file's folder (relative, no `..`). */
export function isSafeRelativePath(path: string): boolean {
  if (path === '' || path.startsWith('/') || path.startsWith('\\') || /^[A-Za-z]:/.test(path)) return false;
  return !path.split(/[\\/]/).includes('..');
}
