/**
 * The shared store tests of drafts awaiting a second process owner's approval: saved pending,
 * listed newest first, sent back or approved once only, an approval publishing the version with
 * who drafted and who approved it in the same transaction.
 */
import { describe, expect, it } from 'vitest';
import type { ProcessDraftRecord } from '../../engine/runtime/store.js';
import type { CurrentStore } from './store-suite.js';

function draftOf(id: string, createdAt: number, processId = 'fee-approval'): Omit<ProcessDraftRecord, 'status'> {
  return { id, processId, name: '费用审批 Fee approval', yaml: `id: ${processId}\n`, files: { 'reply.hbs': 'Hello' }, message: 'lower the GM threshold', baseVersion: 1, author: 'olga', createdAt };
}

/** Registers the tests of process drafts. */
export function describeDrafts(current: CurrentStore): void {
  describe('process drafts', () => {
    it('saves a draft pending and lists drafts newest first, by process and status', async () => {
      const saved = await current().saveDraft(draftOf('d-1', 1000));
      expect(saved).toEqual({ ...draftOf('d-1', 1000), status: 'pending' });
      await current().saveDraft(draftOf('d-2', 2000));
      await current().saveDraft({ ...draftOf('d-3', 3000, 'complaint-handling'), baseVersion: undefined, message: undefined });
      expect(await current().getDraft('d-1')).toEqual(saved);
      expect(await current().getDraft('nope')).toBeUndefined();
      expect((await current().listDrafts({})).map((d) => d.id)).toEqual(['d-3', 'd-2', 'd-1']);
      expect((await current().listDrafts({ processId: 'fee-approval' })).map((d) => d.id)).toEqual(['d-2', 'd-1']);
      expect((await current().getDraft('d-3'))).not.toHaveProperty('baseVersion');
    });

    it('sends a pending draft back once, with the reviewer and the comment', async () => {
      await current().saveDraft(draftOf('d-1', 1000));
      const returned = await current().returnDraft('d-1', { by: 'wang', at: 5000, comment: '阈值过低 Too low' });
      expect(returned).toMatchObject({ status: 'returned', reviewer: 'wang', reviewedAt: 5000, comment: '阈值过低 Too low' });
      expect(await current().returnDraft('d-1', { by: 'wang', at: 6000 })).toBeUndefined();
      expect(await current().approveDraft('d-1', { by: 'wang', at: 6000 }, { processId: 'fee-approval', name: 'x', yaml: 'id: fee-approval\n', files: {}, publishedBy: 'olga', publishedAt: 6000 })).toBeUndefined();
      expect(await current().listVersions('fee-approval')).toEqual([]);
      expect((await current().listDrafts({ status: 'pending' }))).toEqual([]);
    });

    it('approves a pending draft by publishing its version with who drafted and who approved it, once', async () => {
      await current().publishVersion({ processId: 'fee-approval', name: 'v1', yaml: 'id: fee-approval\n', files: {}, publishedBy: 'olga', publishedAt: 500 });
      await current().saveDraft(draftOf('d-1', 1000));
      const record = { processId: 'fee-approval', name: '费用审批 Fee approval', yaml: 'id: fee-approval\n', files: { 'reply.hbs': 'Hello' }, publishedBy: 'olga', publishedAt: 7000, message: 'lower the GM threshold', approvedBy: 'wang' };
      const approved = await current().approveDraft('d-1', { by: 'wang', at: 7000, comment: '同意 Agreed' }, record);
      expect(approved?.version).toEqual({ ...record, version: 2 });
      expect(approved?.draft).toMatchObject({ status: 'approved', reviewer: 'wang', reviewedAt: 7000, comment: '同意 Agreed', version: 2 });
      expect(await current().getVersion('fee-approval', 2)).toEqual({ ...record, version: 2 });
      expect(await current().getVersion('fee-approval', 1)).not.toHaveProperty('approvedBy');
      expect(await current().approveDraft('d-1', { by: 'wang', at: 8000 }, record)).toBeUndefined();
      expect(await current().approveDraft('nope', { by: 'wang', at: 8000 }, record)).toBeUndefined();
      expect((await current().listVersions('fee-approval')).map((v) => v.version)).toEqual([1, 2]);
    });
  });
}
