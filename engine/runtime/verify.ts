/**
 * Whole-database audit: every case's hash chain, in (caseId, seq) order, and each chain's end
 * compared with its case row. A store that can check its rows as stored (and in parallel) does;
 * otherwise its records are scanned a page at a time (that scan does not see a case row whose
 * events are all gone; the store's own check does).
 */
import { chainBreak, GENESIS_HASH } from './hash-chain.js';
import type { Store } from './store.js';
import type { ChainVerification } from './types.js';

/** Events read per page of the scan. */
const PAGE = 10_000;

/** Why a case's chain, ending at (seq, hash), does not end where its case row says, or undefined. */
async function caseRowBreak(store: Pick<Store, 'getCase'>, caseId: string, lastSeq: number, lastHash: string): Promise<{ seq: number; reason: string } | undefined> {
  const record = await store.getCase(caseId);
  if (!record) return { seq: lastSeq, reason: 'the events have no case row (the case row was removed)' };
  if (record.revision === lastSeq && record.lastHash === lastHash) return undefined;
  if (record.revision > lastSeq) return { seq: record.revision, reason: `the case row is at revision ${record.revision} but its events end at seq ${lastSeq} (events were removed)` };
  if (record.revision < lastSeq) return { seq: lastSeq, reason: `the case row is at revision ${record.revision} but its events go on to seq ${lastSeq}` };
  return { seq: lastSeq, reason: 'the case row\'s last hash is not the hash of its last event' };
}

/** Checks every chain and names the first broken event, or the first case whose chain does not end at its case row. */
export async function verifyAllChains(ctx: { store: Pick<Store, 'scanEvents' | 'verifyChains' | 'getCase'> }): Promise<ChainVerification> {
  const { store } = ctx;
  if (store.verifyChains) return store.verifyChains();
  let casesChecked = 0;
  let eventsChecked = 0;
  let caseId: string | undefined;
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let after: { caseId: string; seq: number } | undefined;
  const caseEnds = async (): Promise<ChainVerification | undefined> => {
    if (caseId === undefined) return undefined;
    const broken = await caseRowBreak(store, caseId, expectedSeq - 1, prevHash);
    return broken && { valid: false, casesChecked, eventsChecked, firstBroken: { caseId, ...broken } };
  };
  for (;;) {
    const page = await store.scanEvents(after, PAGE);
    for (const event of page) {
      if (event.caseId !== caseId) {
        const broken = await caseEnds();
        if (broken) return broken;
        caseId = event.caseId;
        casesChecked++;
        expectedSeq = 1;
        prevHash = GENESIS_HASH;
      }
      const reason = chainBreak(event, expectedSeq, prevHash);
      if (reason) return { valid: false, casesChecked, eventsChecked, firstBroken: { caseId: event.caseId, seq: event.seq, reason } };
      eventsChecked++;
      expectedSeq++;
      prevHash = event.hash;
    }
    if (page.length < PAGE) return (await caseEnds()) ?? { valid: true, casesChecked, eventsChecked };
    const last = page[page.length - 1];
    after = { caseId: last.caseId, seq: last.seq };
  }
}
