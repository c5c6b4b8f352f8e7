import { describe, expect, it } from 'vitest';
import { compileProcess } from '../../engine/compile/index.js';
import { parseProcess } from '../../engine/dsl/index.js';
import { isSafeRelativePath, referencedTemplateFiles } from '../../engine/dsl/template-files.js';
import { expectProblems, yaml } from './helpers.js';

/** A process whose messages are named where they are sent; `thanks` is declared, the rest are files by convention. */
const NOTIFYING = yaml`
  id: demo
  name: Demo
  roles: [agent]
  data: { properties: { name: { type: string } } }
  blocks:
    late: { params: [notice], deadline: { within: 1h, breach: { actions: [{ notify: $notice, to: [agent] }] } } }
  initial: open
  states:
    open:
      use: { late: { notice: open-late } }
      entry: [{ notify: welcome, to: [agent] }]
      on: { close: { roles: [agent], to: done, actions: [{ notify: thanks, to: [agent] }] } }
    done: { final: true }
  templates:
    thanks: "Thanks {{data.name}}"
`;

describe('template files of a process', () => {
  it('lists the files its templates name, once each, and only those inside its folder', () => {
    const yaml = [
      'templates:',
      '  a: { file: templates/a.hbs }',
      '  b: { subject: x, file: templates/a.hbs }',
      '  c: "inline {{data.x}}"',
      '  d: { file: ../secrets.hbs }',
      '  e: { file: /etc/passwd }',
      '',
    ].join('\n');
    expect(referencedTemplateFiles(yaml)).toEqual(['templates/a.hbs']);
  });

  it('lists the file by convention of each template a notify names and the process does not declare, block parameters filled in', () => {
    expect(referencedTemplateFiles(NOTIFYING)).toEqual(['templates/demo/welcome.hbs', 'templates/demo/open-late.hbs']);
  });

  it('reads an undeclared template from templates/<process id>/<name>.hbs and checks it there', () => {
    const files = { 'templates/demo/welcome.hbs': 'Welcome {{data.name}}', 'templates/demo/open-late.hbs': 'Late: {{data.nmae}}' };
    const broken = parseProcess(NOTIFYING, files).diagnostics;
    expect(broken.map(({ file, line, column, message }) => ({ file, line, column, message }))).toEqual([
      { file: 'templates/demo/open-late.hbs', line: 1, column: 9, message: "template uses 'data.nmae', but 'nmae' is not a declared data field (did you mean 'name'?)" },
    ]);
    const { definition, diagnostics } = parseProcess(NOTIFYING, { ...files, 'templates/demo/open-late.hbs': 'Late: {{data.name}}' });
    expect(diagnostics).toEqual([]);
    expect(definition?.templates).toEqual({ thanks: 'Thanks {{data.name}}', 'open-late': { file: 'templates/demo/open-late.hbs' }, welcome: { file: 'templates/demo/welcome.hbs' } });
    if (definition === undefined) throw new Error('the process should validate');
    const compiled = compileProcess(definition, { ...files, 'templates/demo/open-late.hbs': 'Late: {{data.name}}' });
    expect(Object.keys(compiled.definition.templates ?? {})).toEqual(['thanks', 'welcome', 'open-late']);
  });

  it('names the conventional file when a notified template is neither declared nor there', () => {
    expectProblems(NOTIFYING, [
      { line: 6, column: 83, severity: 'error', message: "template 'open-late' is not declared in templates and there is no file templates/demo/open-late.hbs (in block 'late' used at line 10, column 12)" },
      { line: 11, column: 23, severity: 'error', message: "template 'welcome' is not declared in templates and there is no file templates/demo/welcome.hbs" },
    ], { 'templates/demo/other.hbs': 'x' });
  });

  it('finds nothing in a file that is not a process', () => {
    expect(referencedTemplateFiles('- just\n- a list\n')).toEqual([]);
    expect(referencedTemplateFiles('\u0000binary')).toEqual([]);
  });

  it('tells relative paths inside the folder from the rest', () => {
    expect(isSafeRelativePath('templates/a.hbs')).toBe(true);
    expect(isSafeRelativePath('a..b.hbs')).toBe(true);
    expect(isSafeRelativePath('../a.hbs')).toBe(false);
    expect(isSafeRelativePath('templates/../../a.hbs')).toBe(false);
    expect(isSafeRelativePath('C:\\a.hbs')).toBe(false);
    expect(isSafeRelativePath('')).toBe(false);
  });
});
