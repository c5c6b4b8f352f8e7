import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KNOWN_ROLES } from '../../server/auth/roles.js';
import { createDemoCases, createDemoUsers } from '../../server/demo.js';
import { silentLogger } from '../../server/log.js';
import { createHarness, type Harness } from './harness.js';

describe('npm run demo', () => {
  let h: Harness;
  let opened = 0;
  beforeAll(async () => {
    h = await createHarness({ users: {} });
    await createDemoUsers(h.accounts, h.engine);
    opened = await createDemoCases(h.engine, silentLogger);
  });
  afterAll(() => h.close());

  it('creates a user per role, each logging in with demo-<role>', async () => {
    const users = await h.accounts.listUsers();
    expect(users.map((u) => u.username).sort()).toEqual(KNOWN_ROLES.filter((r) => r !== 'admin').sort());
    expect((await h.call('POST', '/api/session', { json: { username: 'team-lead', password: 'demo-team-lead' } })).status).toBe(200);
  });

  it('opens a handful of cases of every process, in different states, by real events', async () => {
    const page = await h.engine.listCases({ limit: 100 }, { id: 'test', roles: [] });
    const own = page.items.filter((c) => c.parentId === undefined);
    expect(opened).toBe(30);
    const statesByProcess = new Map<string, Set<string>>();
    for (const record of own) statesByProcess.set(record.processId, (statesByProcess.get(record.processId) ?? new Set()).add(record.state));
    expect([...statesByProcess.keys()].sort()).toEqual(['appointment-confirmation', 'complaint-handling', 'deactivation-retention', 'escalation-warning', 'fee-approval']);
    for (const [processId, states] of statesByProcess) expect({ processId, several: states.size >= 2 }).toEqual({ processId, several: true });
    const moved = own.filter((c) => c.revision > 1);
    expect(moved.length).toBeGreaterThan(10);
    expect((await h.engine.verifyAll()).valid).toBe(true);
  });
});
