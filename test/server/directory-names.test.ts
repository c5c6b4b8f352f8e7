import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complaint, createHarness, type Harness, type Session } from './harness.js';

describe('messages and titles name units and people from the directory', () => {
  let h: Harness;
  let agent: Session;
  beforeAll(async () => {
    h = await createHarness({ users: { wang: ['agent'], lead: ['team-lead'] } });
    await h.accounts.createUnit({ id: 'east-district', label: '城东分公司 East district' });
    for (const user of await h.accounts.listUsers()) {
      await h.accounts.updateUser(user.id, { units: ['east-district'], displayName: user.username === 'wang' ? '王芳' : '李静' });
    }
    agent = await h.login('wang');
  });
  afterAll(() => h.close());

  it('writes the unit’s label and the holder’s display name into the outbox, never their ids', async () => {
    const created = await h.call('POST', '/api/cases', { as: agent, json: { process: 'complaint-handling', data: complaint() } });
    expect(created.status).toBe(201);
    const { id } = await created.json();
    const rows = (await h.outbox.page({ caseId: id, limit: 50 })).items;
    const registered = rows.find((row) => row.template === 'complaint-registered');
    expect(registered?.body).toContain('业务单元：城东分公司\n');
    expect(registered?.body).toContain('处理人：王芳\n');
    expect(rows.every((row) => !/east-district|\uE000/.test(row.body))).toBe(true);
  });

  it('titles a warning with its unit’s label as the directory has it when read', async () => {
    const created = await h.call('POST', '/api/cases', {
      as: agent, json: { process: 'escalation-warning', data: { source: 'manual', level: 'yellow', title: '宽带大面积断网', unit: 'east-district' } },
    });
    expect(created.status).toBe(201);
    const view = await created.json();
    expect(view.title).toBe('宽带大面积断网 · 城东分公司 · 黄色预警 Yellow');
    await h.accounts.updateUnit('east-district', { label: '东城分公司 East district' });
    const read = await (await h.call('GET', `/api/cases/${view.id}`, { as: agent })).json();
    expect(read.title).toBe('宽带大面积断网 · 东城分公司 · 黄色预警 Yellow');
    const list = await (await h.call('GET', '/api/cases?process=escalation-warning', { as: agent })).json();
    expect(list.items.map((item: { title: string }) => item.title)).toEqual(['宽带大面积断网 · 东城分公司 · 黄色预警 Yellow']);
  });
});
