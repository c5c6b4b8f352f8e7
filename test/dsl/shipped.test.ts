import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseProcess, referencedTemplateFiles } from '../../engine/dsl/index.js';

const PROCESSES = resolve(import.meta.dirname, '../../processes');
const files = (await readdir(PROCESSES)).filter((name) => name.endsWith('.yaml')).sort();

describe('the shipped processes', () => {
  it.each(files)('%s validates without errors and points editors at the schema', async (name) => {
    const path = join(PROCESSES, name);
    const yaml = await readFile(path, 'utf8');
    const templates: Record<string, string> = {};
    for (const file of referencedTemplateFiles(yaml)) templates[file] = await readFile(join(dirname(path), file), 'utf8');
    const { definition, diagnostics } = parseProcess(yaml, templates);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(definition?.id).toBe(name.replace(/\.yaml$/, ''));
    expect(yaml.split('\n')[0]).toBe('# yaml-language-server: $schema=../schema/process.schema.json');
  });
});
