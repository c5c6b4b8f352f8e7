import { afterEach, describe, expect, it } from 'vitest';
import { verifyWebhook } from '../../docs/examples/verify-webhook.mjs';
import { deliverDue, webhookChannel, type RetryPolicy } from '../../engine/notify/index.js';
import { memoryOutbox } from './memory-outbox.js';
import { startReceiver, type Receiver } from './receiver.js';

const secret = 'test-secret-于是';
const retry: Partial<RetryPolicy> = { baseMs: 1_000, factor: 2, capMs: 60_000, maxAttempts: 4, jitter: false };
let receivers: Receiver[] = [];

async function receiver(port?: number): Promise<Receiver> {
  const started = await startReceiver(port);
  receivers.push(started);
  return started;
}

afterEach(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  receivers = [];
});

function channels(url: string, timeoutMs = 2_000) {
  return { webhook: webhookChannel({ url, secret, timeoutMs }) };
}

describe('webhook delivery', () => {
  it('posts the message as JSON signed with an HMAC of its send time and exact body', async () => {
    const hook = await receiver();
    const store = memoryOutbox();
    store.add({ caseId: 'c-42', template: 'first-reply-warning', to: ['team-lead'], subject: '首次回复即将超时', body: '投诉 c-42 已等待 20 小时' });

    const round = await deliverDue({ store, channels: channels(hook.url), now: 0, retry });

    expect(round).toMatchObject({ sent: 1, retrying: 0, dead: 0 });
    expect(store.get(1)).toMatchObject({ status: 'sent', attempts: 1 });
    const [request] = hook.received;
    expect(request.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(request.headers['x-caseflow-delivery']).toBe('1');
    expect(request.headers['x-caseflow-signature']).toMatch(/^t=[0-9]+,v1=[0-9a-f]{64}$/);
    expect(request.headers['x-caseflow-attempt']).toBe('1');
    expect(verifyWebhook(secret, request.body, String(request.headers['x-caseflow-signature']))).toBe(true);
    expect(verifyWebhook('another-secret', request.body, String(request.headers['x-caseflow-signature']))).toBe(false);
    expect(verifyWebhook(secret, `${request.body} `, String(request.headers['x-caseflow-signature']))).toBe(false);
    expect(JSON.parse(request.body)).toMatchObject({ id: 1, caseId: 'c-42', template: 'first-reply-warning', to: ['team-lead'], body: '投诉 c-42 已等待 20 小时' });
  });

  it('retries a 500 after 1 s, then 2 s, and records the delivery when the receiver recovers', async () => {
    const hook = await receiver();
    hook.answer = () => (hook.received.length <= 2 ? 500 : 200);
    const store = memoryOutbox();
    store.add({ body: 'escalated to yellow' });
    const options = { store, channels: channels(hook.url), retry };

    expect(await deliverDue({ ...options, now: 0 })).toMatchObject({ retrying: 1 });
    expect(store.get(1)).toMatchObject({ status: 'failed', attempts: 1, nextAttemptAt: 1_000 });
    expect(store.get(1).lastError).toContain('HTTP 500');

    expect(await deliverDue({ ...options, now: 999 })).toMatchObject({ taken: 0 });
    expect(hook.received).toHaveLength(1);

    await deliverDue({ ...options, now: 1_000 });
    expect(store.get(1)).toMatchObject({ status: 'failed', attempts: 2, nextAttemptAt: 3_000 });

    expect(await deliverDue({ ...options, now: 3_000 })).toMatchObject({ sent: 1 });
    expect(store.get(1)).toMatchObject({ status: 'sent', attempts: 3 });
    expect(hook.received.map((r) => r.headers['x-caseflow-attempt'])).toEqual(['1', '2', '3']);
  });

  it('moves a message to the dead letters after its last attempt, keeping the error', async () => {
    const hook = await receiver();
    hook.answer = () => 503;
    const store = memoryOutbox();
    store.add({ body: 'red warning reminder' });
    const options = { store, channels: channels(hook.url), retry };

    for (const now of [0, 1_000, 3_000]) await deliverDue({ ...options, now });
    expect(store.get(1)).toMatchObject({ status: 'failed', attempts: 3, nextAttemptAt: 7_000 });

    expect(await deliverDue({ ...options, now: 7_000 })).toMatchObject({ dead: 1 });
    expect(store.get(1)).toMatchObject({ status: 'dead', attempts: 4 });
    expect(store.get(1).lastError).toContain('HTTP 503');

    await deliverDue({ ...options, now: 1_000_000 });
    expect(hook.received).toHaveLength(4);
  });

  it('gives up at once on a 400, which no retry can fix', async () => {
    const hook = await receiver();
    hook.answer = () => 400;
    const store = memoryOutbox();
    store.add({ body: 'bad' });

    expect(await deliverDue({ store, channels: channels(hook.url), now: 0, retry })).toMatchObject({ dead: 1 });
    expect(store.get(1)).toMatchObject({ status: 'dead', attempts: 1 });
  });

  it('waits as long as the receiver asks with Retry-After when that is longer than the backoff', async () => {
    const hook = await receiver();
    hook.answer = () => ({ status: 429, headers: { 'Retry-After': '30' } });
    const store = memoryOutbox();
    store.add({ body: 'slow down' });

    await deliverDue({ store, channels: channels(hook.url), now: 0, retry });
    expect(store.get(1)).toMatchObject({ status: 'failed', nextAttemptAt: 30_000 });
  });

  it('counts a receiver that does not answer in time as a failed attempt', async () => {
    const hook = await receiver();
    hook.answer = () => 'hang';
    const store = memoryOutbox();
    store.add({ body: 'anyone there?' });

    await deliverDue({ store, channels: channels(hook.url, 200), now: 0, retry });
    expect(store.get(1)).toMatchObject({ status: 'failed', attempts: 1 });
    expect(store.get(1).lastError).toContain('timed out after 200 ms');
  });

  it('loses nothing while the receiver is down and delivers everything once, in order, when it is back', async () => {
    const probe = await receiver();
    const { port, url } = probe;
    await probe.close();
    receivers = [];
    const store = memoryOutbox();
    for (let n = 1; n <= 5; n += 1) store.add({ caseId: `c-${n}`, body: `message ${n}` });
    const options = { store, channels: channels(url), retry };

    const down = await deliverDue({ ...options, now: 0 });
    expect(down).toMatchObject({ retrying: 1, held: 4, sent: 0 });
    expect(store.get(1).lastError).toMatch(/ECONNREFUSED|fetch failed/);
    expect(await deliverDue({ ...options, now: 1_000 })).toMatchObject({ retrying: 1, held: 4 });
    expect(store.rows.map((row) => row.status)).toEqual(['failed', 'pending', 'pending', 'pending', 'pending']);

    const hook = await receiver(port);
    expect(await deliverDue({ ...options, now: 3_000 })).toMatchObject({ sent: 5, held: 0 });
    await deliverDue({ ...options, now: 100_000 });

    expect(hook.received.map((r) => JSON.parse(r.body).body)).toEqual(['message 1', 'message 2', 'message 3', 'message 4', 'message 5']);
    expect(store.rows.every((row) => row.status === 'sent')).toBe(true);
  });
});
