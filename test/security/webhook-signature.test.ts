/**
 * Webhook signatures carry their time: `t=<seconds>,v1=<HMAC of "t.body">`. The documented
 * receiver check (docs/examples/verify-webhook.mjs, imported here as it is) accepts a fresh
 * signature, refuses one outside the five-minute window, and never throws on a malformed one.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { TOLERANCE_SECONDS, verifyWebhook } from '../../docs/examples/verify-webhook.mjs';
import { deliverDue, signBody, webhookChannel } from '../../engine/notify/index.js';
import { memoryOutbox } from '../notify/memory-outbox.js';
import { startReceiver, type Receiver } from '../notify/receiver.js';

const secret = 'receiver-secret-于是';
const SENT_AT = Date.parse('2026-03-03T01:00:00Z');
let receiver: Receiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

describe('webhook signatures', () => {
  it('signs the send time and the exact body, and the documented check accepts it within five minutes only', async () => {
    receiver = await startReceiver();
    const store = memoryOutbox();
    store.add({ caseId: 'c-1', to: ['team-lead'], body: '投诉 c-1' });
    const channel = webhookChannel({ url: receiver.url, secret, now: () => SENT_AT });
    expect(await deliverDue({ store, channels: { webhook: channel }, now: 0 })).toMatchObject({ sent: 1 });

    const [request] = receiver.received;
    const header = String(request.headers['x-caseflow-signature']);
    const sentSeconds = SENT_AT / 1000;
    expect(header).toMatch(new RegExp(`^t=${sentSeconds},v1=[0-9a-f]{64}$`));
    expect(request.headers['x-caseflow-attempt']).toBe('1');
    expect(verifyWebhook(secret, request.body, header, sentSeconds + 10)).toBe(true);
    expect(verifyWebhook(secret, Buffer.from(request.body), header, sentSeconds + 10)).toBe(true);
    expect(verifyWebhook(secret, request.body, header, sentSeconds + TOLERANCE_SECONDS)).toBe(true);
    expect(verifyWebhook(secret, request.body, header, sentSeconds + TOLERANCE_SECONDS + 1)).toBe(false);
    expect(verifyWebhook(secret, request.body, header, sentSeconds - TOLERANCE_SECONDS - 1)).toBe(false);
    expect(verifyWebhook('another-secret', request.body, header, sentSeconds)).toBe(false);
    expect(verifyWebhook(secret, `${request.body} `, header, sentSeconds)).toBe(false);
  });

  it('refuses a signature whose timestamp was changed to look fresh', () => {
    const body = '{"id":1}';
    const old = signBody(secret, body, 1_000);
    const moved = old.replace('t=1000', 't=2000');
    expect(verifyWebhook(secret, body, old, 1_000)).toBe(true);
    expect(verifyWebhook(secret, body, moved, 2_000)).toBe(false);
  });

  it('answers false, never throws, for malformed signatures (the old snippet threw on some)', () => {
    const body = '{"id":1}';
    const oldSnippet = (signature: string): boolean => {
      const expected = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
      return expected.length === signature.length && timingSafeEqual(Buffer.from(expected), Buffer.from(signature));
    };
    const multibyte = `sha256=${'é'.repeat(64)}`;
    expect(() => oldSnippet(multibyte)).toThrow(RangeError);
    const malformed: unknown[] = [
      undefined, null, 42, {}, '', 't=', 'v1=', ',,,', 't=1,v1=zz', multibyte, `t=1,v1=${'é'.repeat(64)}`,
      `t=1000,v1=${'a'.repeat(63)}`, `t=1000,v1=${'a'.repeat(65)}`, 't=-5,v1=' + 'a'.repeat(64), 't=1e3,v1=' + 'a'.repeat(64), 'x'.repeat(100_000),
    ];
    for (const header of malformed) {
      expect(() => verifyWebhook(secret, body, header, 1_000)).not.toThrow();
      expect(verifyWebhook(secret, body, header, 1_000)).toBe(false);
    }
    expect(verifyWebhook(undefined, body, signBody(secret, body, 1_000), 1_000)).toBe(false);
    expect(verifyWebhook(secret, undefined, signBody(secret, body, 1_000), 1_000)).toBe(false);
  });

  it('is the code the documentation shows', () => {
    const docs = readFileSync(new URL('../../docs/notifications-and-reports.md', import.meta.url), 'utf8');
    const example = readFileSync(new URL('../../docs/examples/verify-webhook.mjs', import.meta.url), 'utf8');
    expect(docs).toContain('docs/examples/verify-webhook.mjs');
    expect(docs).toContain(example.slice(example.indexOf('export function verifyWebhook')));
  });
});
