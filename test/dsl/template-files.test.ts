import { describe, expect, it } from 'vitest';
import { isSafeRelativePath, referencedTemplateFiles } from '../../engine/dsl/template-files.js';

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
