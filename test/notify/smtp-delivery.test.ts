import { afterEach, describe, expect, it } from 'vitest';
import { deliverDue, resolveMailboxes, smtpChannel } from '../../engine/notify/index.js';
import { memoryOutbox } from './memory-outbox.js';
import { startSmtpServer, type TestSmtpServer } from './smtp-server.js';

let server: TestSmtpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const addresses = { 'team-lead': ['lead@centre.example.cn'], 'center-manager': ['manager@centre.example.cn', 'duty@centre.example.cn'] };
const retry = { baseMs: 1_000, jitter: false, maxAttempts: 3 };

describe('smtp delivery', () => {
  it('turns roles into mailboxes from the address book and never mails a literal address', async () => {
    expect(await resolveMailboxes(['team-lead', 'customer', 'zhang@example.cn', 'team-lead'], { addresses })).toEqual({
      mailboxes: ['lead@centre.example.cn'],
      refused: [],
      unresolved: ['customer', 'zhang@example.cn'],
    });
  });

  it('sends the message as an e-mail to every mailbox of its roles', async () => {
    server = await startSmtpServer();
    const store = memoryOutbox();
    store.add({ channel: 'smtp', to: ['team-lead', 'center-manager'], subject: 'Warning W-7 climbed to yellow', body: 'Warning W-7 was not acknowledged in 4 hours.' });
    const channels = { smtp: smtpChannel({ host: '127.0.0.1', port: server.port, from: 'caseflow@centre.example.cn', addresses }) };

    expect(await deliverDue({ store, channels, now: 0, retry })).toMatchObject({ sent: 1 });

    expect(server.mails).toHaveLength(1);
    const [mail] = server.mails;
    expect(mail.from).toBe('caseflow@centre.example.cn');
    expect(mail.to).toEqual(['lead@centre.example.cn', 'manager@centre.example.cn', 'duty@centre.example.cn']);
    expect(mail.data).toContain('Subject: Warning W-7 climbed to yellow');
    expect(mail.data).toContain('Warning W-7 was not acknowledged in 4 hours.');
    expect(mail.data).toContain('X-Caseflow-Delivery: 1');
  });

  it('keeps a message for a later attempt while the mail server is down', async () => {
    server = await startSmtpServer();
    const port = server.port;
    await server.close();
    server = undefined;
    const store = memoryOutbox();
    store.add({ channel: 'smtp', to: ['team-lead'], body: 'hello' });
    const channels = { smtp: smtpChannel({ host: '127.0.0.1', port, from: 'caseflow@centre.example.cn', addresses, timeoutMs: 1_000 }) };

    expect(await deliverDue({ store, channels, now: 0, retry })).toMatchObject({ retrying: 1 });
    expect(store.get(1)).toMatchObject({ status: 'failed', nextAttemptAt: 1_000 });
  });

  it('dead-letters a message whose mailbox the server refuses or that has no mailbox at all', async () => {
    server = await startSmtpServer();
    server.refuse.add('lead@centre.example.cn');
    const store = memoryOutbox();
    store.add({ channel: 'smtp', to: ['team-lead'], body: 'refused' });
    store.add({ channel: 'smtp', to: ['finance'], body: 'nobody' });
    const channels = { smtp: smtpChannel({ host: '127.0.0.1', port: server.port, from: 'caseflow@centre.example.cn', addresses }) };

    expect(await deliverDue({ store, channels, now: 0, retry })).toMatchObject({ dead: 2 });
    expect(store.get(1).lastError).toMatch(/550/);
    expect(store.get(2).lastError).toBe('smtp: no mailbox for finance');
    expect(server.mails).toHaveLength(0);
  });
});
