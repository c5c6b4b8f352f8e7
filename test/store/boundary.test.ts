/**
 * The store boundary: database drivers stay inside their store folder, nothing above the store
 * (engine, server, bin) reaches into a driver or its connection, and the server loads the
 * PostgreSQL store only for a PostgreSQL database.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

/** Source files under `folder`, as paths relative to the repository. */
function sources(folder: string): string[] {
  return readdirSync(join(root, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(ts|mts|js|mjs)$/.test(entry.name))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
}

/** The modules a source imports (static, dynamic and re-exports). */
function importsOf(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)['"]([^'"]+)['"]/g)) found.push(match[1]);
  return found;
}

/** The local modules a source loads when it is loaded (static imports and re-exports; `import()` waits until called). */
function staticLocalImports(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const found: string[] = [];
  for (const match of text.matchAll(/(?:^|\n)\s*(?:(?:import|export)\s[^'";]*?\bfrom\s*|import\s*)['"](\.{1,2}\/[^'"]+)['"]/g)) {
    const target = relative(root, join(root, dirname(file), match[1].replace(/\.js$/, '.ts')));
    if (statSync(join(root, target), { throwIfNoEntry: false })?.isFile()) found.push(target);
  }
  return found;
}

/** Every local module loaded with `entry`, itself included. */
function loadedWith(entry: string): Set<string> {
  const seen = new Set<string>();
  const pending = [entry];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (seen.has(file)) continue;
    seen.add(file);
    pending.push(...staticLocalImports(file));
  }
  return seen;
}

/** Which folders may import each driver package. */
const DRIVERS: Array<{ pattern: RegExp; allowedIn: string[] }> = [
  { pattern: /^drizzle-orm(\/|$)/, allowedIn: ['engine/store/sqlite/', 'engine/store/postgres/'] },
  { pattern: /^better-sqlite3$/, allowedIn: ['engine/store/sqlite/'] },
  { pattern: /^pg(\/|$)/, allowedIn: ['engine/store/postgres/'] },
];

const files = ['engine', 'server', 'bin'].flatMap(sources);

describe('the store boundary', () => {
  it('finds the sources it checks', () => {
    expect(files).toContain('server/bootstrap.ts');
    expect(files).toContain('engine/store/sqlite/sqlite-store.ts');
  });

  it('keeps drizzle-orm, better-sqlite3 and pg inside their store folder', () => {
    const offending: string[] = [];
    for (const file of files) {
      for (const module of importsOf(readFileSync(join(root, file), 'utf8'))) {
        const driver = DRIVERS.find((d) => d.pattern.test(module));
        if (driver && !driver.allowedIn.some((folder) => file.startsWith(folder))) offending.push(`${file} imports ${module}`);
      }
    }
    expect(offending).toEqual([]);
  });

  it('lets nothing outside engine/store import a store driver or touch its connection', () => {
    const offending: string[] = [];
    for (const file of files.filter((f) => !f.startsWith('engine/store/'))) {
      const text = readFileSync(join(root, file), 'utf8');
      for (const module of importsOf(text)) {
        if (/(^|\/)store\/(sqlite|postgres)\//.test(module)) offending.push(`${file} imports ${module}`);
      }
      if (/\bstore\.db\b|\.\$client\b/.test(text)) offending.push(`${file} touches a store's database handle`);
    }
    expect(offending).toEqual([]);
  });

  it('loads the PostgreSQL store only when openStore is given a postgres:// database', () => {
    const server = loadedWith('server/main.ts');
    expect(server).toContain('engine/store/open-store.ts');
    expect(server).toContain('engine/store/sqlite/sqlite-store.ts');
    expect([...server].filter((file) => file.startsWith('engine/store/postgres/'))).toEqual([]);
    expect(loadedWith('engine/store/postgres/open.ts')).toContain('engine/store/postgres/postgres-store.ts');
  });

  it('sees an offending import when there is one', () => {
    expect(importsOf("import Database from 'better-sqlite3';\nconst m = await import('../store/sqlite/index.js');")).toEqual([
      'better-sqlite3',
      '../store/sqlite/index.js',
    ]);
  });
});
