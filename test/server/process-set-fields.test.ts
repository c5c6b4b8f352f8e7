/**
 * Fields the process sets (readOnly in the data schema) cannot be sent by a client opening a
 * case: the answer is 422 naming each such field, and no case is opened.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type Session } from './harness.js';

let h: Harness;
let agent: Session;

const complaint = { customer: { name: '张伟', phone: '13800000000' }, channel: 'phone', category: 'billing', severity: 'normal', unit: 'east', description: '流量费用多扣' };

beforeAll(async () => {
  h = await createHarness({ users: { wang: ['agent'] } });
  agent = await h.login('wang');
});

afterAll(() => h.close());

describe('fields the process sets', () => {
  it('refuses a complaint that sets its own close time, approver and reopen counter, naming each field', async () => {
    const before = (await (await h.call('GET', '/api/cases?process=complaint-handling', { as: agent })).json()).items.length;
    const response = await h.call('POST', '/api/cases', {
      as: agent,
      json: { process: 'complaint-handling', data: { ...complaint, closedAt: '2026-01-01T00:00:00Z', approvedBy: 'wang', reopenCount: 0 } },
    });
    expect(response.status).toBe(422);
    const problem = await response.json();
    expect(problem.errors).toEqual([
      { field: 'closedAt', message: 'is set by the process, not entered' },
      { field: 'approvedBy', message: 'is set by the process, not entered' },
      { field: 'reopenCount', message: 'is set by the process, not entered' },
    ]);
    const after = (await (await h.call('GET', '/api/cases?process=complaint-handling', { as: agent })).json()).items.length;
    expect(after).toBe(before);
  });

  it('opens the same complaint without them, and the process sets them itself', async () => {
    const response = await h.call('POST', '/api/cases', { as: agent, json: { process: 'complaint-handling', data: complaint } });
    expect(response.status).toBe(201);
    const opened = await response.json();
    expect(opened.snapshot.data).toMatchObject({ reopenCount: 0, closeBreached: false });
  });
});
