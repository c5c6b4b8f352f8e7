/**
 * The store suites against the in-memory stores the runtime and server tests use, so they keep
 * the same contract as the database stores.
 */
import { memoryAccountStore } from '../../engine/accounts/memory-store.js';
import { createMemoryStore } from '../runtime/memory-store.js';
import { runStoreSuite } from './store-suite.js';
import { runAccountSuite } from './suite-accounts.js';

runStoreSuite('In-memory', async () => createMemoryStore());
runAccountSuite('in memory', async () => memoryAccountStore());
