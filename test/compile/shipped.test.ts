import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileProcess } from '../../engine/compile/index.js';
import { parseProcess, referencedTemplateFiles } from '../../engine/dsl/index.js';
import { shippedCalendars } from '../processes/harness.js';

const PROCESSES = join(dirname(fileURLToPath(import.meta.url)), '../../processes');
const shipped = readdirSync(PROCESSES).filter((name) => name.endsWith('.yaml'));

describe('the shipped processes', () => {
  it.each(shipped)('%s compiles, with every expression, duration and template', (file) => {
    const yaml = readFileSync(join(PROCESSES, file), 'utf8');
    const files = Object.fromEntries(referencedTemplateFiles(yaml).map((path) => [path, readFileSync(join(PROCESSES, path), 'utf8')]));
    const { definition } = parseProcess(yaml, files, {}, { calendars: shippedCalendars() });
    expect(definition).toBeDefined();
    if (!definition) return;
    const compiled = compileProcess(definition, files);
    expect(compiled.machine.id).toBe(`process:${definition.id}`);
    expect(compiled.definition).toBe(definition);
  });
});
