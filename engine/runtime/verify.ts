/**
 * Whole-database audit: every case's hash chain, in (caseId, seq) order, and each chain's end
 * compared with its case row. A store that can check its rows as stored (and in parallel) does;
 * otherwise its records are scanned a page at a time through the same `ChainWalk` (that scan does
 * not see a case row whose events are all gone; the store's own check does).
 */
import { ChainWalk, type CaseRowHead } from './chain-walk.js';
import type { CaseRecord, Store } from './store.js';
import type { ChainVerification } from './types.js';

/** Events read per page of the scan. */
const PAGE = 10_000;

/** The heads of the case rows of `caseIds` (in id order), leaving out cases without a row. */
async function caseRowHeads(store: Pick<Store, 'getCase'>, caseIds: string[]): Promise<CaseRowHead[]> {
  const records = await Promise.all(caseIds.map((id) => store.getCase(id)));
  return records.filter((r): r is CaseRecord => r !== undefined).map((r) => [r.id, r.revision, r.lastHash]);
}

/** Checks every chain and names the first broken event, or the first case whose chain does not end at its case row. */
export async function verifyAllChains(ctx: { store: Pick<Store, 'scanEvents' | 'verifyChains' | 'getCase'> }): Promise<ChainVerification> {
  const { store } = ctx;
  if (store.verifyChains) return store.verifyChains();
  const walk = new ChainWalk(true);
  let after: { caseId: string; seq: number } | undefined;
  for (;;) {
    const page = await store.scanEvents(after, PAGE);
    const last = page[page.length - 1];
    // The cases this page ends: every case in it but its last, which may go on in the next page.
    const ended: string[] = [];
    for (const event of page) if (event.caseId !== last.caseId && event.caseId !== ended[ended.length - 1]) ended.push(event.caseId);
    walk.expectCases(await caseRowHeads(store, ended));
    if (!walk.checkRecords(page)) return walk.result();
    if (page.length < PAGE) return walk.finish(last === undefined ? [] : await caseRowHeads(store, [last.caseId]));
    after = { caseId: last.caseId, seq: last.seq };
  }
}
