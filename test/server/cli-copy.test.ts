/**
 * `caseflow copy` refusing what it cannot copy, before it opens either database: a missing
 * source (not created), a target that is not PostgreSQL, a bad batch size or seal key, missing options.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { runCopy } from '../../server/cli/copy.js';
import { main } from '../../server/cli/index.js';

const folder = mkdtempSync(join(tmpdir(), 'caseflow-cli-copy-'));
const TARGET = 'postgres://caseflow@127.0.0.1:1/none';

/** Runs the command; its exit code and what it wrote. */
async function copy(args: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCopy(args, { out: (line) => out.push(line), err: (line) => err.push(line), env });
  return { code, out, err };
}

describe('caseflow copy, refusing', () => {
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('names a missing source and does not create it', async () => {
    const missing = join(folder, 'missing.db');
    expect(await copy(['--from', missing, '--to', TARGET])).toMatchObject({ code: 1, err: [`caseflow: there is no SQLite database at ${missing}`] });
    expect(existsSync(missing)).toBe(false);
  });

  it('wants a PostgreSQL target, a SQLite source and a whole batch size', async () => {
    expect((await copy(['--from', join(folder, 'a.db'), '--to', join(folder, 'b.db')])).err).toEqual(['caseflow: --to must be a postgres:// URL']);
    expect((await copy(['--from', TARGET, '--to', TARGET])).err).toEqual(['caseflow: --from must be a SQLite database file']);
    expect(await copy(['--from', join(folder, 'a.db'), '--to', TARGET, '--batch', 'many'])).toMatchObject({ code: 1, err: ["caseflow: --batch needs a whole number of rows, not 'many'"] });
    const short = await copy(['--from', join(folder, 'a.db'), '--to', TARGET], { CASEFLOW_SEAL_KEY: 'short' });
    expect(short).toMatchObject({ code: 1, err: [expect.stringMatching(/^caseflow: CASEFLOW_SEAL_KEY must be at least 32 characters/)] });
  });

  it('prints its usage without both databases, and its help with --help', async () => {
    expect(await copy(['--from', join(folder, 'a.db')])).toMatchObject({ code: 2, err: ['usage: caseflow copy --from FILE --to postgres://… [--batch N] [--replace]'] });
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      expect(await main(['copy', '--help'])).toBe(0);
      expect(await main(['--help'])).toBe(0);
      const [help, list] = write.mock.calls.map(([text]) => String(text));
      expect(help).toMatch(/Signed-in\s+sessions and API tokens keep working on the copy/);
      expect(list).toMatch(/copy --from FILE --to postgres:\/\/… \[--batch N\] \[--replace\] +copy a SQLite database into PostgreSQL, chains intact/);
    } finally {
      write.mockRestore();
    }
  });
});
