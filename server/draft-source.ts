/**
 * A draft process sent for trying out (simulation, template preview): `yaml` and its template
 * `files` read from a JSON body under the same size limit as publishing.
 */
import { isSafeRelativePath } from '../engine/dsl/template-files.js';
import type { FieldCheck } from './body.js';
import { RequestProblem } from './problem.js';

/** A draft's YAML text and template files by path. */
export interface DraftSource {
  yaml: string;
  files: Record<string, string>;
}

/** Reads `yaml` and `files` with `check` (an empty YAML is a field error); 413 past `yamlLimit` bytes. */
export function readDraftSource(check: FieldCheck, yamlLimit: number): DraftSource {
  const yaml = check.string('yaml') ?? '';
  const files = readTemplateFiles(check) ?? {};
  checkSourceSize(yaml, files, yamlLimit);
  return { yaml, files };
}

/** The template files in the `files` field by path (undefined when absent); a non-text entry is a field error. */
export function readTemplateFiles(check: FieldCheck): Record<string, string> | undefined {
  const given = check.object('files', { optional: true });
  if (!given) return undefined;
  const files: Record<string, string> = {};
  for (const [path, text] of Object.entries(given)) {
    if (!isSafeRelativePath(path)) check.errors.push({ field: `files.${path}`, message: "must be a relative path inside the process file's folder" });
    else if (typeof text === 'string') files[path] = text;
    else check.errors.push({ field: `files.${path}`, message: 'must be the text of the file' });
  }
  return files;
}

/** Throws 413 when the YAML and its template files together pass `yamlLimit` bytes. */
export function checkSourceSize(yaml: string, files: Record<string, string> | undefined, yamlLimit: number): void {
  const size = Buffer.byteLength(yaml) + Object.values(files ?? {}).reduce((sum, text) => sum + Buffer.byteLength(text), 0);
  if (size > yamlLimit) {
    throw new RequestProblem(413, 'process-too-large', `A process with its template files may have at most ${yamlLimit} bytes; this one has ${size}.`);
  }
}
