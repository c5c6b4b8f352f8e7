/**
 * Delivery over the real SQLite store, with outbox rows written by the engine in the same
 * commit as their events.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyWebhook } from '../../docs/examples/verify-webhook.mjs';
import { deliverDue, startDeliveryLoop, webhookChannel } from '../../engine/notify/index.js';
import { createHarness, type Harness } from '../server/harness.js';
import { startReceiver, type Receiver } from './receiver.js';

const secret = 'shared-secret';
const HOUR = 3_600_000;
const complaint = (name: string) => ({
  customer: { name, phone: '13800000000' },
  channel: 'phone',
  category: 'network',
  severity: 'normal',
  unit: 'east-district',
  description: '信号差',
});

describe('delivery of engine-written messages', () => {
  let h: Harness;
  let receiver: Receiver | undefined;
  beforeEach(async () => {
    h = await createHarness({ users: { wang: ['agent'] } });
  });
  afterEach(async () => {
    await receiver?.close();
    receiver = undefined;
    await h.close();
  });

  async function openComplaints(count: number): Promise<string[]> {
    const agent = { id: 'wang', roles: ['agent'] };
    const ids: string[] = [];
    for (let n = 1; n <= count; n += 1) ids.push((await h.engine.createCase({ process: 'complaint-handling', data: complaint(`客户${n}`), actor: agent })).id);
    return ids;
  }

  it('loses nothing while the webhook is down and delivers every message once, in order, when it is back', async () => {
    const probe = await startReceiver();
    const { port, url } = probe;
    await probe.close();
    const ids = await openComplaints(3);
    h.clock.advance(24 * HOUR);
    await h.engine.fireDueTimers();
    const written = await h.store.listOutbox({ limit: 100 });
    expect(written.length).toBeGreaterThanOrEqual(9);

    const options = { store: h.store, channels: { webhook: webhookChannel({ url, secret, timeoutMs: 2_000 }) }, fallbackChannel: 'webhook', retry: { baseMs: 1_000, jitter: false } };
    for (let round = 0; round < 3; round += 1) {
      await deliverDue({ ...options, now: h.clock.now() });
      h.clock.advance(10_000);
    }
    expect((await h.store.listOutbox({ status: 'sent', limit: 100 })).length).toBe(0);
    expect((await h.store.listOutbox({ status: 'failed', limit: 100 })).map((row) => row.id)).toEqual([written[0].id]);

    receiver = await startReceiver(port);
    await deliverDue({ ...options, now: h.clock.now() });

    const received = receiver.received.map((request) => JSON.parse(request.body));
    expect(received.map((message) => message.id)).toEqual(written.map((row) => row.id));
    // the complaints' messages, and those of the warnings their breaches raised
    expect(received.map((message) => message.caseId)).toEqual(expect.arrayContaining(ids));
    expect(received.map((message) => message.template)).toEqual(expect.arrayContaining(['complaint-registered', 'first-reply-overdue', 'warning-raised']));
    expect(receiver.received.every((request) => verifyWebhook(secret, request.body, String(request.headers['x-caseflow-signature'])))).toBe(true);
    expect((await h.store.listOutbox({ status: 'sent', limit: 100 })).length).toBe(written.length);

    await deliverDue({ ...options, now: h.clock.now() + HOUR });
    expect(receiver.received).toHaveLength(written.length);
  });

  it('never holds up an event while the receiver hangs', async () => {
    receiver = await startReceiver();
    receiver.answer = () => 'hang';
    const loop = startDeliveryLoop({
      store: h.store,
      clock: h.clock,
      channels: { webhook: webhookChannel({ url: receiver.url, secret, timeoutMs: 1_500 }) },
      fallbackChannel: 'webhook',
      intervalMs: 10,
    });
    try {
      await openComplaints(1);
      await expect.poll(() => receiver?.received.length).toBe(1);
      const started = performance.now();
      const [id] = await openComplaints(1);
      await h.engine.applyEvent(id, { type: 'reply', input: { message: '您好' } }, { id: 'wang', roles: ['agent'] });
      expect(performance.now() - started).toBeLessThan(1_000);
      expect((await h.engine.history(id)).map((event) => event.to)).toEqual(['received', 'investigating']);
    } finally {
      await loop.stop();
    }
  });
});
