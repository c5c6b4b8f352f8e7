import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deliverDue, logChannel } from '../../engine/notify/index.js';
import type { OutboxRecord } from '../../engine/runtime/store.js';
import { createHarness, type Harness, type Session } from '../server/harness.js';

const HOUR = 3_600_000;
const complaintData = {
  customer: { name: '张伟', phone: '13800000000', tier: 'star-3' },
  channel: 'phone',
  category: 'billing',
  severity: 'normal',
  unit: 'east-district',
  description: '流量费用多扣 30 元',
};

describe('the outbox over HTTP', () => {
  let h: Harness;
  let admin: Session;
  let folder: string;
  beforeEach(async () => {
    h = await createHarness({ users: { admin: ['admin'], wang: ['agent'], li: ['team-lead'], audrey: ['auditor'] } });
    admin = await h.login('admin');
    folder = await mkdtemp(join(tmpdir(), 'caseflow-outbox-'));
  });
  afterEach(async () => {
    await h.close();
    await rm(folder, { recursive: true, force: true });
  });

  async function openComplaint(): Promise<string> {
    const response = await h.call('POST', '/api/cases', { as: await h.login('wang'), json: { process: 'complaint-handling', data: complaintData } });
    expect(response.status).toBe(201);
    return (await response.json()).id;
  }

  async function outbox(query = '', as: Session = admin): Promise<{ items: OutboxRecord[]; counts: Record<string, number>; nextBefore?: number }> {
    const response = await h.call('GET', `/api/outbox${query}`, { as });
    expect(response.status).toBe(200);
    return response.json();
  }

  it('shows the messages a complaint sent, newest first, with counts by status', async () => {
    const id = await openComplaint();
    h.clock.advance(24 * HOUR);
    await h.engine.fireDueTimers();

    const page = await outbox(`?case=${id}`);
    expect(page.items.map((row) => row.template)).toEqual(['first-reply-overdue', 'first-reply-due-soon', 'complaint-registered']);
    expect(page.items[0]).toMatchObject({ caseId: id, status: 'pending', attempts: 0, to: ['wang', 'team-lead'] });
    expect(page.items[0].body).toContain('已超过 1天 未回复客户');
    expect(page.counts.pending).toBeGreaterThanOrEqual(3);
  });

  it('pages back through older messages with `before`', async () => {
    await openComplaint();
    await openComplaint();
    const first = await outbox('?limit=1');
    expect(first.items).toHaveLength(1);
    expect(first.nextBefore).toBe(first.items[0].id);
    const second = await outbox(`?limit=1&before=${first.nextBefore}`);
    expect(second.items[0].id).toBeLessThan(first.items[0].id);
  });

  it('lets only administrators retry, and only failed or dead messages', async () => {
    const id = await openComplaint();
    // No channel and no fallback: the row is dead.
    await deliverDue({ store: h.store, channels: {}, fallbackChannel: 'none', now: h.clock.now() });
    const [dead] = (await outbox(`?case=${id}&status=dead`)).items;
    expect(dead).toMatchObject({ status: 'dead', lastError: 'no channel named "log" is configured' });

    const lead = await h.login('li');
    expect((await h.call('POST', `/api/outbox/${dead.id}/retry`, { as: lead })).status).toBe(403);
    expect((await h.call('POST', `/api/outbox/${dead.id}/retry`, { as: await h.login('audrey') })).status).toBe(403);

    const retried = await h.call('POST', `/api/outbox/${dead.id}/retry`, { as: admin });
    expect(retried.status).toBe(200);
    expect(await retried.json()).toMatchObject({ id: dead.id, status: 'pending', attempts: 0, nextAttemptAt: h.clock.now() });

    const again = await h.call('POST', `/api/outbox/${dead.id}/retry`, { as: admin });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ code: 'conflict', detail: expect.stringContaining('is pending') });

    const file = join(folder, 'outbox.log');
    await deliverDue({ store: h.store, channels: { log: logChannel({ file }) }, now: h.clock.now() });
    expect((await h.call('GET', `/api/outbox/${dead.id}`, { as: admin }).then((r) => r.json())).status).toBe('sent');
    expect(await readFile(file, 'utf8')).toContain('complaint-registered');
  });

  it('keeps the outbox from agents and answers unknown messages with 404', async () => {
    expect((await h.call('GET', '/api/outbox', { as: await h.login('wang') })).status).toBe(403);
    expect((await outbox('', await h.login('audrey'))).items).toEqual([]);
    expect((await h.call('GET', '/api/outbox/999999', { as: admin })).status).toBe(404);
    expect((await h.call('POST', '/api/outbox/abc/retry', { as: admin })).status).toBe(404);
    const bad = await h.call('GET', '/api/outbox?status=lost&limit=0', { as: admin });
    expect(bad.status).toBe(422);
    expect((await bad.json()).errors.map((e: { field: string }) => e.field)).toEqual(['status', 'limit']);
  });
});
