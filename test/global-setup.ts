/**
 * Before any test: build the admin UI when admin-ui/dist is missing or older than its sources
 * (the browser tests serve it), once, so parallel test files never build it side by side.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Runs admin-ui/ensure-built.mjs, the same check `npm start` makes. */
export default function setup(): void {
  execFileSync(process.execPath, [fileURLToPath(new URL('../admin-ui/ensure-built.mjs', import.meta.url))], { stdio: 'inherit' });
}
