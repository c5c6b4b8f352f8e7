// Builds the admin UI before `npm start` when admin-ui/dist is missing or older than its sources,
// so a fresh clone serves the UI with no extra step. `npm run build:ui` forces a build.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = import.meta.dirname;
const built = join(root, 'dist', 'index.html');

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

const sources = Math.max(
  newestSource(join(root, 'src')),
  ...['index.html', 'vite.config.ts', 'precompress.ts'].map((name) => statSync(join(root, name)).mtimeMs),
);
if (!existsSync(built) || statSync(built).mtimeMs < sources) {
  console.log('Building the admin UI (admin-ui/dist)…');
  // The production build whatever the caller's NODE_ENV: under the test runner it is `test`, and
  // vite would then bundle React's development build, which `npm start` would serve afterwards.
  const env = { ...process.env, NODE_ENV: 'production' };
  const result = spawnSync('npx', ['vite', 'build', 'admin-ui', '--logLevel', 'warn'], { stdio: 'inherit', cwd: join(root, '..'), env });
  if (result.status !== 0) {
    console.error('The admin UI did not build; the API will still start. Run `npm run build:ui` to see why.');
  }
}
