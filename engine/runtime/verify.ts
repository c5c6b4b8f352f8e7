/**
 * Whole-database audit: every case's hash chain, in (caseId, seq) order. A store that can check
 * its rows as stored (and in parallel) does; otherwise its records are scanned a page at a time.
 */
import { chainBreak, GENESIS_HASH } from './hash-chain.js';
import type { Store } from './store.js';
import type { ChainVerification } from './types.js';

/** Events read per page of the scan. */
const PAGE = 10_000;

/** Checks every chain and names the first broken event. */
export async function verifyAllChains(ctx: { store: Pick<Store, 'scanEvents' | 'verifyChains'> }): Promise<ChainVerification> {
  if (ctx.store.verifyChains) return ctx.store.verifyChains();
  let casesChecked = 0;
  let eventsChecked = 0;
  let caseId: string | undefined;
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let after: { caseId: string; seq: number } | undefined;
  for (;;) {
    const page = await ctx.store.scanEvents(after, PAGE);
    for (const event of page) {
      if (event.caseId !== caseId) {
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
    if (page.length < PAGE) return { valid: true, casesChecked, eventsChecked };
    const last = page[page.length - 1];
    after = { caseId: last.caseId, seq: last.seq };
  }
}
