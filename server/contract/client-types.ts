/**
 * The TypeScript types of the API for generated clients (openapi-typescript, for openapi-fetch),
 * written from the OpenAPI document. openapi-typescript runs in a child process under a hook that
 * gives it TypeScript 5, whose printer it needs.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Where the generated types are kept for the admin UI and the contract test. */
export const CLIENT_TYPES_FILE = join(root, 'admin-ui/src/api-schema.d.ts');

/** The openapi-typescript output for `document`. */
export function clientTypes(document: unknown): string {
  const folder = mkdtempSync(join(tmpdir(), 'caseflow-openapi-'));
  try {
    const input = join(folder, 'openapi.json');
    writeFileSync(input, JSON.stringify(document));
    return execFileSync(process.execPath, ['--import', join(root, 'bin/typescript-5-hook.mjs'), join(root, 'node_modules/openapi-typescript/bin/cli.js'), input], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
