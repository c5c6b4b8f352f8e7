import { describe, expect, it } from 'vitest';
import { parseProcess } from '../../engine/dsl/index.js';
import { expectProblems } from './helpers.js';

describe('input that is not a process file', () => {
  it('refuses a 10 MB file with one diagnostic, without parsing it', () => {
    const huge = `id: demo\ndescription: "${'x'.repeat(10 * 1024 * 1024)}"\n`;
    expectProblems(huge, [{ line: 1, column: 1, severity: 'error', message: 'file is too large' }]);
  });

  it('refuses a billion-laughs alias bomb at its first alias', () => {
    const bomb = [
      'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
      'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
      'g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
      'h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]',
      'i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]',
      '',
    ].join('\n');
    expectProblems(bomb, [{ line: 2, column: 8, severity: 'error', message: 'YAML aliases expand too much' }]);
  });

  it('refuses binary data where it starts', () => {
    const png = 'PNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR';
    expectProblems(png, [{ line: 2, column: 1, severity: 'error', message: 'not a YAML text file: it contains binary data' }]);
  });

  it('reports text that is not YAML at the place it goes wrong', () => {
    expectProblems('id: demo\nstates: {open: [}\n', [{ line: 2, column: 17, severity: 'error', message: 'not valid YAML' }]);
  });

  it('refuses a YAML scalar: a process file is a mapping', () => {
    expectProblems('just some text\n', [{ line: 1, column: 1, severity: 'error', message: 'must be a YAML mapping (id: …, states: …), but this is a single string' }]);
  });

  it('refuses a YAML list: a process file is a mapping', () => {
    expectProblems('# comment\n- id: demo\n- name: x\n', [{ line: 2, column: 1, severity: 'error', message: 'but this is a list' }]);
  });

  it('refuses an empty file', () => {
    expectProblems('', [{ line: 1, column: 1, severity: 'error', message: 'but this is an empty document' }]);
  });

  it('refuses a file holding several YAML documents', () => {
    expectProblems('id: a\n---\nid: b\n', [{ line: 2, column: 1, severity: 'error', message: 'multiple documents' }]);
  });

  it('reports a key written twice', () => {
    expectProblems('id: a\nname: x\nid: b\n', [{ line: 3, column: 1, severity: 'error', message: 'Map keys must be unique' }]);
  });

  it('never throws, whatever the bytes', () => {
    const samples = ['\uFEFF', ':', '{', '[[[[', '&a *a', '!!binary AAAA', '? [a]\n: b', '%YAML 9.9\n---\na: 1', '*unknown'];
    for (const sample of samples) {
      const result = parseProcess(sample);
      expect(result.definition).toBeUndefined();
      expect(result.diagnostics.length).toBeGreaterThan(0);
    }
  });
});
