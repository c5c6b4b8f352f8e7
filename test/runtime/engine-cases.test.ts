import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CaseflowError } from '../../engine/errors.js';
import { agent, auditor, EngineRig, HOUR, lead, REPAIR_YAML } from './engine-harness.js';

/** The case row and the event count, to show that a refusal changed nothing. */
async function footprint(rig: EngineRig, caseId: string) {
  return { row: await rig.store.getCase(caseId), events: (await rig.store.getEvents(caseId)).length, timers: await rig.store.pendingTimers(caseId) };
}

async function refusal(promise: Promise<unknown>): Promise<CaseflowError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CaseflowError) return error;
    throw error;
  }
  throw new Error('the call was accepted');
}

describe('the engine over SQLite: publishing, cases and events', () => {
  let rig: EngineRig;
  beforeEach(async () => {
    rig = new EngineRig();
    await rig.publishRepair();
  });
  afterEach(() => rig.dispose());

  it('publishes versions with their YAML kept, and refuses an invalid one with its diagnostics', async () => {
    const second = await rig.engine.publish({ yaml: REPAIR_YAML, publishedBy: 'owner', message: 'same again' });
    expect(second).toMatchObject({ processId: 'repair-request', version: 2, name: '报修 Repair request', yaml: REPAIR_YAML, message: 'same again' });
    expect((await rig.engine.listVersions('repair-request')).map((v) => v.version)).toEqual([1, 2]);
    expect((await rig.engine.getProcess('repair-request', 1)).version).toBe(1);
    const broken = await refusal(rig.engine.publish({ yaml: REPAIR_YAML.replace('to: answered', 'to: answerd'), publishedBy: 'owner' }));
    expect(broken.code).toBe('invalid-definition');
    expect(broken.details).toEqual(expect.arrayContaining([expect.objectContaining({ severity: 'error', message: expect.stringContaining('answerd') })]));
    expect(rig.engine.validate('id: [')[0]).toMatchObject({ severity: 'error', line: 1 });
    expect((await rig.engine.listVersions('repair-request')).length).toBe(2);
    await expect(rig.engine.getProcess('nothing')).rejects.toMatchObject({ code: 'not-found' });
  });

  it('opens a case pinned to the latest version, with its deadline, actions and inbox facts', async () => {
    const opened = await rig.openRepair();
    expect(opened).toMatchObject({ processId: 'repair-request', version: 1, state: 'received', status: 'active', revision: 1, createdBy: 'ann', actionableRoles: ['agent'] });
    expect(opened.nextDueAt).toBe(rig.clock.now() + 24 * HOUR);
    expect(opened.deadlines).toEqual([
      { id: 'reply', label: 'First reply', status: 'running', dueAt: rig.clock.now() + 24 * HOUR, elapsedMs: 0, withinMs: 24 * HOUR, pauses: 0, overdue: false },
    ]);
    expect(opened.actions.map((a) => a.type).sort()).toEqual(['answer', 'follow-up', 'note', 'wait']);
    expect(opened.actions.find((a) => a.type === 'answer')?.input).toMatchObject({ required: ['reply'] });
    await rig.engine.publish({ yaml: REPAIR_YAML, publishedBy: 'owner' });
    expect((await rig.openRepair('Li Lei')).version).toBe(2);
    expect((await rig.engine.getCase(opened.id, agent)).version).toBe(1);
    const found = await rig.engine.listCases({ search: '13800138000', roles: ['agent'], limit: 10 }, agent);
    expect(found.items.map((c) => c.id)).toContain(opened.id);
  });

  it('refuses a case from a non-starter and data that does not fit, naming the field', async () => {
    expect((await refusal(rig.engine.createCase({ process: 'repair-request', data: { customer: { name: 'x' } }, actor: lead }))).code).toBe('role-not-allowed');
    const bad = await refusal(rig.engine.createCase({ process: 'repair-request', data: { customer: {} }, actor: agent }));
    expect(bad.code).toBe('invalid-input');
    expect(bad.details).toEqual([expect.objectContaining({ field: expect.stringContaining('name') })]);
    expect((await rig.engine.listCases({ limit: 10 }, agent)).items).toEqual([]);
  });

  it('moves a case through its states with the actor, time, from/to and input of each event', async () => {
    const opened = await rig.openRepair();
    rig.clock.advance(HOUR);
    const answered = await rig.engine.applyEvent(opened.id, { type: 'answer', input: { reply: 'technician booked' } }, agent);
    expect(answered).toMatchObject({ state: 'answered', revision: 2, actionableRoles: ['team-lead'], actions: [] });
    expect(answered.snapshot.data.note).toBe('technician booked');
    expect((await rig.engine.getCase(opened.id, lead)).actions.map((a) => a.type)).toEqual(['close']);
    expect((await rig.engine.getCase(opened.id, auditor)).actions).toEqual([]);
    const closed = await rig.engine.applyEvent(opened.id, { type: 'close' }, lead);
    expect(closed).toMatchObject({ state: 'closed', status: 'done', revision: 3, actionableRoles: [] });
    const history = await rig.engine.history(opened.id);
    expect(history.map((e) => [e.seq, e.type, e.actor, e.from, e.to])).toEqual([
      [1, '$start', 'ann', null, 'received'],
      [2, 'answer', 'ann', 'received', 'answered'],
      [3, 'close', 'lee', 'answered', 'closed'],
    ]);
    expect(history[1]).toMatchObject({ at: rig.clock.now(), input: { reply: 'technician booked' }, actorRoles: ['agent'], prevHash: history[0].hash });
    expect(await rig.engine.timers(opened.id)).toEqual([]);
  });

  it('changes nothing when it refuses an event: wrong role, wrong state, bad input, stale revision', async () => {
    const opened = await rig.openRepair();
    await rig.engine.applyEvent(opened.id, { type: 'note', input: { text: 'called back' } }, agent);
    const before = await footprint(rig, opened.id);
    const wrongRole = await refusal(rig.engine.applyEvent(opened.id, { type: 'answer', input: { reply: 'x' } }, lead));
    expect(wrongRole.code).toBe('role-not-allowed');
    const wrongState = await refusal(rig.engine.applyEvent(opened.id, { type: 'close' }, lead));
    expect(wrongState).toMatchObject({ code: 'event-not-allowed', details: { state: 'received' } });
    const badInput = await refusal(rig.engine.applyEvent(opened.id, { type: 'answer', input: { reply: '' } }, agent));
    expect(badInput.code).toBe('invalid-input');
    expect(badInput.details).toEqual([expect.objectContaining({ field: expect.stringContaining('reply') })]);
    const stale = await refusal(rig.engine.applyEvent(opened.id, { type: 'wait' }, agent, { expectedRevision: 1 }));
    expect(stale).toMatchObject({ code: 'stale-revision', details: { revision: 2, expected: 1 } });
    expect((await refusal(rig.engine.applyEvent('C-none', { type: 'wait' }, agent))).code).toBe('not-found');
    expect(await footprint(rig, opened.id)).toEqual(before);
  });

  it('lets one of two writers with the same revision win; the other is told the revision is stale', async () => {
    const opened = await rig.openRepair();
    const [first, second] = await Promise.allSettled([
      rig.engine.applyEvent(opened.id, { type: 'answer', input: { reply: 'fixed' } }, agent, { expectedRevision: 1 }),
      rig.engine.applyEvent(opened.id, { type: 'wait' }, agent, { expectedRevision: 1 }),
    ]);
    const outcomes = [first, second].map((r) => (r.status === 'fulfilled' ? 'won' : (r.reason instanceof CaseflowError ? r.reason.code : String(r.reason))));
    expect(outcomes.sort()).toEqual(['stale-revision', 'won']);
    const events = await rig.engine.history(opened.id);
    expect(events).toHaveLength(2);
    expect((await rig.store.getCase(opened.id))?.revision).toBe(2);
  });

  it('applies racing writers without If-Match one after another, losing none', async () => {
    const opened = await rig.openRepair();
    const notes = Array.from({ length: 12 }, (_, i) => `note ${i}`);
    await Promise.all(notes.map((text) => rig.engine.applyEvent(opened.id, { type: 'note', input: { text } }, agent)));
    const history = await rig.engine.history(opened.id);
    expect(history.map((e) => e.input?.text).slice(1).sort()).toEqual([...notes].sort());
    expect((await rig.store.getCase(opened.id))?.revision).toBe(13);
    expect((await rig.engine.replay(opened.id)).consistent).toBe(true);
  });

  it('answers a repeated idempotency key with the first answer and refuses it for another request', async () => {
    const created = await rig.engine.createCase({ process: 'repair-request', data: { customer: { name: 'Zhao' } }, actor: agent, idempotencyKey: 'open-1' });
    const again = await rig.engine.createCase({ process: 'repair-request', data: { customer: { name: 'Zhao' } }, actor: agent, idempotencyKey: 'open-1' });
    expect(again).toEqual(created);
    expect((await rig.engine.listCases({ limit: 10 }, agent)).items).toHaveLength(1);
    const noted = await rig.engine.applyEvent(created.id, { type: 'note', input: { text: 'a' } }, agent, { idempotencyKey: 'note-1' });
    const repeated = await rig.engine.applyEvent(created.id, { type: 'note', input: { text: 'a' } }, agent, { idempotencyKey: 'note-1' });
    expect(repeated).toEqual(noted);
    const misuse = await refusal(rig.engine.applyEvent(created.id, { type: 'note', input: { text: 'b' } }, agent, { idempotencyKey: 'note-1' }));
    expect(misuse.code).toBe('conflict');
    const racing = await Promise.all([1, 2, 3].map(() => rig.engine.applyEvent(created.id, { type: 'wait' }, agent, { idempotencyKey: 'wait-1' })));
    expect(racing.map((v) => v.revision)).toEqual([3, 3, 3]);
    expect(await rig.engine.history(created.id)).toHaveLength(3);
  });

  it('opens a linked case that knows its parent, in the same commit as the parent event', async () => {
    const parent = await rig.openRepair();
    const after = await rig.engine.applyEvent(parent.id, { type: 'follow-up' }, agent);
    expect(after.revision).toBe(2);
    const { items } = await rig.engine.listCases({ parentId: parent.id, limit: 10 }, agent);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ parentId: parent.id, processId: 'repair-request', state: 'received', revision: 1, createdBy: 'ann' });
    expect(items[0].snapshot.data.customer).toEqual({ name: 'Wang Fang', phone: '13800138000' });
    const [first] = await rig.engine.history(items[0].id);
    expect(first).toMatchObject({ type: '$start', actor: 'ann', at: after.updatedAt });
    expect((await rig.engine.timers(items[0].id)).length).toBeGreaterThan(0);
  });
});
