import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCalendar, parseProcess, referencedTemplateFiles } from '../../engine/dsl/index.js';
import { shippedCalendars } from '../processes/harness.js';

const PROCESSES = resolve(import.meta.dirname, '../../processes');
const CALENDARS = resolve(import.meta.dirname, '../../calendars');
const files = (await readdir(PROCESSES)).filter((name) => name.endsWith('.yaml')).sort();
const calendars = (await readdir(CALENDARS)).filter((name) => name.endsWith('.yaml')).sort();

/** Lines that are neither blank nor only a comment: what a process owner reads. */
function countedLines(yaml: string): number {
  return yaml.split('\n').filter((line) => !/^\s*(#.*)?$/.test(line)).length;
}

/** Widest line a process may have, but for prose; complaint-handling's flow mappings still run longer. */
const WIDTH: Record<string, number> = { 'complaint-handling.yaml': 245 };

/**
 * Lines longer than `limit` that a process owner would scroll sideways for: comments, a
 * `description:` and the message texts under `templates:` are prose and left out.
 */
function wideLines(yaml: string, limit: number): string[] {
  let inTemplates = false;
  return yaml.split('\n').filter((line) => {
    if (/^\S/.test(line)) inTemplates = /^templates:/.test(line);
    if (inTemplates || /^\s*(#|description:)/.test(line)) return false;
    return line.length > limit;
  });
}

describe('the shipped processes', () => {
  it.each(files)('%s validates without errors and points editors at the schema', async (name) => {
    const path = join(PROCESSES, name);
    const yaml = await readFile(path, 'utf8');
    const templates: Record<string, string> = {};
    for (const file of referencedTemplateFiles(yaml)) templates[file] = await readFile(join(dirname(path), file), 'utf8');
    const { definition, diagnostics } = parseProcess(yaml, templates, {}, { calendars: shippedCalendars() });
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(definition?.id).toBe(name.replace(/\.yaml$/, ''));
    expect(yaml.split('\n')[0]).toBe('# yaml-language-server: $schema=../schema/process.schema.json');
  });

  it.each(files)('%s is at most 150 lines that are not blank or comments', async (name) => {
    const yaml = await readFile(join(PROCESSES, name), 'utf8');
    expect(countedLines(yaml)).toBeLessThanOrEqual(150);
  });

  it.each(files)('%s has no line wider than its limit (200 characters unless stated), prose aside', async (name) => {
    const yaml = await readFile(join(PROCESSES, name), 'utf8');
    expect(wideLines(yaml, WIDTH[name] ?? 200)).toEqual([]);
  });

  it('measures width on structure: comments, descriptions and message texts left out', () => {
    const long = 'x'.repeat(30);
    const yaml = `# ${long}\nid: a\ndescription: ${long}\nstates: { a: ${long} }\ntemplates:\n  note: "${long}"\n`;
    expect(wideLines(yaml, 20)).toEqual([`states: { a: ${long} }`]);
  });

  it('counts lines as a process owner reads them: blank and comment-only lines left out', () => {
    expect(countedLines('# header\nid: a   # trailing comment counts\n\n   # indented comment\nname: b\n')).toBe(2);
  });
});

describe('the shipped calendars', () => {
  it.each(calendars)('%s validates without problems, is named after its file and points editors at the schema', async (name) => {
    const yaml = await readFile(join(CALENDARS, name), 'utf8');
    const { calendar, diagnostics } = parseCalendar(yaml);
    expect(diagnostics).toEqual([]);
    expect(calendar?.id).toBe(name.replace(/\.yaml$/, ''));
    expect(yaml.split('\n')[0]).toBe('# yaml-language-server: $schema=../schema/calendar.schema.json');
  });
});
