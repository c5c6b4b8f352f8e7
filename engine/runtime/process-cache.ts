/**
 * Published versions, parsed and compiled once each and kept by (processId, version).
 */
import type { CompiledProcess } from '../compile/types.js';
import { CaseflowError } from '../errors.js';
import type { ProcessVersionRecord, Store } from './store.js';

/** A published version with its compiled machine. */
export interface LoadedProcess {
  record: ProcessVersionRecord;
  compiled: CompiledProcess;
}

/** Where the runtime gets compiled processes from. */
export interface ProcessSource {
  /** The given version (or the latest); `not-found` when there is none. */
  load(processId: string, version?: number): Promise<LoadedProcess>;
  /** Forgets which version is the latest (after a publish), so the next load asks the store. */
  forgetLatest?(processId: string): void;
}

/** How long the number of the latest version is trusted before asking the store again (another server may publish). */
const LATEST_TTL_MS = 1000;

/** A cache of compiled versions in front of the store; concurrent loads of one version share one compile. */
export function createProcessCache(store: Store, compile: (record: ProcessVersionRecord) => CompiledProcess | Promise<CompiledProcess>): ProcessSource {
  const cache = new Map<string, Promise<LoadedProcess>>();
  const latest = new Map<string, { version: number; until: number }>();
  // Concurrent loads past the expiry share one question to the store, not one each.
  const asking = new Map<string, Promise<number>>();
  const keyOf = (processId: string, version: number) => `${processId}@${version}`;

  async function loadVersion(processId: string, version: number | undefined): Promise<LoadedProcess> {
    const record = await store.getVersion(processId, version);
    if (!record) {
      const which = version === undefined ? '' : ` version ${version}`;
      throw new CaseflowError('not-found', `process ${processId}${which} is not published`);
    }
    return { record, compiled: await compile(record) };
  }

  async function latestVersion(processId: string): Promise<number> {
    const record = await store.getVersion(processId);
    if (!record) throw new CaseflowError('not-found', `process ${processId} is not published`);
    latest.set(processId, { version: record.version, until: performance.now() + LATEST_TTL_MS });
    return record.version;
  }

  async function load(processId: string, version?: number): Promise<LoadedProcess> {
    if (version === undefined) {
      const known = latest.get(processId);
      if (known && known.until > performance.now()) return load(processId, known.version);
      let question = asking.get(processId);
      if (!question) {
        question = latestVersion(processId).finally(() => asking.delete(processId));
        asking.set(processId, question);
      }
      return load(processId, await question);
    }
    const key = keyOf(processId, version);
    let entry = cache.get(key);
    if (!entry) {
      entry = loadVersion(processId, version);
      cache.set(key, entry);
      entry.catch(() => cache.delete(key));
    }
    return entry;
  }

  return {
    load,
    forgetLatest: (processId: string) => {
      latest.delete(processId);
      asking.delete(processId);
    },
  };
}
