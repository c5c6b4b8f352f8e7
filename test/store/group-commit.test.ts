import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGroupCommit } from '../../engine/store/sqlite/group-commit.js';

describe('group commit', () => {
  let sqlite: Database.Database;
  let begins: number;
  beforeEach(() => {
    sqlite = new Database(':memory:');
    sqlite.exec('CREATE TABLE notes (text TEXT NOT NULL)');
    begins = 0;
  });
  afterEach(() => sqlite.close());

  const insert = (writes: ReturnType<typeof createGroupCommit>, text: string) =>
    writes.submit({ apply: () => sqlite.prepare('INSERT INTO notes (text) VALUES (?)').run(text).changes });

  it('writes what is submitted over two turns of the event loop in one transaction', async () => {
    const writes = createGroupCommit(sqlite, { maxBatch: 100, onBegin: () => begins++ });
    const first = insert(writes, 'first');
    const second = new Promise<number>((resolve) => setImmediate(() => resolve(insert(writes, 'second'))));
    expect(await Promise.all([first, second])).toEqual([1, 1]);
    expect(begins).toBe(1);
  });

  it('gathers for one turn only when told to', async () => {
    const writes = createGroupCommit(sqlite, { maxBatch: 100, gatherTurns: 1, onBegin: () => begins++ });
    const first = insert(writes, 'first');
    const second = new Promise<number>((resolve) => setImmediate(() => resolve(insert(writes, 'second'))));
    await Promise.all([first, second]);
    expect(begins).toBe(2);
  });

  it('splits a queue longer than the largest batch over several transactions', async () => {
    const writes = createGroupCommit(sqlite, { maxBatch: 2, onBegin: () => begins++ });
    await Promise.all(['a', 'b', 'c', 'd', 'e'].map((text) => insert(writes, text)));
    expect(begins).toBe(3);
    expect(sqlite.prepare('SELECT count(*) AS n FROM notes').get()).toEqual({ n: 5 });
  });
});
