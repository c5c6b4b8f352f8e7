import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VALID } from './helpers.js';

const run = promisify(execFile);
const CLI = resolve(import.meta.dirname, '../../bin/caseflow.js');

/** Runs the real CLI; resolves to its exit code and output. */
async function caseflow(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { cwd });
    return { code: 0, stdout, stderr };
  } catch (error) {
    // execFile rejects on a non-zero exit with the exit code and output on the error.
    const field = (name: string): unknown => (typeof error === 'object' && error !== null ? Reflect.get(error, name) : undefined);
    const code = field('code');
    return { code: typeof code === 'number' ? code : -1, stdout: String(field('stdout') ?? ''), stderr: String(field('stderr') ?? '') };
  }
}

describe('caseflow validate', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'caseflow-cli-'));
    await writeFile(join(dir, 'valid.yaml'), VALID);
    await writeFile(join(dir, 'broken.yaml'), VALID.replace('to: done', 'to: dnoe'));
    await writeFile(join(dir, 'warned.yaml'), VALID.replace(/^ *deadline:.*\n/m, ''));
    await mkdir(join(dir, 'templates'));
    await writeFile(join(dir, 'templates', 'hello.hbs'), 'Hello {{data.unti}}\n');
    const withFile = VALID.replace('    on:\n', '    entry: [{ notify: hello, to: [agent] }]\n    on:\n') + 'templates:\n  hello: { file: templates/hello.hbs }\n';
    await writeFile(join(dir, 'templated.yaml'), withFile);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('prints file:line:column: severity: message and exits 1 on an error', async () => {
    const result = await caseflow(['validate', 'valid.yaml', 'broken.yaml'], dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("broken.yaml:14:36: error: target 'dnoe' is not a state (did you mean 'done'?)\n");
    expect(result.stderr).toContain('2 file(s) checked: 1 error(s), 0 warning(s)');
  });

  it('prints warnings but exits 0 when there is no error', async () => {
    const result = await caseflow(['validate', 'valid.yaml', 'warned.yaml'], dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("warned.yaml:11:3: warning: state 'open' waits for people with no deadline or timer: a case could wait here forever unnoticed\n");
  });

  it('reads template files from beside the YAML and points into them', async () => {
    const result = await caseflow(['validate', 'templated.yaml'], dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`${join('templates', 'hello.hbs')}:1:9: error: template uses 'data.unti'`);
  });

  it('reports a file it cannot read as an error', async () => {
    const result = await caseflow(['validate', 'missing.yaml'], dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^missing\.yaml:1:1: error: cannot read file: ENOENT/);
  });

  it('shows usage for no command and for an unknown one', async () => {
    expect((await caseflow([], dir)).stdout).toContain('validate <process.yaml>...');
    const unknown = await caseflow(['frobnicate'], dir);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'frobnicate'");
  });
});
