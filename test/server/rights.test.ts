import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KNOWN_ROLES } from '../../server/auth/roles.js';
import { createHarness, type Harness, type Session } from './harness.js';

const DRAFT = 'id: hello\nname: Hello\nroles: [agent]\ninitial: open\nstates:\n  open: { final: true }\n';

interface Me {
  user: { id: string };
  rights: Record<string, boolean>;
  labels: { roles: Record<string, string>; statuses: Record<string, string> };
}

describe('the rights and labels GET /api/me tells the UI', () => {
  let h: Harness;
  const sessions = new Map<string, Session>();
  const mes = new Map<string, Me>();

  beforeAll(async () => {
    h = await createHarness({ publish: false });
    for (const role of KNOWN_ROLES) {
      const session = await h.login(role);
      sessions.set(role, session);
      mes.set(role, await (await h.call('GET', '/api/me', { as: session })).json());
    }
  });
  afterAll(() => h.close());

  const session = (role: string): Session => {
    const found = sessions.get(role);
    if (!found) throw new Error(`no session for ${role}`);
    return found;
  };
  const rights = (role: string): Record<string, boolean> => mes.get(role)?.rights ?? {};

  /** True when the server lets `role` through to the route (anything but 403). */
  const allowed = async (role: string, method: string, path: string, json?: unknown): Promise<boolean> =>
    (await h.call(method, path, { as: session(role), json })).status !== 403;

  it('agree with what the server allows, role by role', async () => {
    for (const role of KNOWN_ROLES) {
      const said = rights(role);
      const found = {
        outbox: await allowed(role, 'GET', '/api/outbox'),
        retryOutbox: await allowed(role, 'POST', '/api/outbox/999999/retry'),
        reports: await allowed(role, 'GET', '/api/reports'),
        workload: await allowed(role, 'GET', '/api/workload'),
        audit: await allowed(role, 'GET', '/api/audit/log'),
        processes: await allowed(role, 'POST', '/api/processes/validate', { yaml: DRAFT }),
        publish: await allowed(role, 'POST', '/api/processes', {}),
        administer: await allowed(role, 'POST', '/api/users', {}),
      };
      expect({ role, ...said }).toMatchObject({ role, ...found });
    }
  });

  it('let staff work cases and keep process owners and auditors out of the inbox', () => {
    expect(rights('agent')).toMatchObject({ cases: true, processes: false, audit: false, outbox: false, administer: false });
    expect(rights('auditor')).toMatchObject({ cases: false, audit: true, reports: true, outbox: true, retryOutbox: false });
    expect(rights('process-owner')).toMatchObject({ cases: false, processes: true, publish: true });
    expect(rights('admin')).toMatchObject({ cases: true, processes: true, publish: false, audit: true, retryOutbox: true, people: true, administer: true });
  });

  it('open the People page to supervisors, and name in the user list the people the caller manages', async () => {
    await h.call('PUT', '/api/org', { as: session('admin'), headers: { 'Content-Type': 'application/yaml' }, body: 'units: [{ id: east, label: 东区 East }]\ncityRoles: [cs-director]\nsupervisorRoles: [team-lead]\n' });
    const lead = await h.login('team-lead');
    const leadMe: Me = await (await h.call('GET', '/api/me', { as: lead })).json();
    expect(leadMe.rights.people).toBe(true);
    expect(rights('agent').people).toBe(false);

    const agentList: { items: Array<{ id: string }>; manageable: string[] } = await (await h.call('GET', '/api/users', { as: session('agent') })).json();
    expect(agentList.manageable).toEqual([mes.get('agent')?.user.id]);
    const adminList: { items: Array<{ id: string }>; manageable: string[] } = await (await h.call('GET', '/api/users', { as: session('admin') })).json();
    expect(adminList.manageable).toHaveLength(adminList.items.length);
  });

  it('label every known role and both case statuses, Chinese then English', () => {
    const labels: Me['labels'] = mes.get('agent')?.labels ?? { roles: {}, statuses: {} };
    for (const role of KNOWN_ROLES) expect(labels.roles[role]).toMatch(/^[\u3400-\u9fff]+ [A-Z][A-Za-z -]+$/);
    expect(labels.roles['team-lead']).toBe('班组长 Team lead');
    expect(labels.statuses).toEqual({ active: '处理中 Active', done: '已结束 Done' });
  });
});
