import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { agent, EngineRig, REPAIR_YAML } from './engine-harness.js';

/** The repair process titled by its customer's name: the customer's other details identify a case too. */
const TITLED_YAML = REPAIR_YAML.replace('name: 报修 Repair request', 'name: 报修 Repair request\ntitle: "{{data.customer.name}}"');

describe('case search', () => {
  let rig: EngineRig;
  beforeEach(async () => {
    rig = new EngineRig();
    await rig.engine.publish({ yaml: TITLED_YAML, publishedBy: 'owner' });
  });
  afterEach(() => rig.dispose());

  const found = async (search: string) => (await rig.engine.listCases({ search, limit: 10 }, agent)).items.map((item) => item.id);

  it('finds a case by its id, its title and the details of the customer the title names', async () => {
    const opened = await rig.openRepair('Wang Fang', '13800138000');
    await rig.openRepair('Li Na', '13900139000');
    expect(await found('Wang Fang')).toEqual([opened.id]);
    expect(await found('38000')).toEqual([opened.id]);
    expect(await found(opened.id.slice(-8))).toEqual([opened.id]);
  });

  it('keeps the search text of a case when an event adds only other data, and does not find it by that data', async () => {
    const opened = await rig.openRepair('Wang Fang', '13800138000');
    const noted = await rig.engine.applyEvent(opened.id, { type: 'note', input: { text: 'ladder needed' } }, agent);
    expect(noted.searchText).toBe(opened.searchText);
    expect(await found('ladder')).toEqual([]);
    expect(await found('13800138000')).toEqual([opened.id]);
  });
});
