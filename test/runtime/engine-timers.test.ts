import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngine } from '../../engine/runtime/index.js';
import { openSqliteStore } from '../../engine/store/sqlite/index.js';
import { agent, EngineRig, HOUR } from './engine-harness.js';

/** Keys of the timers that fired on a case, in order, with their counts. */
async function firedTimers(rig: EngineRig, caseId: string): Promise<string[]> {
  return (await rig.engine.history(caseId)).filter((e) => e.timer).map((e) => `${e.timer?.key}#${e.timer?.count}`);
}

const short = (key: string) => key.replace(/^.*:/, '');

describe('durable timers over SQLite', () => {
  let rig: EngineRig;
  beforeEach(async () => {
    rig = new EngineRig();
    await rig.publishRepair();
  });
  afterEach(() => rig.dispose());

  it('fires everything that fell due while the engine was down, once each, in due order', async () => {
    const opened = await rig.openRepair();
    await rig.restart();
    rig.clock.advance(25 * HOUR);
    expect(await rig.engine.fireDueTimers()).toBe(5);
    expect((await firedTimers(rig, opened.id)).map(short)).toEqual(['remind#1', 'warn#1', 'escalate.0#1', 'escalate.1#1', 'breach#1']);
    expect(await rig.engine.fireDueTimers()).toBe(0);
    await rig.restart();
    expect(await rig.engine.fireDueTimers()).toBe(0);

    const row = await rig.engine.getCase(opened.id, agent);
    expect(row.snapshot.clocks.reply.fired).toEqual(['warn', 'escalate.0', 'escalate.1', 'breach']);
    expect(row.snapshot.data.escalated).toBe(true);
    expect(row.deadlines[0]).toMatchObject({ id: 'reply', status: 'running', overdue: true });
    const outbox = await rig.store.listOutbox({ caseId: opened.id, limit: 20 });
    expect(outbox.map((o) => o.template)).toEqual(['remind', 'warn', 'rung', 'rung', 'breach']);
    expect(outbox[4]).toMatchObject({ channel: 'email', subject: 'Reply overdue', to: ['team-lead'], status: 'pending', body: `Repair ${opened.id} breached First reply` });
    expect(outbox[0]).toMatchObject({ channel: 'log', body: `Repair ${opened.id} for Wang Fang still waits` });
    // The reminder repeats from when it fired, up to its maximum of three.
    expect((await rig.engine.timers(opened.id)).map((t) => `${short(t.key)}#${t.count}`)).toEqual(['remind#2']);
  });

  it('moves a manual clock one due time at a time, so each timer fires at its own time', async () => {
    const opened = await rig.openRepair();
    const start = rig.clock.now();
    expect(await rig.engine.advanceClock(25 * HOUR)).toBe(7);
    expect(rig.clock.now()).toBe(start + 25 * HOUR);
    const fired = (await rig.engine.history(opened.id)).filter((e) => e.timer);
    expect(fired.map((e) => [short(e.timer?.key ?? ''), (e.at - start) / HOUR])).toEqual([
      ['remind', 4], ['remind', 8], ['remind', 12], ['warn', 20], ['escalate.0', 21], ['escalate.1', 22], ['breach', 24],
    ]);
  });

  it('fires a repeating reminder up to its maximum and no more', async () => {
    const opened = await rig.openRepair();
    for (let hour = 0; hour < 20; hour++) {
      rig.clock.advance(HOUR);
      await rig.engine.fireDueTimers();
    }
    const reminders = (await firedTimers(rig, opened.id)).filter((k) => k.includes('remind'));
    expect(reminders.map(short)).toEqual(['remind#1', 'remind#2', 'remind#3']);
  });

  it('fires each escalation rung exactly once when two engines race for the same due timers', async () => {
    const opened = await rig.openRepair();
    rig.clock.advance(25 * HOUR);
    const otherStore = openSqliteStore({ file: rig.file });
    const other = createEngine({ store: otherStore, clock: rig.clock });
    try {
      const counts = await Promise.all([rig.engine.fireDueTimers(), other.fireDueTimers(), rig.engine.fireDueTimers()]);
      expect(counts.reduce((a, b) => a + b, 0)).toBe(5);
    } finally {
      await otherStore.close();
    }
    const fired = (await firedTimers(rig, opened.id)).map(short);
    expect([...fired].sort()).toEqual(['breach#1', 'escalate.0#1', 'escalate.1#1', 'remind#1', 'warn#1']);
    expect((await rig.engine.replay(opened.id)).consistent).toBe(true);
  });

  it('never fires a timer that a person’s event cancelled', async () => {
    const opened = await rig.openRepair();
    rig.clock.advance(HOUR);
    await rig.engine.applyEvent(opened.id, { type: 'answer', input: { reply: 'on our way' } }, agent);
    expect(await rig.engine.timers(opened.id)).toEqual([]);
    rig.clock.advance(30 * HOUR);
    expect(await rig.engine.fireDueTimers()).toBe(0);
  });

  it('resumes a paused clock with the time it had left, across restarts', async () => {
    const opened = await rig.openRepair();
    rig.clock.advance(10 * HOUR);
    const paused = await rig.engine.applyEvent(opened.id, { type: 'wait' }, agent);
    expect(paused.deadlines[0]).toMatchObject({ status: 'paused', elapsedMs: 10 * HOUR, pauses: 1, overdue: false });
    expect(paused.nextDueAt).toBeUndefined();
    await rig.restart();
    rig.clock.advance(100 * HOUR);
    expect(await rig.engine.fireDueTimers()).toBe(0);

    const resumed = await rig.engine.applyEvent(opened.id, { type: 'resume' }, agent);
    const resumedAt = rig.clock.now();
    expect(resumed.deadlines[0]).toMatchObject({ status: 'running', elapsedMs: 10 * HOUR, dueAt: resumedAt + 14 * HOUR, pauses: 1 });
    const breach = (await rig.engine.timers(opened.id)).find((t) => t.key.endsWith('breach'));
    expect(breach?.dueAt).toBe(resumedAt + 14 * HOUR);
    await rig.restart();
    rig.clock.advance(14 * HOUR - 1);
    await rig.engine.fireDueTimers();
    expect((await firedTimers(rig, opened.id)).map(short)).not.toContain('breach#1');
    rig.clock.advance(1);
    await rig.engine.fireDueTimers();
    const history = await rig.engine.history(opened.id);
    const breachEvent = history.find((e) => e.timer?.key.endsWith('breach'));
    expect(breachEvent?.at).toBe(resumedAt + 14 * HOUR);
  });

  it('runs the background loop until stopped', async () => {
    const opened = await rig.openRepair();
    rig.engine.startScheduler();
    rig.clock.advance(4 * HOUR);
    const deadline = Date.now() + 5000;
    while ((await firedTimers(rig, opened.id)).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    await rig.engine.stop();
    expect((await firedTimers(rig, opened.id)).map(short)).toEqual(['remind#1']);
    rig.clock.advance(4 * HOUR);
    await new Promise((r) => setTimeout(r, 1200));
    expect((await firedTimers(rig, opened.id)).map(short)).toEqual(['remind#1']);
  });
});
