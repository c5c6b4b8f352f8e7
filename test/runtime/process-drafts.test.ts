import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CaseflowError } from '../../engine/errors.js';
import { EngineRig } from './engine-harness.js';
import { V1 } from './ticket-versions.js';

const GUARDED = V1.replace('roles: [agent]\n', 'roles: [agent]\npublishing: { approval: required }\n');

/** The error code a promise rejects with. */
async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (caught) {
    return caught instanceof CaseflowError ? caught.code : 'not a CaseflowError';
  }
}

describe('four-eyes publishing', () => {
  let rig: EngineRig;
  beforeEach(() => {
    rig = new EngineRig();
  });
  afterEach(() => rig.dispose());

  it('publishes a process alone unless its draft or its version in production asks for approval', async () => {
    expect((await rig.engine.publish({ yaml: V1, publishedBy: 'olga', enforceApproval: true })).version).toBe(1);
    expect(await codeOf(rig.engine.publish({ yaml: GUARDED, publishedBy: 'olga', enforceApproval: true }))).toBe('conflict');
    await rig.engine.publish({ yaml: GUARDED, publishedBy: 'olga' });
    // The version in production asks for approval: a draft without the line cannot lift it alone.
    expect(await codeOf(rig.engine.publish({ yaml: V1, publishedBy: 'olga', enforceApproval: true }))).toBe('conflict');
    expect((await rig.engine.listVersions('ticket')).map((v) => v.version)).toEqual([1, 2]);
  });

  it('publishes an approved draft with who drafted and who approved it, and refuses its author and a second review', async () => {
    await rig.engine.publish({ yaml: GUARDED, publishedBy: 'olga' });
    const draft = await rig.engine.drafts.submit({ yaml: GUARDED.replace('in: 8h', 'in: 4h'), message: 'chase sooner', author: 'olga' });
    expect(draft).toMatchObject({ processId: 'ticket', status: 'pending', baseVersion: 1, author: 'olga' });
    expect(await codeOf(rig.engine.drafts.approve(draft.id, 'olga'))).toBe('role-not-allowed');
    const { version } = await rig.engine.drafts.approve(draft.id, 'wang', 'fine');
    expect(version).toMatchObject({ version: 2, publishedBy: 'olga', approvedBy: 'wang', message: 'chase sooner' });
    expect(await rig.engine.getProcess('ticket')).toMatchObject({ version: 2, approvedBy: 'wang' });
    expect(await codeOf(rig.engine.drafts.approve(draft.id, 'wang'))).toBe('conflict');
    expect(await codeOf(rig.engine.drafts.sendBack(draft.id, 'wang', 'too late'))).toBe('conflict');
    expect(await codeOf(rig.engine.drafts.get('nope'))).toBe('not-found');
  });

  it('refuses a draft made from a version no longer in production, and an invalid one', async () => {
    await rig.engine.publish({ yaml: GUARDED, publishedBy: 'olga' });
    const stale = await rig.engine.drafts.submit({ yaml: GUARDED.replace('in: 8h', 'in: 4h'), author: 'olga' });
    const fresh = await rig.engine.drafts.submit({ yaml: GUARDED.replace('in: 8h', 'in: 2h'), author: 'olga' });
    await rig.engine.drafts.approve(fresh.id, 'wang');
    expect(await codeOf(rig.engine.drafts.approve(stale.id, 'wang'))).toBe('conflict');
    expect((await rig.engine.drafts.get(stale.id)).status).toBe('pending');
    expect((await rig.engine.drafts.sendBack(stale.id, 'wang', 'redo it on version 2')).status).toBe('returned');
    expect(await codeOf(rig.engine.drafts.submit({ yaml: GUARDED.replace('to: solved', 'to: nowhere'), author: 'olga' }))).toBe('invalid-definition');
    expect((await rig.engine.drafts.list({ processId: 'ticket' })).map((d) => d.status).sort()).toEqual(['approved', 'returned']);
  });
});
