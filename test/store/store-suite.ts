/**
 * The store test suite: every Store implementation (SQLite, the in-memory one, PostgreSQL) runs it
 * with its own factory, like drizzle's integration-tests run one suite per driver; the account
 * suite (suite-accounts.ts) likewise.
 */
import { afterEach, beforeEach, describe } from 'vitest';
import type { Store } from '../../engine/runtime/store.js';
import { describeCommits } from './suite-commits.js';
import { describeDrafts } from './suite-drafts.js';
import { describeQueries } from './suite-queries.js';
import { describeReads } from './suite-reads.js';

/** Returns the store of the running test. */
export type CurrentStore = () => Store;

/** Runs the whole suite against stores made by `makeStore` (a fresh, empty store per test). */
export function runStoreSuite(name: string, makeStore: () => Promise<Store>): void {
  describe(`${name} store`, () => {
    let store: Store | undefined;
    const current: CurrentStore = () => {
      if (!store) throw new Error('The store of this test is not open');
      return store;
    };
    beforeEach(async () => {
      store = await makeStore();
    });
    afterEach(async () => {
      await store?.close();
      store = undefined;
    });

    describeReads(current);
    describeCommits(current);
    describeQueries(current);
    describeDrafts(current);
  });
}
