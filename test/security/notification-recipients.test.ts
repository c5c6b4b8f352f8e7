/**
 * Staff notifications reach only declared roles, existing users at their stored address, the
 * assignee or a declared contact: an address written into case data reaches nobody, staff mail
 * outside the mail domains is refused, and nothing from case data becomes a header.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { memoryAccountStore } from '../../engine/accounts/memory-store.js';
import type { AccountStore } from '../../engine/accounts/types.js';
import type { OutboxRecord } from '../../engine/runtime/store.js';
import { silentLogger } from '../../server/log.js';
import { createNotifications, type Notifications } from '../../server/notifications.js';
import { startSmtpServer, type TestSmtpServer } from '../notify/smtp-server.js';
import { complaint, createHarness, type Harness } from '../server/harness.js';

const PROBE = `
id: mail-probe
name: Mail probe
roles: [agent, team-lead]
contacts:
  customer: { email: data.email }
data:
  type: object
  properties:
    owner: { type: string }
    email: { type: string }
    subject: { type: string }
initial: open
states:
  open:
    timers:
      - id: nudge
        in: 1h
        actions:
          - notify: nudge
            to: { expr: '[data.owner, "team-lead", "customer"]' }
            channel: smtp
    on:
      close: { roles: [agent], to: done }
  done: { final: true }
templates:
  nudge:
    subject: "{{data.subject}}"
    body: "Case {{case.id}}"
`;

let h: Harness | undefined;
let smtp: TestSmtpServer | undefined;
let notifications: Notifications | undefined;
afterEach(async () => {
  await notifications?.stop();
  await smtp?.close();
  await h?.close();
  h = undefined;
  smtp = undefined;
  notifications = undefined;
});

/** The real app with the probe process published and an SMTP channel to a test server. */
async function setUp(users: AccountStore): Promise<{ h: Harness; smtp: TestSmtpServer; owner: Awaited<ReturnType<Harness['login']>> }> {
  h = await createHarness();
  smtp = await startSmtpServer();
  const processOwner = await h.login('process-owner');
  const published = await h.call('POST', '/api/processes', { as: processOwner, body: PROBE, headers: { 'Content-Type': 'application/yaml' } });
  expect(published.status, await published.clone().text()).toBe(201);
  notifications = createNotifications({
    store: h.store,
    outbox: h.outbox,
    clock: h.clock,
    logger: silentLogger,
    accounts: users,
    env: {
      CASEFLOW_OUTBOX_LOG: '/dev/null',
      CASEFLOW_SMTP_HOST: '127.0.0.1',
      CASEFLOW_SMTP_PORT: String(smtp.port),
      CASEFLOW_SMTP_FROM: 'Caseflow <caseflow@centre.example.cn>',
      CASEFLOW_SMTP_ADDRESSES: 'team-lead=lead@centre.example.cn',
      CASEFLOW_MAIL_DOMAINS: 'centre.example.cn',
    },
  });
  return { h, smtp, owner: processOwner };
}

/** Opens a probe case, lets its timer fire, and delivers: the outbox row as it ends. */
async function notifyOnce(harness: Harness, data: Record<string, unknown>): Promise<OutboxRecord> {
  const agent = await harness.login('agent');
  const created = await harness.call('POST', '/api/cases', { as: agent, json: { process: 'mail-probe', data } });
  expect(created.status, await created.clone().text()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const advanced = await harness.call('POST', '/api/clock/advance', { as: await harness.login('admin'), json: { by: '2h' } });
  expect(advanced.status).toBe(200);
  notifications?.start();
  for (let i = 0; i < 200; i += 1) {
    const [row] = await harness.store.listOutbox({ caseId: id, limit: 10 });
    if (row && row.status !== 'pending') return row;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the notification was not delivered');
}

async function directory(users: Array<{ id: string; email?: string; disabled?: boolean }>): Promise<AccountStore> {
  const store = memoryAccountStore();
  for (const user of users) {
    await store.createUser({ id: user.id, username: user.id, passwordHash: 'x', roles: ['agent'], units: [], totpEnabled: false, createdAt: 0, disabled: user.disabled ?? false, email: user.email });
  }
  return store;
}

describe('notification recipients', () => {
  it('never mails an address written into a complaint: its messages reach the agent holding it and the team lead', async () => {
    h = await createHarness();
    const agent = await h.login('agent');
    const created = await h.call('POST', '/api/cases', { as: agent, json: { process: 'complaint-handling', data: { ...complaint(), owner: 'someone@outside.example' } } });
    expect(created.status, await created.clone().text()).toBe(201);
    const { id, assignee } = (await created.json()) as { id: string; assignee: string };
    expect(assignee).toBe('agent');
    const advanced = await h.call('POST', '/api/clock/advance', { as: await h.login('admin'), json: { by: '21h' } });
    expect(advanced.status).toBe(200);
    const rows = await h.store.listOutbox({ caseId: id, limit: 20 });
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.to.join(' ')).not.toContain('@');
      expect(row.to.every((to) => to === 'agent' || to === 'team-lead' || to === 'customer')).toBe(true);
    }
  });

  it('mails nobody at an address, two addresses or a CRLF header written into case data, and records them', async () => {
    const { smtp: server } = await setUp(await directory([]));
    const row = await notifyOnce(h!, { owner: 'x@outside.example, y@outside.example\r\nBcc: z@outside.example' });
    expect(row.to).toEqual(['team-lead']);
    expect(row.status).toBe('sent');
    expect(row.lastError).toMatch(/^recipients left out: "x@outside\.example, y@outside\.example\\r\\nBcc: z@outside\.example" is not a role, user id or contact/);
    expect(row.lastError).toContain('customer: no address in this case');
    expect(server.mails).toHaveLength(1);
    expect(server.mails[0].to).toEqual(['lead@centre.example.cn']);
    expect(server.mails[0].data).not.toMatch(/outside\.example/);
  });

  it('mails an existing user at their stored address', async () => {
    const { smtp: server } = await setUp(await directory([{ id: 'agent-wang', email: 'wang@centre.example.cn' }]));
    const known = await notifyOnce(h!, { owner: 'agent-wang' });
    expect(server.mails.map((mail) => mail.to)).toEqual([['wang@centre.example.cn', 'lead@centre.example.cn']]);
    expect(known.status).toBe('sent');
  });

  it('records a user id that names nobody and still mails the rest', async () => {
    const { smtp: server } = await setUp(await directory([]));
    const row = await notifyOnce(h!, { owner: 'agent-nobody' });
    expect(row.status).toBe('sent');
    expect(row.lastError).toContain('smtp: no mailbox for agent-nobody');
    expect(server.mails.map((mail) => mail.to)).toEqual([['lead@centre.example.cn']]);
  });

  it('refuses the whole message when a staff address lies outside the mail domains, and sends nothing', async () => {
    const { smtp: server } = await setUp(await directory([{ id: 'agent-wang', email: 'wang@outside.example' }]));
    const row = await notifyOnce(h!, { owner: 'agent-wang' });
    expect(row.status).toBe('dead');
    expect(row.lastError).toContain('user agent-wang: wang@outside.example is outside the mail domains (centre.example.cn)');
    expect(server.mails).toHaveLength(0);
  });

  it('mails a declared customer contact at exactly one address, and strips CR/LF from the subject', async () => {
    const { smtp: server } = await setUp(await directory([]));
    const row = await notifyOnce(h!, { owner: '', email: 'alice@mail.example.com', subject: 'Hello\r\nBcc: z@outside.example' });
    expect(row.to).toEqual(['team-lead', 'customer:email:alice@mail.example.com']);
    expect(server.mails.map((mail) => mail.to)).toEqual([['lead@centre.example.cn', 'alice@mail.example.com']]);
    expect(server.mails[0].data).toContain('Subject: Hello Bcc: z@outside.example');
    expect(server.mails[0].data).not.toMatch(/^Bcc:/m);
  });

  it('leaves out a customer contact that is two addresses or has a display name', async () => {
    const { smtp: server } = await setUp(await directory([]));
    const row = await notifyOnce(h!, { owner: '', email: 'Alice <alice@mail.example.com>, eve@outside.example' });
    expect(row.to).toEqual(['team-lead']);
    expect(row.lastError).toContain('customer: email "Alice <alice@mail.example.com>, eve@outside.example" is not one e-mail address');
    expect(server.mails.map((mail) => mail.to)).toEqual([['lead@centre.example.cn']]);
  });
});
