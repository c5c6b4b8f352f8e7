import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { webhookListener, type WebhookMessage } from '../../docs/examples/webhook-receiver.mjs';
import { deliverDue, deliveryConfigFromEnv, signBody, webhookChannel, type RetryPolicy } from '../../engine/notify/index.js';
import { memoryOutbox } from './memory-outbox.js';

const secret = 'receiver-secret-短信';
const retry: Partial<RetryPolicy> = { baseMs: 1_000, factor: 2, capMs: 60_000, maxAttempts: 4, jitter: false };

interface Running {
  url: string;
  handled: WebhookMessage[];
  attempts: number[];
  failNext: number;
}

let servers: Server[] = [];
let folders: string[] = [];
afterEach(async () => {
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  servers = [];
  folders = [];
});

/** The documented receiver on a free port; its handler fails `failNext` times, then records. */
async function startDocumentedReceiver(): Promise<Running> {
  const running: Running = { url: '', handled: [], attempts: [], failNext: 0 };
  const server = createServer(webhookListener({
    secret,
    handle: (message, info) => {
      running.attempts.push(info.attempt);
      if (running.failNext-- > 0) throw new Error('the SMS gateway is down');
      running.handled.push(message);
    },
  }));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  running.url = `http://127.0.0.1:${address !== null && typeof address === 'object' ? address.port : 0}/caseflow`;
  return running;
}

/** A raw POST to the receiver, as something other than Caseflow might send it. */
async function post(url: string, body: string, headers: Record<string, string>): Promise<number> {
  return (await fetch(url, { method: 'POST', body, headers })).status;
}

describe('the documented webhook receiver', () => {
  it('handles a signed message once, and answers a repeat of the same delivery without handling it again', async () => {
    const receiver = await startDocumentedReceiver();
    const store = memoryOutbox();
    store.add({ caseId: 'c-7', template: 'first-reply-warning', to: ['team-lead'], subject: '首次回复即将超时', body: '投诉 c-7 已等待 20 小时' });
    const channels = { webhook: webhookChannel({ url: receiver.url, secret }) };

    expect(await deliverDue({ store, channels, now: 0, retry })).toMatchObject({ sent: 1 });
    expect(receiver.handled).toEqual([expect.objectContaining({ id: 1, caseId: 'c-7', to: ['team-lead'], subject: '首次回复即将超时', body: '投诉 c-7 已等待 20 小时' })]);

    // A crash before the row was marked sent makes Caseflow send it again.
    store.get(1).status = 'pending';
    expect(await deliverDue({ store, channels, now: 1, retry })).toMatchObject({ sent: 1 });
    expect(receiver.handled).toHaveLength(1);
  });

  it('answers 500 when its handler throws, so Caseflow tries again with the next attempt number, and keeps serving', async () => {
    const receiver = await startDocumentedReceiver();
    receiver.failNext = 1;
    const store = memoryOutbox();
    store.add({ body: 'escalated to red' });
    const channels = { webhook: webhookChannel({ url: receiver.url, secret }) };

    expect(await deliverDue({ store, channels, now: 0, retry })).toMatchObject({ retrying: 1 });
    expect(store.get(1).lastError).toContain('HTTP 500');
    expect(await deliverDue({ store, channels, now: 1_000, retry })).toMatchObject({ sent: 1 });
    expect(receiver.attempts).toEqual([1, 2]);
    expect(receiver.handled.map((message) => message.body)).toEqual(['escalated to red']);
  });

  it('refuses what Caseflow did not sign, or is not a message, without handling it and without falling over', async () => {
    const receiver = await startDocumentedReceiver();
    const store = memoryOutbox();
    store.add({ body: 'sent under another secret' });
    const wrongSecret = { webhook: webhookChannel({ url: receiver.url, secret: 'not the secret' }) };
    expect(await deliverDue({ store, channels: wrongSecret, now: 0, retry })).toMatchObject({ dead: 1 });
    expect(store.get(1).lastError).toContain('HTTP 401');

    const now = Math.floor(Date.now() / 1000);
    const signed = (body: string, at = now) => ({ 'X-Caseflow-Signature': signBody(secret, body, at), 'X-Caseflow-Delivery': '9', 'Content-Type': 'application/json' });
    expect(await post(receiver.url, 'not json', signed('not json'))).toBe(400);
    expect(await post(receiver.url, '{"id":9}', signed('{"id":9}'))).toBe(400);
    const message = JSON.stringify({ id: 9, caseId: 'c-9', to: ['agent'], body: 'hello' });
    expect(await post(receiver.url, message, signed(message, now - 3_600))).toBe(401);
    expect(await post(receiver.url, message, { ...signed(message), 'X-Caseflow-Signature': 't=x,v1=zz' })).toBe(401);
    expect(await post(receiver.url, message, { 'Content-Type': 'application/json' })).toBe(401);
    expect(await post(receiver.url, 'x'.repeat(1_100_000), signed('x'))).toBe(413);
    expect((await fetch(receiver.url)).status).toBe(405);
    expect(receiver.handled).toEqual([]);

    expect(await post(receiver.url, message, signed(message))).toBe(200);
    expect(receiver.handled.map((handled) => handled.caseId)).toEqual(['c-9']);
  });
});

describe('what reaches a webhook', () => {
  it('is nothing of a message on the log channel until the log channel is routed to it', async () => {
    const receiver = await startDocumentedReceiver();
    const folder = mkdtempSync(join(tmpdir(), 'caseflow-routes-'));
    folders.push(folder);
    const env = { CASEFLOW_WEBHOOK_URL: receiver.url, CASEFLOW_WEBHOOK_SECRET: secret, CASEFLOW_OUTBOX_LOG: join(folder, 'outbox.log') };
    const store = memoryOutbox();
    store.add({ channel: 'log', body: 'a message of a process notify without a channel' });

    expect(await deliverDue({ store, ...deliveryConfigFromEnv(env), now: 0, retry })).toMatchObject({ sent: 1 });
    expect(receiver.handled).toEqual([]);
    expect(readFileSync(env.CASEFLOW_OUTBOX_LOG, 'utf8')).toContain('a message of a process notify without a channel');

    store.add({ channel: 'log', body: 'the same kind of message, routed' });
    expect(await deliverDue({ store, ...deliveryConfigFromEnv({ ...env, CASEFLOW_CHANNEL_ROUTES: 'log=webhook' }), now: 1, retry })).toMatchObject({ sent: 1 });
    expect(receiver.handled.map((message) => [message.channel, message.body])).toEqual([['log', 'the same kind of message, routed']]);
  });
});
