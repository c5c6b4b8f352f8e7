import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../engine/runtime/hash-chain.js';
import { hashEvent } from '../../engine/runtime/index.js';
import { agent, EngineRig, HOUR, lead } from './engine-harness.js';

describe('audit: replay and hash chains over SQLite', () => {
  let rig: EngineRig;
  beforeEach(async () => {
    rig = new EngineRig();
    await rig.publishRepair();
  });
  afterEach(() => rig.dispose());

  /** A case with people's events, a pause and fired timers. */
  async function eventfulCase(): Promise<string> {
    const opened = await rig.openRepair();
    rig.clock.advance(5 * HOUR);
    await rig.engine.fireDueTimers();
    await rig.engine.applyEvent(opened.id, { type: 'note', input: { text: 'customer called' } }, agent);
    await rig.engine.applyEvent(opened.id, { type: 'wait' }, agent);
    rig.clock.advance(30 * HOUR);
    await rig.engine.applyEvent(opened.id, { type: 'resume' }, agent);
    rig.clock.advance(20 * HOUR);
    await rig.engine.fireDueTimers();
    await rig.engine.applyEvent(opened.id, { type: 'answer', input: { reply: 'fixed' } }, agent);
    await rig.engine.applyEvent(opened.id, { type: 'close' }, lead);
    return opened.id;
  }

  it('replays a case step by step to the recorded states and final snapshot', async () => {
    const caseId = await eventfulCase();
    const history = await rig.engine.history(caseId);
    const replay = await rig.engine.replay(caseId);
    expect(replay).toMatchObject({ caseId, consistent: true, chainValid: true });
    expect(replay.brokenAt).toBeUndefined();
    expect(replay.steps.map((s) => [s.seq, s.type, s.replayed.to])).toEqual(history.map((e) => [e.seq, e.type, e.to]));
    expect(replay.steps.every((s) => s.consistent && s.recorded.to === s.replayed.to)).toBe(true);
    expect(replay.steps.at(-1)?.replayed.snapshot).toEqual((await rig.store.getCase(caseId))?.snapshot);
  });

  it('stores inputs and timers as the canonical JSON that was hashed, and keeps that text out of the history', async () => {
    const caseId = await eventfulCase();
    const reordered = await rig.engine.createCase({
      process: 'repair-request', data: { note: 'leaking tap', customer: { phone: '13800138000', name: 'Wang Fang' } }, actor: agent,
    });
    const db = new Database(rig.file, { readonly: true });
    const rows = db.prepare<[], { input: string | null; timer: string | null }>('SELECT input, timer FROM events').all();
    db.close();
    expect(rows.some((r) => r.timer !== null)).toBe(true);
    for (const row of rows) {
      if (row.input !== null) expect(row.input).toBe(canonicalJson(JSON.parse(row.input)));
      if (row.timer !== null) expect(row.timer).toBe(canonicalJson(JSON.parse(row.timer)));
    }
    expect(rows).toContainEqual({ input: '{"customer":{"name":"Wang Fang","phone":"13800138000"},"note":"leaking tap"}', timer: null });
    const history = [...(await rig.engine.history(caseId)), ...(await rig.engine.history(reordered.id))];
    for (const event of history) {
      expect(Object.keys(event)).not.toContain('inputJson');
      expect(Object.keys(event)).not.toContain('timerJson');
    }
    expect(history.find((e) => e.timer !== undefined)?.timer).toEqual({ key: expect.any(String), count: 1 });
    expect(await rig.engine.verifyAll()).toMatchObject({ valid: true, casesChecked: 2 });
  });

  it('verifies every chain of the database', async () => {
    await eventfulCase();
    await eventfulCase();
    const result = await rig.engine.verifyAll();
    expect(result.valid).toBe(true);
    expect(result.casesChecked).toBe(2);
    expect(result.eventsChecked).toBeGreaterThan(12);
  });

  it('names the changed event when a row is edited behind the engine’s back', async () => {
    const untouched = await eventfulCase();
    const caseId = await eventfulCase();
    await rig.close();
    const db = new Database(rig.file);
    db.prepare("UPDATE events SET input = '{\"text\":\"nobody called\"}' WHERE case_id = ? AND seq = 4").run(caseId);
    db.close();
    rig.open();

    const verified = await rig.engine.verifyAll();
    expect(verified.valid).toBe(false);
    expect(verified.firstBroken).toMatchObject({ caseId, seq: 4, reason: expect.stringContaining('hash') });
    const replay = await rig.engine.replay(caseId);
    expect(replay).toMatchObject({ chainValid: false, brokenAt: 4 });
    expect((await rig.engine.replay(untouched)).chainValid).toBe(true);
  });

  it('catches a forged event whose hash was recomputed: the next link no longer fits', async () => {
    const caseId = await eventfulCase();
    const forged = { ...(await rig.engine.history(caseId))[1], to: 'closed' };
    await rig.close();
    const db = new Database(rig.file);
    db.prepare("UPDATE events SET to_state = 'closed', hash = ? WHERE case_id = ? AND seq = 2").run(hashEvent(forged.prevHash, forged), caseId);
    db.close();
    rig.open();
    const verified = await rig.engine.verifyAll();
    expect(verified.firstBroken).toMatchObject({ caseId, seq: 3, reason: expect.stringContaining('prevHash') });
    const replay = await rig.engine.replay(caseId);
    expect(replay).toMatchObject({ chainValid: false, brokenAt: 3, consistent: false });
    expect(replay.steps[1]).toMatchObject({ consistent: false, recorded: { to: 'closed' }, replayed: { to: 'received' } });
  });

  it('notices a case row changed without an event: replay shows where the snapshot differs', async () => {
    const caseId = await eventfulCase();
    await rig.close();
    const db = new Database(rig.file);
    const row = db.prepare<[string], { snapshot: string }>('SELECT snapshot FROM cases WHERE id = ?').get(caseId);
    const snapshot = JSON.parse(row?.snapshot ?? '{}');
    snapshot.data.note = 'changed quietly';
    db.prepare('UPDATE cases SET snapshot = ? WHERE id = ?').run(JSON.stringify(snapshot), caseId);
    db.close();
    rig.open();
    const replay = await rig.engine.replay(caseId);
    expect(replay.consistent).toBe(false);
    expect(replay.chainValid).toBe(true);
    expect(replay.steps.at(-1)?.differences).toEqual(['snapshot.data.note']);
  });
});
