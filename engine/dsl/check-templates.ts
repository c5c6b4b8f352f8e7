/**
 * Templates: every template a notify names is declared (or is its conventional file,
 * `templates/<process id>/<name>.hbs`); each one compiles as Handlebars and
 * uses only fields a notification has; a `file` template exists beside the YAML. The process
 * `title` is a template too, over the case data alone.
 */
import Handlebars from 'handlebars';
import type { CheckContext } from './check-context.js';
import type { Diagnostic } from './diagnostic.js';
import { formatPath, type DocPath } from './source-map.js';
import { didYouMean } from './suggest.js';
import { conventionalTemplateFile } from './conventional-templates.js';
import { isSafeRelativePath } from './template-files.js';
import { TEMPLATE_ROOTS, TITLE_ROOTS, unknownTemplateFields, type TemplateProblem } from './template-fields.js';

/** Reports undeclared, missing, broken and unknown-field templates, and unused ones. */
export function checkTemplates(context: CheckContext): void {
  if (context.definition.title !== undefined) checkInline(context, context.definition.title, ['title'], TITLE_ROOTS);
  const templates = context.definition.templates ?? {};
  const names = Object.keys(templates);
  const used = new Set<string>();

  for (const { action, path } of context.sites.actions) {
    if (!('notify' in action)) continue;
    used.add(action.notify);
    if (!Object.hasOwn(templates, action.notify)) {
      const file = conventionalTemplateFile(context.definition.id, action.notify);
      const nor = file === undefined ? '' : ` and there is no file ${file}`;
      context.report([...path, 'notify'], 'error', `template '${action.notify}' is not declared in templates${didYouMean(action.notify, names)}${nor}`);
    }
  }

  for (const [name, template] of Object.entries(templates)) {
    const path: DocPath = ['templates', name];
    if (!used.has(name)) context.report(path, 'warning', `template '${name}' is never used by a notify action`, { key: true });
    if (typeof template === 'string') {
      checkInline(context, template, path);
      continue;
    }
    if (template.subject !== undefined) checkInline(context, template.subject, [...path, 'subject']);
    if (template.body !== undefined) checkInline(context, template.body, [...path, 'body']);
    if (template.file !== undefined) checkFile(context, template.file, [...path, 'file']);
  }
}

/** Checks template text written in the YAML; positions map into the YAML scalar. */
function checkInline(context: CheckContext, text: string, path: DocPath, roots: readonly string[] = TEMPLATE_ROOTS): void {
  for (const problem of templateProblems(context, text, roots)) {
    context.report(path, 'error', problem.message, { offset: offsetOf(text, problem.line, problem.column) });
  }
}

/** Checks a template file; its diagnostics point into the file. */
function checkFile(context: CheckContext, file: string, path: DocPath): void {
  if (!isSafeRelativePath(file)) {
    context.report(path, 'error', `template file '${file}' must be a relative path inside the process file's folder`);
    return;
  }
  if (Object.hasOwn(context.refusedFiles, file)) {
    context.report(path, 'error', context.refusedFiles[file]);
    return;
  }
  if (!Object.hasOwn(context.files, file)) {
    context.report(path, 'error', `template file '${file}' not found beside the process file`);
    return;
  }
  for (const problem of templateProblems(context, context.files[file])) {
    const diagnostic: Diagnostic = {
      line: problem.line,
      column: problem.column + 1,
      path: formatPath(path),
      message: problem.message,
      severity: 'error',
      file,
    };
    context.diagnostics.push(diagnostic);
  }
}

/** Syntax errors, or else unknown fields, of one template text. */
function templateProblems(context: CheckContext, text: string, roots: readonly string[] = TEMPLATE_ROOTS): TemplateProblem[] {
  let program: hbs.AST.Program;
  try {
    program = Handlebars.parse(text);
    Handlebars.precompile(program, { strict: false, knownHelpersOnly: false });
  } catch (error) {
    return [syntaxProblem(error, text)];
  }
  return unknownTemplateFields(program, context.definition, roots);
}

/** A Handlebars error as a problem with a position (1-based line, 0-based column). */
function syntaxProblem(error: unknown, text: string): TemplateProblem {
  const message = error instanceof Error ? error.message : String(error);
  const located = (key: string): number | undefined => {
    if (typeof error !== 'object' || error === null) return undefined;
    const value: unknown = Reflect.get(error, key);
    return typeof value === 'number' ? value : undefined;
  };
  const lines = message.split('\n');
  const parseLine = /^Parse error on line (\d+):/.exec(lines[0]);
  if (parseLine) {
    const caretIndex = lines.findIndex((line) => /^-*\^$/.test(line));
    const expected = lines.find((line) => line.startsWith('Expecting'));
    const line = Number(parseLine[1]);
    const consumed = caretIndex > 0 ? lines[caretIndex - 1].slice(0, lines[caretIndex].length - 1) : '';
    return {
      line,
      column: parseErrorColumn(text, line, consumed.replace(/^\.\.\./, '')),
      message: `template does not compile: parse error${expected ? ` (${expected.replace(/, got/, '; got')})` : ''}`,
    };
  }
  return {
    line: located('lineNumber') ?? 1,
    column: located('column') ?? 0,
    message: `template does not compile: ${lines[0].replace(/ - \d+:\d+$/, '')}`,
  };
}

/**
 * Column of a Handlebars parse error on `line`: the parser shows the last characters it read
 * (newlines dropped) before a caret, so find where on that line the text read so far ends so.
 */
function parseErrorColumn(text: string, line: number, consumed: string): number {
  const start = offsetOf(text, line, 0);
  const before = text.slice(0, start).replace(/\n/g, '');
  const lineEnd = text.indexOf('\n', start);
  const lineText = text.slice(start, lineEnd < 0 ? text.length : lineEnd);
  for (let column = lineText.length; column >= 0; column--) {
    if ((before + lineText.slice(0, column)).endsWith(consumed)) return column;
  }
  return 0;
}

/** Offset in `text` of a 1-based line and 0-based column. */
function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let current = 1; current < line; current++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) break;
    offset = next + 1;
  }
  return offset + column;
}
