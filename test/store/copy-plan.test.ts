/**
 * The plan of a copy from SQLite to PostgreSQL, against the schema a fresh SQLite database has:
 * every table is either copied or left out for a stated reason, and a table or column the plan
 * does not know stops the copy before anything is written.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SchemaShape } from '../../engine/store/copy/copy-ends.js';
import { COPIED_TABLES, NOT_COPIED, planCopy, TARGET_ONLY_COLUMNS } from '../../engine/store/copy/copy-plan.js';
import { openSqliteCopySource } from '../../engine/store/sqlite/copy-source.js';
import { openSqliteStore } from '../../engine/store/sqlite/sqlite-store.js';

const folder = mkdtempSync(join(tmpdir(), 'caseflow-copy-plan-'));

/** The schema of a SQLite database as the copy reads it. */
async function sourceSchema(file: string): Promise<SchemaShape> {
  const source = await openSqliteCopySource(file);
  try {
    return source.schema();
  } finally {
    await source.close();
  }
}

/** A PostgreSQL schema that matches `source`: its copied tables, with the target's own columns added. */
function matchingTarget(source: SchemaShape): SchemaShape {
  const target: SchemaShape = new Map();
  for (const { name } of COPIED_TABLES) {
    const own = (TARGET_ONLY_COLUMNS[name] ?? []).map((column) => ({ name: column, type: 'bigint', identity: column === 'row_id' }));
    target.set(name, [...own, ...(source.get(name) ?? [])]);
  }
  target.set('nodes', [{ name: 'id', type: 'text', identity: false }]);
  return target;
}

describe('the copy plan', () => {
  const file = join(folder, 'fresh.db');
  let fresh: SchemaShape = new Map();
  beforeAll(async () => {
    await openSqliteStore({ file }).close();
    fresh = await sourceSchema(file);
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('copies or knowingly leaves out every table of a fresh SQLite database', () => {
    const plan = planCopy(fresh, matchingTarget(fresh));
    expect(plan.map((table) => table.name)).toEqual(COPIED_TABLES.map((table) => table.name));
    for (const table of Object.keys(NOT_COPIED)) expect(fresh.has(table), table).toBe(true);
    const events = plan.find((table) => table.name === 'events');
    expect(events?.withRowId).toBe(true);
    expect(events?.targetColumns.slice(0, 2)).toMatchObject([{ name: 'row_id', identity: true }, { name: 'case_id' }]);
    expect(plan.find((table) => table.name === 'timers')?.targetColumns.map((column) => column.name)).toEqual(['case_id', 'key', 'due_at', 'count']);
  });

  it('refuses a SQLite table it does not handle, naming it', async () => {
    const extended = join(folder, 'extended.db');
    await openSqliteStore({ file: extended }).close();
    const db = new Database(extended);
    db.exec('CREATE TABLE complaint_photos (case_id TEXT NOT NULL, photo TEXT NOT NULL)');
    db.close();
    const schema = await sourceSchema(extended);
    expect(() => planCopy(schema, matchingTarget(schema))).toThrow(/the SQLite table complaint_photos is not handled by the copy/);
  });

  it('refuses a column that one side has and the other lacks', () => {
    const target = matchingTarget(fresh);
    const source: SchemaShape = new Map(fresh);
    source.set('cases', [...(fresh.get('cases') ?? []), { name: 'priority', type: 'integer', identity: false }]);
    expect(() => planCopy(source, target)).toThrow(/the PostgreSQL table cases has no column priority/);
    target.set('users', [...(target.get('users') ?? []), { name: 'locale', type: 'text', identity: false }]);
    expect(() => planCopy(fresh, target)).toThrow(/the SQLite table users has no column locale/);
  });

  it('refuses a target without a table the copy writes', () => {
    const target = matchingTarget(fresh);
    target.delete('tally_marks');
    expect(() => planCopy(fresh, target)).toThrow(/the PostgreSQL database has no table tally_marks/);
  });
});
