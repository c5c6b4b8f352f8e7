/**
 * A draft process sent for trying out (simulation, template preview): `yaml` and its template
 * `files` read from a JSON body under the same size limit as publishing.
 */
import { isSafeRelativePath } from '../engine/dsl/template-files.js';
import { CaseflowError, type FieldError } from '../engine/errors.js';
import { RequestProblem } from './problem.js';

/** A draft's YAML text and template files by path. */
export interface DraftSource {
  yaml: string;
  files: Record<string, string>;
}

/** The draft's YAML and files checked: a file outside the folder is a field error; 413 past `yamlLimit` bytes. */
export function draftSource(yaml: string, files: Record<string, string> | undefined, yamlLimit: number): DraftSource {
  const errors: FieldError[] = Object.keys(files ?? {})
    .filter((path) => !isSafeRelativePath(path))
    .map((path) => ({ field: `files.${path}`, message: "must be a relative path inside the process file's folder" }));
  if (errors.length > 0) throw new CaseflowError('invalid-input', `The template files are not valid: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}.`, { details: errors });
  checkSourceSize(yaml, files, yamlLimit);
  return { yaml, files: files ?? {} };
}

/** Throws 413 when the YAML and its template files together pass `yamlLimit` bytes. */
export function checkSourceSize(yaml: string, files: Record<string, string> | undefined, yamlLimit: number): void {
  const size = Buffer.byteLength(yaml) + Object.values(files ?? {}).reduce((sum, text) => sum + Buffer.byteLength(text), 0);
  if (size > yamlLimit) {
    throw new RequestProblem(413, 'process-too-large', `A process with its template files may have at most ${yamlLimit} bytes; this one has ${size}.`);
  }
}
