import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../engine/compile/types.js';
import { CaseflowError } from '../../engine/errors.js';
import { parseMigrationPlan, type MigrationRequest } from '../../engine/runtime/index.js';
import { agent, EngineRig, HOUR, REPAIR_YAML } from './engine-harness.js';
import { PLAN_YAML, V1, V2 } from './ticket-versions.js';

const owner: Actor = { id: 'olga', roles: ['process-owner'] };

describe('moving running cases onto a corrected version', () => {
  let rig: EngineRig;
  let ids: { fresh: string; taken: string; parked: string; solved: string };
  let start: number;
  const request = (plan = parseMigrationPlan(PLAN_YAML)): MigrationRequest => ({ processId: 'ticket', from: 1, to: 2, plan });

  beforeEach(async () => {
    rig = new EngineRig();
    start = rig.clock.now();
    await rig.engine.publish({ yaml: V1, publishedBy: 'olga' });
    const open = async (customer: string) => (await rig.engine.createCase({ process: 'ticket', data: { customer }, actor: agent })).id;
    ids = { fresh: await open('Li Na'), taken: await open('Zhao Lei'), parked: await open('Chen Jie'), solved: await open('Sun Yu') };
    await rig.engine.applyEvent(ids.taken, { type: 'take' }, agent);
    await rig.engine.applyEvent(ids.parked, { type: 'park' }, agent);
    await rig.engine.applyEvent(ids.solved, { type: 'take' }, agent);
    await rig.engine.applyEvent(ids.solved, { type: 'solve' }, agent);
    await rig.engine.publish({ yaml: V2, publishedBy: 'olga' });
    rig.clock.advance(3 * HOUR);
  });
  afterEach(() => rig.dispose());

  it('reports per case what a dry run would do and changes nothing', async () => {
    const historyBefore = await rig.engine.history(ids.taken);
    const report = await rig.engine.planMigration(request(), owner);
    expect(report.applied).toBe(false);
    const byId = new Map(report.cases.map((c) => [c.caseId, c]));
    expect([...byId.keys()].sort()).toEqual([ids.fresh, ids.taken, ids.parked].sort());

    expect(byId.get(ids.fresh)).toMatchObject({ outcome: 'ready', state: 'new', newState: 'new', reasons: [] });
    expect(byId.get(ids.fresh)?.timers).toEqual([
      { key: 'timer:new:remind', newKey: 'timer:new:remind', action: 'keep', dueAt: start + 4 * HOUR, newDueAt: start + 4 * HOUR },
    ]);
    expect(byId.get(ids.taken)).toMatchObject({ outcome: 'ready', state: 'in-progress', newState: 'working' });
    expect(byId.get(ids.taken)?.timers.sort((a, b) => a.key.localeCompare(b.key))).toEqual([
      { key: 'deadline:in-progress:breach', newKey: 'deadline:working:breach', action: 'recompute', dueAt: start + 24 * HOUR, newDueAt: start + 12 * HOUR },
      { key: 'timer:in-progress:chase', newKey: 'timer:working:chase', action: 'recompute', dueAt: start + 8 * HOUR, newDueAt: start + 2 * HOUR, firesAtOnce: true },
    ]);
    expect(byId.get(ids.taken)?.notes).toEqual(['timer:working:nudge is new in this version: it starts when working is next entered']);
    expect(byId.get(ids.fresh)?.notes).toEqual([]);
    expect(byId.get(ids.parked)).toMatchObject({ outcome: 'blocked', unmappedStates: ['parked'] });
    expect(byId.get(ids.parked)?.reasons).toEqual(['state parked has no place in version 2']);

    expect((await rig.store.getCase(ids.taken))?.version).toBe(1);
    expect(await rig.engine.history(ids.taken)).toEqual(historyBefore);
    expect((await rig.engine.timers(ids.taken)).map((t) => t.key).sort()).toEqual(['deadline:in-progress:breach', 'timer:in-progress:chase']);
  });

  it('names the data that would not fit the new schema, and timers without a place', async () => {
    const report = await rig.engine.planMigration(request(parseMigrationPlan('states: { in-progress: working }')), owner);
    const fresh = report.cases.find((c) => c.caseId === ids.fresh);
    expect(fresh?.outcome).toBe('blocked');
    expect(fresh?.fieldErrors.map((e) => e.field)).toEqual(['channel']);
    const wrong = await rig.engine.planMigration(request(parseMigrationPlan('set: { channel: \'"fax"\' }')), owner);
    const taken = wrong.cases.find((c) => c.caseId === ids.taken);
    expect(taken?.unmappedStates).toEqual(['in-progress']);
    expect(taken?.fieldErrors.map((e) => e.field)).toEqual(['channel']);
    expect(taken?.timers.find((t) => t.key === 'timer:in-progress:chase')).toEqual(
      { key: 'timer:in-progress:chase', action: 'drop', dueAt: start + 8 * HOUR, note: 'the new version has no timer timer:in-progress:chase' },
    );
    expect(taken?.notes).toContain('deadline in-progress is not in the new version: its clock is dropped');
  });

  it('moves each case in its own transaction with a $migrated event; replay and verification accept it', async () => {
    const report = await rig.engine.migrateCases(request(), owner);
    expect(report.applied).toBe(true);
    expect(Object.fromEntries(report.cases.map((c) => [c.caseId, c.outcome]))).toEqual({
      [ids.fresh]: 'migrated', [ids.taken]: 'migrated', [ids.parked]: 'blocked',
    });

    const taken = await rig.engine.getCase(ids.taken, agent);
    expect(taken).toMatchObject({ version: 2, state: 'working', revision: 3 });
    expect(taken.snapshot.data).toEqual({ customer: 'Zhao Lei', channel: 'phone' });
    expect(Object.keys(taken.snapshot.clocks)).toEqual(['working']);
    const last = (await rig.engine.history(ids.taken)).at(-1);
    expect(last).toMatchObject({ type: '$migrated', actor: 'olga', from: 'in-progress', to: 'working', input: { plan: parseMigrationPlan(PLAN_YAML), from: 1, to: 2 } });
    expect((await rig.engine.timers(ids.taken)).sort((a, b) => a.key.localeCompare(b.key))).toEqual([
      { caseId: ids.taken, key: 'deadline:working:breach', dueAt: start + 12 * HOUR, count: 1 },
      { caseId: ids.taken, key: 'timer:working:chase', dueAt: start + 2 * HOUR, count: 1 },
    ]);
    // The deadline's clock is as long as the new version says, counted from when it started.
    expect(taken.deadlines).toMatchObject([{ id: 'working', status: 'running', withinMs: 12 * HOUR, dueAt: start + 12 * HOUR }]);
    expect(await rig.engine.timers(ids.fresh)).toEqual([{ caseId: ids.fresh, key: 'timer:new:remind', dueAt: start + 4 * HOUR, count: 1 }]);

    const parked = await rig.store.getCase(ids.parked);
    expect(parked).toMatchObject({ version: 1, state: 'parked', revision: 2 });

    // The moved cases go on under version 2: the overdue chase fires now, the fresh case is taken.
    expect(await rig.engine.fireDueTimers()).toBe(1);
    expect((await rig.engine.getCase(ids.taken, agent)).snapshot.data.chased).toBe(true);
    await rig.engine.applyEvent(ids.fresh, { type: 'take' }, agent);
    expect((await rig.engine.timers(ids.fresh)).map((t) => [t.key, t.dueAt]).sort()).toEqual([
      ['deadline:working:breach', rig.clock.now() + 12 * HOUR], ['timer:working:chase', rig.clock.now() + 2 * HOUR], ['timer:working:nudge', rig.clock.now() + 6 * HOUR],
    ]);

    await rig.restart();
    expect((await rig.store.getCase(ids.taken))?.version).toBe(2);
    for (const id of [ids.fresh, ids.taken, ids.parked]) {
      const replay = await rig.engine.replay(id);
      expect(replay, id).toMatchObject({ consistent: true, chainValid: true });
    }
    const migrated = (await rig.engine.replay(ids.taken)).steps.find((s) => s.type === '$migrated');
    expect(migrated?.replayed.to).toBe('working');
    expect(await rig.engine.verifyAll()).toMatchObject({ valid: true, casesChecked: 4 });
  });

  it('does nothing the second time: moved cases are not at the old version, the blocked one stays', async () => {
    await rig.engine.migrateCases(request(), owner);
    const before = await Promise.all([ids.fresh, ids.taken].map((id) => rig.engine.history(id)));
    const again = await rig.engine.migrateCases(request(), owner);
    expect(again.cases.map((c) => [c.caseId, c.outcome])).toEqual([[ids.parked, 'blocked']]);
    expect(await Promise.all([ids.fresh, ids.taken].map((id) => rig.engine.history(id)))).toEqual(before);
    expect((await rig.store.getCase(ids.parked))?.revision).toBe(2);
  });

  it('goes page by page with a cursor', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await rig.engine.migrateCases({ ...request(), limit: 1, ...(cursor === undefined ? {} : { cursor }) }, owner);
      seen.push(...page.cases.filter((c) => c.outcome === 'migrated').map((c) => c.caseId));
      cursor = page.nextCursor;
      pages++;
    } while (cursor !== undefined);
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(seen.sort()).toEqual([ids.fresh, ids.taken].sort());
  });

  it('refuses an actor without the process-owner or admin role, and a plan that does not fit the versions', async () => {
    await expect(rig.engine.planMigration(request(), agent)).rejects.toMatchObject({ code: 'role-not-allowed' });
    const bad = rig.engine.migrateCases(request(parseMigrationPlan('states: { in-progress: doing }\ntimers: { nowhere: keep }')), owner);
    await expect(bad).rejects.toBeInstanceOf(CaseflowError);
    await expect(bad).rejects.toMatchObject({
      code: 'invalid-input',
      details: [
        { field: 'states.in-progress', message: "'doing' is not a state of the new version" },
        { field: 'timers.nowhere', message: 'names no timer, state or deadline of either version' },
      ],
    });
    await expect(rig.engine.migrateCases({ ...request(), from: 2, to: 1 }, owner)).rejects.toMatchObject({ code: 'invalid-input' });
    await expect(rig.engine.planMigration(request(parseMigrationPlan('set: { channel: "data.customer +" }')), owner)).rejects.toMatchObject({
      code: 'invalid-input', details: [{ field: 'set.channel' }],
    });
    expect(() => parseMigrationPlan('timers: { new: later }')).toThrow(/timers.new/);
    expect((await rig.store.getCase(ids.taken))?.version).toBe(1);
  });
});

describe('recomputing a repeating timer', () => {
  let rig: EngineRig;
  beforeEach(() => {
    rig = new EngineRig();
  });
  afterEach(() => rig.dispose());

  it('counts a repeat from the firing that scheduled it, and keeps the deadline marks it is not told to move', async () => {
    await rig.publishRepair();
    const start = rig.clock.now();
    const opened = await rig.openRepair();
    expect(await rig.engine.advanceClock(5 * HOUR)).toBe(1);
    await rig.engine.publish({ yaml: REPAIR_YAML.replace('every: 4h', 'every: 2h'), publishedBy: 'olga' });
    const plan = parseMigrationPlan('timers: { received: recompute }');
    const report = await rig.engine.migrateCases({ processId: 'repair-request', from: 1, to: 2, plan }, owner);
    const timers = new Map(report.cases[0].timers.map((t) => [t.key, t]));
    expect(timers.get('timer:received:remind')).toEqual({
      key: 'timer:received:remind', newKey: 'timer:received:remind', action: 'recompute', dueAt: start + 8 * HOUR, newDueAt: start + 6 * HOUR,
    });
    expect(timers.get('deadline:reply:warn')).toMatchObject({ action: 'keep', dueAt: start + 20 * HOUR, newDueAt: start + 20 * HOUR });
    expect((await rig.engine.timers(opened.id)).find((t) => t.key === 'timer:received:remind')).toMatchObject({ dueAt: start + 6 * HOUR, count: 2 });
    expect(await rig.engine.advanceClock(2 * HOUR)).toBe(1);
    expect((await rig.engine.replay(opened.id)).consistent).toBe(true);
  });
});
