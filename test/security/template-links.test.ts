/**
 * Template files are read only from inside the process file's folder: a link (to a file or a
 * folder) leading elsewhere is refused with a clear diagnostic, never followed.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseProcess } from '../../engine/dsl/index.js';
import { readTemplateFiles } from '../../engine/dsl/template-files.js';
import { silentLogger } from '../../server/log.js';
import { readProcessFile } from '../../server/process-files.js';
import { publishShippedProcesses } from '../../server/setup.js';
import { createHarness, type Harness } from '../server/harness.js';

const YAML = `id: linked
name: Linked
roles: [agent]
data: { type: object, properties: {} }
initial: open
states:
  open:
    deadline: { within: 24h }
    entry:
      - notify: hello
        to: [agent]
    on:
      close: { roles: [agent], to: done }
  done: { final: true }
templates:
  hello: { file: templates/hello.hbs }
`;

let root: string;
let folder: string;
let h: Harness | undefined;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'caseflow-links-'));
  folder = join(root, 'processes');
  mkdirSync(join(folder, 'templates'), { recursive: true });
  mkdirSync(join(root, 'outside'));
  writeFileSync(join(root, 'outside', 'secret.hbs'), 'SECRET {{data.x}}');
  writeFileSync(join(folder, 'linked.yaml'), YAML);
});
afterEach(async () => {
  await h?.close();
  h = undefined;
  rmSync(root, { recursive: true, force: true });
});

describe('template files behind links', () => {
  it('reads a template file inside the folder, and one reached through a link that stays inside', () => {
    writeFileSync(join(folder, 'templates', 'real.hbs'), 'Hello');
    symlinkSync(join(folder, 'templates', 'real.hbs'), join(folder, 'templates', 'hello.hbs'));
    expect(readTemplateFiles(join(folder, 'linked.yaml'), YAML)).toEqual({ files: { 'templates/hello.hbs': 'Hello' }, refused: {} });
  });

  it('refuses a link to a file outside the folder, with a diagnostic at the template', () => {
    symlinkSync(join(root, 'outside', 'secret.hbs'), join(folder, 'templates', 'hello.hbs'));
    const { files, refused } = readTemplateFiles(join(folder, 'linked.yaml'), YAML);
    expect(files).toEqual({});
    const diagnostics = parseProcess(YAML, files, refused).diagnostics;
    expect(diagnostics).toEqual([
      expect.objectContaining({ line: 16, column: 18, severity: 'error', message: "template file 'templates/hello.hbs' leads outside the process file's folder (through a link); it is not read" }),
    ]);
  });

  it('refuses a linked folder that leads outside, and the server publishes nothing of it', async () => {
    rmSync(join(folder, 'templates'), { recursive: true });
    mkdirSync(join(root, 'outside', 'templates'));
    writeFileSync(join(root, 'outside', 'templates', 'hello.hbs'), 'SECRET');
    symlinkSync(join(root, 'outside', 'templates'), join(folder, 'templates'));
    expect(readProcessFile(join(folder, 'linked.yaml'))).toMatchObject({ files: {}, refused: { 'templates/hello.hbs': expect.stringContaining('leads outside') } });

    h = await createHarness({ publish: false });
    const report = await publishShippedProcesses(h.engine, folder, silentLogger);
    expect(report.published).toEqual([]);
    expect(report.failed).toEqual([{ path: join(folder, 'linked.yaml'), message: expect.stringContaining("template file 'templates/hello.hbs' leads outside") }]);
  });
});
