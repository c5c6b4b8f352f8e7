/**
 * Delivery channels from environment variables, so an operator configures them without code:
 *
 * - `CASEFLOW_OUTBOX_LOG`: file of the `log` channel (default `./data/outbox.log`); always on.
 * - `CASEFLOW_WEBHOOK_URL`, `CASEFLOW_WEBHOOK_SECRET` (required with the URL),
 *   `CASEFLOW_WEBHOOK_TIMEOUT_MS`: the `webhook` channel.
 * - `CASEFLOW_SMTP_HOST`, `CASEFLOW_SMTP_PORT` (25), `CASEFLOW_SMTP_FROM`, `CASEFLOW_SMTP_SECURE`,
 *   `CASEFLOW_SMTP_USER`, `CASEFLOW_SMTP_PASS`, `CASEFLOW_SMTP_ADDRESSES`
 *   (`team-lead=lead@example.cn;ops@example.cn,cs-director=director@example.cn`): the `smtp` channel.
 * - `CASEFLOW_MAIL_DOMAINS` (`example.cn,partner.example.com`): domains staff mail may go to,
 *   subdomains included; default the domain of `CASEFLOW_SMTP_FROM`. Customer contacts are exempt.
 * - `CASEFLOW_CHANNEL_FALLBACK`: channel for rows naming one that is not configured (default `log`).
 * - `CASEFLOW_CHANNEL_ROUTES`: send rows of one channel through another (`sms=webhook,log=smtp`).
 */
import { CaseflowError } from '../errors.js';
import type { DeliveryChannel } from './channel.js';
import type { ChannelSet } from './delivery-worker.js';
import { logChannel } from './log-channel.js';
import type { UserMailbox } from './mail-recipients.js';
import { smtpChannel } from './smtp-channel.js';
import { webhookChannel } from './webhook-channel.js';

/** Delivery settings read from the environment. */
export interface DeliveryConfig {
  channels: ChannelSet;
  fallbackChannel: string;
  routes: Record<string, string>;
}

/** Parses `sms=webhook,log=smtp` into channel routes. */
export function parseChannelRoutes(text: string | undefined): Record<string, string> {
  const routes: Record<string, string> = {};
  for (const entry of (text ?? '').split(',')) {
    const [from, to] = entry.split('=', 2).map((part) => part.trim());
    if (from && to) routes[from] = to;
  }
  return routes;
}

/** Parses `example.cn, partner.example.com` into lower-cased domains; undefined when unset. */
export function parseMailDomains(text: string | undefined): string[] | undefined {
  const domains = (text ?? '').split(',').map((domain) => domain.trim().toLowerCase().replace(/^@/, '')).filter(Boolean);
  return domains.length === 0 ? undefined : domains;
}

/** Parses `role=a@x;b@x,role2=c@x` into mailboxes by recipient. */
export function parseAddressBook(text: string | undefined): Record<string, string[]> {
  const book: Record<string, string[]> = {};
  for (const entry of (text ?? '').split(',')) {
    const [recipient, mailboxes] = entry.split('=', 2).map((part) => part.trim());
    if (!recipient || !mailboxes) continue;
    book[recipient] = mailboxes.split(';').map((mailbox) => mailbox.trim()).filter(Boolean);
  }
  return book;
}

function positiveNumber(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new CaseflowError('invalid-input', `${name} must be a positive number, not "${value}"`);
  return number;
}

/** What the environment cannot give: the user directory, for mail to users, and how long a send may last. */
export interface DeliveryServices {
  userMailbox?: UserMailbox;
  /**
   * Where several servers share the outbox: the longest one send may last (half a lease), so that
   * it ends while the sender still holds the message. A channel's timeout defaults to at most this,
   * and one configured longer is refused.
   */
  sendWithinMs?: number;
}

/** Default timeout of one send (a webhook's request, an SMTP conversation's steps). */
const SEND_TIMEOUT_MS = 10_000;

/** A channel's timeout from `value`, kept within `sendWithinMs` when several servers share the outbox. */
function sendTimeout(value: string | undefined, name: string, sendWithinMs: number | undefined): number | undefined {
  const configured = positiveNumber(value, name);
  if (sendWithinMs === undefined) return configured;
  if (configured !== undefined && configured > sendWithinMs) {
    throw new CaseflowError('invalid-input', `${name} must be at most ${sendWithinMs} ms, half of CASEFLOW_LEASE: a send must end while its server still holds the message, or another server may send it again`);
  }
  return configured ?? Math.min(SEND_TIMEOUT_MS, sendWithinMs);
}

/** The channels the environment configures; `log` is always among them. */
export function deliveryConfigFromEnv(env: NodeJS.ProcessEnv = process.env, services: DeliveryServices = {}): DeliveryConfig {
  const channels: DeliveryChannel[] = [logChannel({ file: env.CASEFLOW_OUTBOX_LOG || './data/outbox.log' })];
  if (env.CASEFLOW_WEBHOOK_URL) {
    if (!env.CASEFLOW_WEBHOOK_SECRET) {
      throw new CaseflowError('invalid-input', 'CASEFLOW_WEBHOOK_SECRET is required with CASEFLOW_WEBHOOK_URL: receivers check the signature');
    }
    channels.push(webhookChannel({
      url: env.CASEFLOW_WEBHOOK_URL,
      secret: env.CASEFLOW_WEBHOOK_SECRET,
      timeoutMs: sendTimeout(env.CASEFLOW_WEBHOOK_TIMEOUT_MS, 'CASEFLOW_WEBHOOK_TIMEOUT_MS', services.sendWithinMs),
    }));
  }
  if (env.CASEFLOW_SMTP_HOST) {
    channels.push(smtpChannel({
      host: env.CASEFLOW_SMTP_HOST,
      port: positiveNumber(env.CASEFLOW_SMTP_PORT, 'CASEFLOW_SMTP_PORT') ?? 25,
      from: env.CASEFLOW_SMTP_FROM || 'Caseflow <caseflow@localhost>',
      secure: env.CASEFLOW_SMTP_SECURE === 'true',
      auth: env.CASEFLOW_SMTP_USER ? { user: env.CASEFLOW_SMTP_USER, pass: env.CASEFLOW_SMTP_PASS ?? '' } : undefined,
      addresses: parseAddressBook(env.CASEFLOW_SMTP_ADDRESSES),
      mailDomains: parseMailDomains(env.CASEFLOW_MAIL_DOMAINS),
      userMailbox: services.userMailbox,
      timeoutMs: sendTimeout(undefined, 'the SMTP timeout', services.sendWithinMs),
    }));
  }
  return {
    channels: Object.fromEntries(channels.map((channel) => [channel.name, channel])),
    fallbackChannel: env.CASEFLOW_CHANNEL_FALLBACK || 'log',
    routes: parseChannelRoutes(env.CASEFLOW_CHANNEL_ROUTES),
  };
}
