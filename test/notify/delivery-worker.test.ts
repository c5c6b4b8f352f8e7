import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  DeliveryError,
  deliverDue,
  deliveryConfigFromEnv,
  logChannel,
  parseAddressBook,
  retryDelay,
  startDeliveryLoop,
  defaultRetryPolicy,
  type DeliveryChannel,
  type OutboundMessage,
} from '../../engine/notify/index.js';
import { memoryOutbox } from './memory-outbox.js';

/** A channel that records what it was given and fails while `down` is set. */
function recordingChannel(name: string) {
  const sent: OutboundMessage[] = [];
  const channel = {
    name,
    sent,
    down: false,
    async send(message: OutboundMessage) {
      if (channel.down) throw new DeliveryError(`${name} is down`, { retryable: true });
      sent.push(message);
    },
  };
  return channel;
}

let folder: string | undefined;
afterEach(async () => {
  if (folder) await rm(folder, { recursive: true, force: true });
  folder = undefined;
});

describe('retry backoff', () => {
  it('doubles from the base and stops growing at the cap', () => {
    const policy = { ...defaultRetryPolicy, baseMs: 1_000, factor: 2, capMs: 5_000, jitter: false };
    expect([1, 2, 3, 4, 5].map((failures) => retryDelay(failures, policy))).toEqual([1_000, 2_000, 4_000, 5_000, 5_000]);
  });

  it('spreads jittered waits between half and all of the backoff', () => {
    const policy = { ...defaultRetryPolicy, baseMs: 1_000, jitter: true };
    expect(retryDelay(2, policy, () => 0)).toBe(1_000);
    expect(retryDelay(2, policy, () => 1)).toBe(2_000);
  });
});

describe('the log channel', () => {
  it('appends one JSON line per message, creating its folder', async () => {
    folder = await mkdtemp(join(tmpdir(), 'caseflow-log-'));
    const file = join(folder, 'nested', 'outbox.log');
    const store = memoryOutbox();
    store.add({ channel: 'log', caseId: 'c-1', body: '您的预约已确认' });
    store.add({ channel: 'log', caseId: 'c-2', body: 'second' });

    expect(await deliverDue({ store, channels: { log: logChannel({ file }) }, now: 0 })).toMatchObject({ sent: 2 });

    const lines = (await readFile(file, 'utf8')).trim().split('\n').map((line) => JSON.parse(line));
    expect(lines.map((line) => [line.id, line.caseId, line.body])).toEqual([[1, 'c-1', '您的预约已确认'], [2, 'c-2', 'second']]);
  });
});

describe('the log channel kept open', () => {
  const lineIds = async (file: string) => (await readFile(file, 'utf8')).trim().split('\n').map((line) => JSON.parse(line).id);

  it('writes many messages in outbox order and marks a row sent only once its line is in the file', async () => {
    folder = await mkdtemp(join(tmpdir(), 'caseflow-log-'));
    const file = join(folder, 'outbox.log');
    const store = memoryOutbox();
    for (let n = 1; n <= 250; n++) store.add({ channel: 'log', caseId: `c-${n}`, body: `message ${n}` });
    const linesWhenSent: Array<[number, boolean]> = [];
    const update = store.updateOutbox.bind(store);
    store.updateOutbox = async (id, patch) => {
      if (patch.status === 'sent') linesWhenSent.push([id, (await lineIds(file)).includes(id)]);
      return update(id, patch);
    };
    const log = logChannel({ file });

    expect(await deliverDue({ store, channels: { log }, now: 0, limit: 1000 })).toMatchObject({ sent: 250 });
    await log.close?.();

    expect(await lineIds(file)).toEqual(Array.from({ length: 250 }, (_, i) => i + 1));
    expect(linesWhenSent.every(([, written]) => written)).toBe(true);
    expect(linesWhenSent).toHaveLength(250);
  });

  it('keeps the order of messages sent without waiting for each other', async () => {
    folder = await mkdtemp(join(tmpdir(), 'caseflow-log-'));
    const file = join(folder, 'outbox.log');
    const log = logChannel({ file });
    const message = (id: number): OutboundMessage => ({ id, caseId: 'c', eventSeq: id, channel: 'log', template: 't', to: [], body: `b${id}`, createdAt: 0, attempt: 1 });
    await Promise.all(Array.from({ length: 100 }, (_, i) => log.send(message(i + 1))));
    await log.close?.();
    expect(await lineIds(file)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
  });

  it('continues the same file after the delivery loop stops and a new one starts, as after a restart', async () => {
    folder = await mkdtemp(join(tmpdir(), 'caseflow-log-'));
    const file = join(folder, 'outbox.log');
    const store = memoryOutbox();
    store.add({ channel: 'log', caseId: 'c-1', body: 'before the restart' });
    const clock = { now: () => 0 };
    const first = startDeliveryLoop({ store, clock, channels: { log: logChannel({ file }) }, intervalMs: 5 });
    await vi.waitFor(() => expect(store.rows[0].status).toBe('sent'));
    await first.stop();
    expect(await lineIds(file)).toEqual([1]);

    store.add({ channel: 'log', caseId: 'c-2', body: 'after the restart' });
    const second = startDeliveryLoop({ store, clock, channels: { log: logChannel({ file }) }, intervalMs: 5 });
    await vi.waitFor(() => expect(store.rows[1].status).toBe('sent'));
    await second.stop();
    expect(await lineIds(file)).toEqual([1, 2]);
  });

  it('leaves a row to be retried when its line cannot be written, and opens the file again for the retry', async () => {
    folder = await mkdtemp(join(tmpdir(), 'caseflow-log-'));
    const file = join(folder, 'outbox.log');
    await mkdir(file);
    const store = memoryOutbox();
    store.add({ channel: 'log', caseId: 'c-1', body: 'blocked by a folder' });
    const log = logChannel({ file });
    expect(await deliverDue({ store, channels: { log }, now: 0 })).toMatchObject({ sent: 0, retrying: 1 });
    expect(store.rows[0].status).toBe('failed');

    await rm(file, { recursive: true });
    expect(await deliverDue({ store, channels: { log }, now: 10 * 60_000 })).toMatchObject({ sent: 1 });
    await log.close?.();
    expect(await lineIds(file)).toEqual([1]);
  });
});

describe('the delivery worker', () => {
  it('sends rows naming an unconfigured channel (sms) through the fallback channel', async () => {
    const log = recordingChannel('log');
    const store = memoryOutbox();
    store.add({ channel: 'sms', body: '明天 09:30 的预约请准时到店' });

    await deliverDue({ store, channels: { log }, now: 0 });
    expect(log.sent.map((message) => message.channel)).toEqual(['sms']);
    expect(store.get(1).status).toBe('sent');
  });

  it('routes a channel through another when told to (sms to the webhook)', async () => {
    const webhook = recordingChannel('webhook');
    const log = recordingChannel('log');
    const store = memoryOutbox();
    store.add({ channel: 'sms', body: 'to the customer' });
    store.add({ channel: 'log', body: 'to staff' });

    await deliverDue({ store, channels: { webhook, log }, routes: { sms: 'webhook' }, now: 0 });
    expect(webhook.sent.map((message) => [message.channel, message.body])).toEqual([['sms', 'to the customer']]);
    expect(log.sent.map((message) => message.body)).toEqual(['to staff']);
  });

  it('dead-letters rows for a channel that does not exist when there is no fallback', async () => {
    const store = memoryOutbox();
    store.add({ channel: 'pager', body: 'x' });

    await deliverDue({ store, channels: { webhook: recordingChannel('webhook') }, now: 0 });
    expect(store.get(1)).toMatchObject({ status: 'dead', lastError: 'no channel named "pager" is configured' });
  });

  it('does not hold one channel back because another is down', async () => {
    const webhook = recordingChannel('webhook');
    const log = recordingChannel('log');
    webhook.down = true;
    const store = memoryOutbox();
    store.add({ channel: 'webhook', body: 'w1' });
    store.add({ channel: 'log', body: 'l1' });
    store.add({ channel: 'webhook', body: 'w2' });
    store.add({ channel: 'log', body: 'l2' });

    expect(await deliverDue({ store, channels: { webhook, log }, now: 0, retry: { jitter: false } })).toMatchObject({ sent: 2, retrying: 1, held: 1 });
    expect(log.sent.map((message) => message.body)).toEqual(['l1', 'l2']);
    expect(store.rows.map((row) => row.status)).toEqual(['failed', 'sent', 'pending', 'sent']);
  });

  it('moves messages waiting behind a failed one out of the way, so a down channel cannot crowd out the others', async () => {
    const webhook = recordingChannel('webhook');
    const log = recordingChannel('log');
    webhook.down = true;
    const store = memoryOutbox();
    for (let n = 1; n <= 4; n += 1) store.add({ channel: 'webhook', body: `w${n}` });
    store.add({ channel: 'log', body: 'l1' });
    const options = { store, channels: { webhook, log }, retry: { baseMs: 1_000, jitter: false }, limit: 2 };

    expect(await deliverDue({ ...options, now: 0 })).toMatchObject({ taken: 2, retrying: 1, held: 1 });
    expect(await deliverDue({ ...options, now: 0 })).toMatchObject({ taken: 2, held: 2 });
    expect(await deliverDue({ ...options, now: 0 })).toMatchObject({ taken: 1, sent: 1 });
    expect(log.sent.map((message) => message.body)).toEqual(['l1']);
    expect(store.rows.slice(1, 4).map((row) => [row.status, row.attempts, row.nextAttemptAt])).toEqual([['pending', 0, 1_000], ['pending', 0, 1_000], ['pending', 0, 1_000]]);

    webhook.down = false;
    await deliverDue({ ...options, now: 1_000, limit: 10 });
    expect(webhook.sent.map((message) => message.body)).toEqual(['w1', 'w2', 'w3', 'w4']);
  });

  it('does not let a message the receiver refuses for good hold back the ones after it', async () => {
    const sent: string[] = [];
    const webhook: DeliveryChannel = {
      name: 'webhook',
      async send(message) {
        if (message.body === 'poison') throw new DeliveryError('HTTP 422', { retryable: false });
        sent.push(message.body);
      },
    };
    const store = memoryOutbox();
    store.add({ body: 'poison' });
    store.add({ body: 'fine' });

    expect(await deliverDue({ store, channels: { webhook }, now: 0 })).toMatchObject({ dead: 1, sent: 1 });
    expect(sent).toEqual(['fine']);
    expect(store.get(1)).toMatchObject({ status: 'dead', lastError: 'HTTP 422' });
  });

  it('treats an unexpected exception of a channel as worth a retry', async () => {
    const broken: DeliveryChannel = { name: 'webhook', send: async () => Promise.reject(new TypeError('socket hang up')) };
    const store = memoryOutbox();
    store.add({ body: 'x' });

    await deliverDue({ store, channels: { webhook: broken }, now: 50, retry: { baseMs: 100, jitter: false } });
    expect(store.get(1)).toMatchObject({ status: 'failed', attempts: 1, nextAttemptAt: 150, lastError: 'socket hang up' });
  });
});

describe('the delivery loop', () => {
  it('delivers rows written while it runs and survives a store that fails for a while', async () => {
    const log = recordingChannel('log');
    const store = memoryOutbox();
    const errors: string[] = [];
    let storeDown = true;
    const flaky = { ...store, claimDueOutbox: (now: number, limit: number) => (storeDown ? Promise.reject(new Error('database is locked')) : store.claimDueOutbox(now, limit)) };
    const loop = startDeliveryLoop({ store: flaky, channels: { log }, clock: { now: () => 0 }, intervalMs: 5, onError: (error) => errors.push(error.message) });

    store.add({ channel: 'log', body: 'first' });
    await expect.poll(() => errors.length).toBeGreaterThan(0);
    storeDown = false;
    await expect.poll(() => log.sent.length).toBe(1);
    store.add({ channel: 'log', body: 'second' });
    loop.wake();
    await expect.poll(() => log.sent.map((message) => message.body)).toEqual(['first', 'second']);
    await loop.stop();

    store.add({ channel: 'log', body: 'after stop' });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(log.sent).toHaveLength(2);
    expect(errors[0]).toBe('database is locked');
  });
});

describe('the delivery loop and a store that cannot record', () => {
  it('records a message sent while the store could not record it when it comes round again, rather than sending it again', async () => {
    const webhook = recordingChannel('webhook');
    const store = memoryOutbox();
    const errors: string[] = [];
    let recordsRefused = 1;
    const flaky = {
      ...store,
      updateOutbox: (id: number, change: Parameters<typeof store.updateOutbox>[1]) =>
        (recordsRefused-- > 0 ? Promise.reject(new Error('database is away')) : store.updateOutbox(id, change)),
    };
    store.add({ body: 'first' });
    store.add({ body: 'second' });
    const loop = startDeliveryLoop({ store: flaky, channels: { webhook }, clock: { now: () => 0 }, intervalMs: 5, onError: (error) => errors.push(error.message) });
    await expect.poll(() => store.rows.map((row) => row.status)).toEqual(['sent', 'sent']);
    await loop.stop();
    expect(errors).toEqual(['database is away']);
    expect(webhook.sent.map((message) => message.body)).toEqual(['first', 'second']);
    expect(store.get(1)).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('ends every channel\'s sends before a round ends, even when one channel\'s record failed', async () => {
    const slow: DeliveryChannel = { name: 'webhook', send: () => new Promise((resolve) => setTimeout(resolve, 30)) };
    const log = recordingChannel('log');
    const store = memoryOutbox();
    store.add({ channel: 'log', body: 'refused record' });
    store.add({ channel: 'webhook', body: 'slow' });
    const flaky = {
      ...store,
      updateOutbox: (id: number, change: Parameters<typeof store.updateOutbox>[1]) =>
        (id === 1 ? Promise.reject(new Error('database is away')) : store.updateOutbox(id, change)),
    };
    await expect(deliverDue({ store: flaky, channels: { log, webhook: slow }, now: 0 })).rejects.toThrow('database is away');
    expect(store.get(2).status).toBe('sent');
  });
});

describe('delivery configuration', () => {
  it('always has the log channel and adds webhook and smtp when configured', () => {
    expect(Object.keys(deliveryConfigFromEnv({}).channels)).toEqual(['log']);
    const config = deliveryConfigFromEnv({
      CASEFLOW_WEBHOOK_URL: 'http://127.0.0.1:9/hook',
      CASEFLOW_WEBHOOK_SECRET: 's',
      CASEFLOW_SMTP_HOST: '127.0.0.1',
      CASEFLOW_CHANNEL_FALLBACK: 'webhook',
      CASEFLOW_CHANNEL_ROUTES: 'sms=webhook, log = smtp,broken',
    });
    expect(Object.keys(config.channels)).toEqual(['log', 'webhook', 'smtp']);
    expect(config.fallbackChannel).toBe('webhook');
    expect(config.routes).toEqual({ sms: 'webhook', log: 'smtp' });
  });

  it('refuses a webhook without a secret', () => {
    expect(() => deliveryConfigFromEnv({ CASEFLOW_WEBHOOK_URL: 'http://127.0.0.1:9/hook' })).toThrow(/CASEFLOW_WEBHOOK_SECRET/);
  });

  it('keeps a webhook\'s timeout within the time a send may last when several servers share the outbox', async () => {
    const env = { CASEFLOW_WEBHOOK_SECRET: 's' };
    expect(() => deliveryConfigFromEnv({ ...env, CASEFLOW_WEBHOOK_URL: 'http://127.0.0.1:9/hook', CASEFLOW_WEBHOOK_TIMEOUT_MS: '6000' }, { sendWithinMs: 5000 }))
      .toThrow(/CASEFLOW_WEBHOOK_TIMEOUT_MS must be at most 5000 ms/);
    expect(Object.keys(deliveryConfigFromEnv({ ...env, CASEFLOW_WEBHOOK_URL: 'http://127.0.0.1:9/hook', CASEFLOW_WEBHOOK_TIMEOUT_MS: '6000' }).channels)).toContain('webhook');
    // A receiver that never answers: the attempt ends after the bound, not the 10 s default.
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    try {
      const { channels } = deliveryConfigFromEnv({ ...env, CASEFLOW_WEBHOOK_URL: `http://127.0.0.1:${port}/hook` }, { sendWithinMs: 200 });
      await expect(channels.webhook.send({ id: 1, caseId: 'c', eventSeq: 1, channel: 'webhook', template: 't', to: ['x'], body: 'b', createdAt: 0, attempt: 1 })).rejects.toThrow(/timed out after 200 ms/);
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('reads an address book of roles and mailboxes', () => {
    expect(parseAddressBook('team-lead=a@x.cn; b@x.cn, cs-director = c@x.cn,broken')).toEqual({
      'team-lead': ['a@x.cn', 'b@x.cn'],
      'cs-director': ['c@x.cn'],
    });
  });
});
