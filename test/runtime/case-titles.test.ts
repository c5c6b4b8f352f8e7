import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventJson } from '../store/fixtures.js';
import { agent, EngineRig, REPAIR_YAML } from './engine-harness.js';

/** The repair process with a title, as a process owner would publish it next. */
const TITLED_YAML = REPAIR_YAML.replace('name: 报修 Repair request', 'name: 报修 Repair request\ntitle: "{{data.customer.name}} ({{data.customer.phone}})"');

describe('case titles', () => {
  let rig: EngineRig;
  beforeEach(async () => {
    rig = new EngineRig();
    await rig.publishRepair();
  });
  afterEach(() => rig.dispose());

  it('titles a case of a process without a title by the first short texts of its data', async () => {
    const opened = await rig.openRepair('Wang Fang', '13800138000');
    expect(opened.title).toBe('Wang Fang · 13800138000');
    expect((await rig.engine.getCase(opened.id, agent)).title).toBe('Wang Fang · 13800138000');
  });

  it('titles each listed and viewed case by the title of the version it is pinned to', async () => {
    const untitled = await rig.openRepair('Wang Fang', '13800138000');
    await rig.engine.publish({ yaml: TITLED_YAML, publishedBy: 'owner' });
    const titled = await rig.openRepair('Li Na', '13900139000');
    expect(titled).toMatchObject({ version: 2, title: 'Li Na (13900139000)' });

    const { items } = await rig.engine.listCases({ limit: 10 }, agent);
    expect(Object.fromEntries(items.map((item) => [item.id, item.title]))).toEqual({
      [untitled.id]: 'Wang Fang · 13800138000',
      [titled.id]: 'Li Na (13900139000)',
    });
    expect((await rig.engine.getCase(titled.id, agent)).title).toBe('Li Na (13900139000)');
  });

  it('renders the title from the current data after each event, and never stores it', async () => {
    const opened = await rig.openRepair('Wang Fang', '13800138000');
    const noted = await rig.engine.applyEvent(opened.id, { type: 'note', input: { text: 'ladder needed' } }, agent);
    expect(noted.title).toBe('Wang Fang · 13800138000 · ladder needed');
    const [listed] = (await rig.engine.listCases({ search: 'ladder', limit: 10 }, agent)).items;
    expect(listed.title).toBe('Wang Fang · 13800138000 · ladder needed');
    expect(await rig.store.getCase(opened.id)).not.toHaveProperty('title');
  });

  it('still lists a case whose stored version no longer compiles, titled by its data', async () => {
    const opened = await rig.openRepair('Wang Fang', '13800138000');
    await rig.store.publishVersion({ processId: 'repair-request', name: 'broken', yaml: 'id: repair-request\nstates: [', files: {}, publishedBy: 'owner', publishedAt: rig.clock.now() });
    const row = await rig.store.getCase(opened.id);
    const [event] = await rig.store.getEvents(opened.id);
    if (!row || !event) throw new Error('the case was not stored');
    const orphanEvent = { ...event, caseId: 'orphan-1' };
    await rig.store.commit({ case: { ...row, id: 'orphan-1', version: 2 }, expectedRevision: 0, event: orphanEvent, eventJson: eventJson(orphanEvent), timers: [], outbox: [], children: [] });

    const { items } = await rig.engine.listCases({ limit: 10 }, agent);
    expect(items.map((item) => [item.id, item.title])).toEqual(expect.arrayContaining([['orphan-1', 'Wang Fang · 13800138000'], [opened.id, 'Wang Fang · 13800138000']]));
  });
});
