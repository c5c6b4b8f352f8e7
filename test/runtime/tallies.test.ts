import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../engine/compile/types.js';
import { EngineRig, HOUR } from './engine-harness.js';

const PROCESSES = fileURLToPath(new URL('../../processes', import.meta.url));
const T0 = Date.parse('2026-03-02T09:00:00+08:00');
const agent: Actor = { id: 'agent-wang', roles: ['agent'] };

function shipped(id: string): { yaml: string; files: Record<string, string> } {
  const yaml = readFileSync(join(PROCESSES, `${id}.yaml`), 'utf8');
  const files: Record<string, string> = {};
  const folder = join(PROCESSES, 'templates', id);
  if (existsSync(folder)) for (const name of readdirSync(folder)) files[`templates/${id}/${name}`] = readFileSync(join(folder, name), 'utf8');
  return { yaml, files };
}

describe('tallies through the engine', () => {
  let rig: EngineRig;

  beforeEach(async () => {
    rig = new EngineRig(T0);
    for (const id of ['complaint-handling', 'escalation-warning']) await rig.engine.publish({ ...shipped(id), publishedBy: 'process-owner' });
  });
  afterEach(() => rig.dispose());

  const register = (unit: string, category: string) => rig.engine.createCase({
    process: 'complaint-handling',
    data: { customer: { name: '王芳', phone: '13600000000' }, channel: 'phone', category, severity: 'normal', unit, description: '宽带掉线' },
    actor: agent,
  });

  it('counts stored complaints of the same unit and category, opens one linked warning on the fifth, and replays', async () => {
    const ids: string[] = [];
    for (let n = 0; n < 5; n++) {
      if (n === 2) await register('west-district', 'network');
      ids.push((await register('east-district', 'network')).id);
      rig.clock.set(T0 + (n + 1) * HOUR);
    }
    const last = await rig.engine.getCase(ids[4], agent);
    expect(last.snapshot.data.sameCategory).toEqual({ count: 5, cases: ids });
    expect(last.snapshot.data.unitMonth).toMatchObject({ count: 5 });

    const warnings = await rig.store.queryCases({ processId: 'escalation-warning', limit: 10 });
    expect(warnings.items).toHaveLength(1);
    const [linked] = warnings.items;
    expect(linked.parentId).toBe(ids[4]);
    expect(linked.snapshot.data).toMatchObject({ source: 'batch-complaints', level: 'orange', complaints: ids });
    const [notice] = await rig.store.listOutbox({ caseId: linked.id, limit: 10 });
    expect(notice.body).toContain(`关联投诉： ${ids.join(' ')}`);

    const replay = await rig.engine.replay(ids[4]);
    expect(replay).toMatchObject({ consistent: true, chainValid: true });
  });
});
