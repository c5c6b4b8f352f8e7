/**
 * What the callers of a batch see when the writer thread fails: an error for each commit that is
 * not in the database, nothing half-written, the commits that did land answered as written, and
 * a new thread for the next batch.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { CaseRecord } from '../../engine/runtime/store.js';
import { openSqliteStore } from '../../engine/store/sqlite/index.js';
import { advanceCase, openCase } from './fixtures.js';

const root = mkdtempSync(join(tmpdir(), 'caseflow-writer-faults-'));
let opened = 0;
const freshFile = () => join(root, `db-${(opened += 1)}`, 'caseflow.db');
afterAll(() => rmSync(root, { recursive: true, force: true }));

const faulty = new URL('./fixtures/faulty-writer.mjs', import.meta.url);
const broken = new URL('./fixtures/broken-writer.mjs', import.meta.url);

async function mustGet(store: { getCase(id: string): Promise<CaseRecord | undefined> }, id: string): Promise<CaseRecord> {
  const record = await store.getCase(id);
  if (!record) throw new Error(`case ${id} is missing`);
  return record;
}

/** Rows of a table in the file, read on a connection of its own. */
function count(file: string, sql: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare<[], { n: number }>(sql).get()?.n ?? -1;
  } finally {
    db.close();
  }
}

describe('the writer thread failing', () => {
  it('refuses every commit of a batch whose thread stops inside the transaction, writes none of it, and writes the next batch', async () => {
    const file = freshFile();
    const store = openSqliteStore({ file, writerThread: true, writerEntry: faulty });
    await store.commit(openCase('c1', { state: 'received' }));
    const c1 = await mustGet(store, 'c1');

    const results = await Promise.allSettled([store.commit(advanceCase(c1, { state: 'answered' })), store.commit(openCase('exit-1'))]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    for (const result of results) {
      if (result.status === 'rejected') expect(result.reason).toMatchObject({ code: 'internal', message: expect.stringContaining('writer stopped') });
    }
    expect(await store.getCase('exit-1')).toBeUndefined();
    expect(await mustGet(store, 'c1')).toMatchObject({ revision: 1, state: 'received' });
    expect(count(file, 'SELECT count(*) AS n FROM events')).toBe(1);

    await store.commit(advanceCase(c1, { state: 'answered' }));
    expect(await mustGet(store, 'c1')).toMatchObject({ revision: 2, state: 'answered' });
    await store.close();
    expect(count(file, 'SELECT count(*) AS n FROM events')).toBe(2);
  });

  it('refuses the whole batch when the thread throws inside the transaction, and stays usable', async () => {
    const file = freshFile();
    const store = openSqliteStore({ file, writerThread: true, writerEntry: faulty });
    const results = await Promise.allSettled([store.commit(openCase('c1')), store.commit(openCase('throw-1'))]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    expect(count(file, 'SELECT count(*) AS n FROM cases')).toBe(0);
    await store.commit(openCase('c1'));
    expect((await mustGet(store, 'c1')).revision).toBe(1);
    await store.close();
  });

  it('answers a commit that landed before the thread stopped as written, and refuses the one of the batch that did not', async () => {
    const file = freshFile();
    const store = openSqliteStore({ file, writerThread: true, writerEntry: faulty });
    await store.commit(openCase('c1'));
    const c1 = await mustGet(store, 'c1');
    await store.commit(advanceCase(c1, { state: 'answered' }));
    // Computed from revision 1 like the commit that landed, but a different event (another hash).
    const late = advanceCase(c1, { state: 'lost' });
    late.event.hash = 'c1#2-late';
    const [landed, stale] = await Promise.allSettled([store.commit(openCase('lost-1')), store.commit(late)]);
    expect(landed.status).toBe('fulfilled');
    expect(stale).toMatchObject({ status: 'rejected', reason: { code: 'internal' } });
    expect(await mustGet(store, 'lost-1')).toMatchObject({ revision: 1 });
    expect(await mustGet(store, 'c1')).toMatchObject({ revision: 2, state: 'answered' });
    await store.close();
  });

  it('refuses a batch with read-only when the disk is full, keeps no half-written case, and keeps serving reads', async () => {
    const file = join(root, 'tight', 'caseflow.db');
    const store = openSqliteStore({ file, writerThread: true, writerEntry: faulty });
    const big = (id: string) => openCase(id, { searchText: `${id} ${'x'.repeat(3000)}` });
    const written: string[] = [];
    let refusal: unknown;
    for (let n = 0; n < 200 && refusal === undefined; n++) {
      const ids = [`a${n}`, `b${n}`];
      const results = await Promise.allSettled(ids.map((id) => store.commit(big(id))));
      results.forEach((result, index) => {
        if (result.status === 'fulfilled') written.push(ids[index]);
        else refusal = result.reason;
      });
    }
    expect(refusal).toMatchObject({ code: 'read-only', message: expect.stringContaining('refuses writes') });
    expect(written.length).toBeGreaterThan(0);
    expect(count(file, 'SELECT count(*) AS n FROM cases')).toBe(written.length);
    expect(count(file, 'SELECT count(*) AS n FROM events')).toBe(written.length);
    expect((await mustGet(store, written[0])).revision).toBe(1);
    await store.close();
  });

  it('refuses commits loudly while the thread cannot start, and still reads and closes', async () => {
    const file = freshFile();
    const store = openSqliteStore({ file, writerThread: true, writerEntry: broken });
    await expect(store.commit(openCase('c1'))).rejects.toMatchObject({ code: 'internal', message: expect.stringContaining('cannot start') });
    await expect(store.commit(openCase('c2'))).rejects.toMatchObject({ code: 'internal' });
    expect(await store.getCase('c1')).toBeUndefined();
    await store.close();
  });
});

describe('the writer thread', () => {
  it('writes case commits on its own connection, and the store reads them at once', async () => {
    const file = freshFile();
    const store = openSqliteStore({ file, writerThread: true });
    const sqlite = store.db.$client;
    const before = sqlite.pragma('data_version', { simple: true });
    await store.commit(openCase('c1', { state: 'received' }));
    // data_version moves only for other connections' commits.
    expect(sqlite.pragma('data_version', { simple: true })).not.toBe(before);
    expect(await mustGet(store, 'c1')).toMatchObject({ revision: 1, state: 'received' });
    await store.close();
  });

  it('writes what was submitted before closing', async () => {
    const file = freshFile();
    const store = openSqliteStore({ file, writerThread: true });
    const pending = ['a', 'b', 'c'].map((id) => store.commit(openCase(id)));
    await store.close();
    await Promise.all(pending);
    expect(count(file, 'SELECT count(*) AS n FROM cases')).toBe(3);
  });
});
