// Compiles the server and the engine to JavaScript (dist/server) before `npm start` when the
// build is missing or older than its sources, so a start does not pay for compiling TypeScript
// on the fly (about half the CPU of a restart). Files the code reads beside itself (migrations,
// the process schema) are copied with it.
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = join(import.meta.dirname, '..');
const out = join(root, 'dist', 'server');
const entry = join(out, 'server', 'main.js');
const SOURCES = ['engine', 'server', 'schema'];

function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [path];
  });
}

const sources = SOURCES.flatMap((dir) => filesUnder(join(root, dir)));
const newest = Math.max(...sources.map((file) => statSync(file).mtimeMs), statSync(join(root, 'tsconfig.build.json')).mtimeMs);
if (!existsSync(entry) || statSync(entry).mtimeMs < newest) {
  console.log('Compiling the server (dist/server)…');
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });
  if (result.status !== 0) {
    console.error('The server did not compile; run `npm run typecheck` to see why.');
    process.exit(1);
  }
  for (const file of sources) {
    if (/\.(?:ts|tsx|mjs)$/.test(file)) continue;
    const target = join(out, relative(root, file));
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(file, target);
  }
}
