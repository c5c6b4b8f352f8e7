/**
 * E-mail delivery over SMTP (nodemailer). Processes address roles (`team-lead`), users, the
 * assignee or a declared contact; `mail-recipients.ts` turns those into mailboxes. Staff mail
 * outside the configured domains is refused: the row fails, nothing is sent.
 */
import { createTransport } from 'nodemailer';
import { ensureError } from '../errors.js';
import { DeliveryError, type DeliveryChannel, type DeliveryReceipt, type OutboundMessage } from './channel.js';
import { headerText, resolveMailboxes, type UserMailbox } from './mail-recipients.js';

/** Options of `smtpChannel`. */
export interface SmtpChannelOptions {
  host: string;
  port: number;
  /** Sender address: `Caseflow <caseflow@example.cn>`. */
  from: string;
  /** TLS from the first byte (port 465). Otherwise STARTTLS is used when the server offers it. */
  secure?: boolean;
  auth?: { user: string; pass: string };
  /** Mailboxes of each recipient id (role or `customer`). */
  addresses?: Record<string, string[]>;
  /** Stored e-mail of a user, for recipients that are user ids. */
  userMailbox?: UserMailbox;
  /** Domains staff mail may go to (and their subdomains); default: the domain of `from`. */
  mailDomains?: readonly string[];
  /** Give up on one attempt after this long (default 10 s). */
  timeoutMs?: number;
  name?: string;
}

/** The domain of a sender such as `Caseflow <caseflow@example.cn>`, lower-cased. */
export function senderDomain(from: string): string | undefined {
  const address = /<([^<>]+)>\s*$/.exec(from)?.[1] ?? from;
  const at = address.lastIndexOf('@');
  return at < 0 ? undefined : address.slice(at + 1).trim().toLowerCase() || undefined;
}

/** SMTP reply code of a nodemailer failure, when the server gave one. */
function smtpResponseCode(error: Error): number | undefined {
  return 'responseCode' in error && typeof error.responseCode === 'number' ? error.responseCode : undefined;
}

/** A channel that sends each message as a plain-text e-mail. */
export function smtpChannel(options: SmtpChannelOptions): DeliveryChannel {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const fromDomain = senderDomain(options.from);
  const domains = options.mailDomains ?? (fromDomain === undefined ? [] : [fromDomain]);
  const transport = createTransport({
    host: options.host,
    port: options.port,
    secure: options.secure ?? false,
    auth: options.auth,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
  return {
    name: options.name ?? 'smtp',
    async send(message: OutboundMessage): Promise<DeliveryReceipt | void> {
      const { mailboxes, refused, unresolved } = await resolveMailboxes(message.to, {
        addresses: options.addresses,
        userMailbox: options.userMailbox,
        domains,
      });
      if (refused.length > 0) {
        throw new DeliveryError(`smtp: refused, nothing sent: ${refused.join('; ')}`, { retryable: false });
      }
      if (mailboxes.length === 0) {
        throw new DeliveryError(`smtp: no mailbox for ${message.to.join(', ') || 'an empty recipient list'}`, { retryable: false });
      }
      try {
        await transport.sendMail({
          from: options.from,
          to: mailboxes,
          subject: headerText(message.subject ?? message.template),
          text: message.body,
          headers: { 'X-Caseflow-Delivery': String(message.id), 'X-Caseflow-Case': headerText(message.caseId) },
        });
      } catch (caught) {
        const error = ensureError(caught);
        const code = smtpResponseCode(error);
        // 5xx replies are permanent (no such mailbox, refused); 4xx and network failures pass.
        throw new DeliveryError(`smtp ${options.host}:${options.port}: ${error.message}`, {
          retryable: code === undefined || code < 500,
          cause: error,
        });
      }
      return unresolved.length > 0 ? { note: `smtp: no mailbox for ${unresolved.join(', ')}` } : undefined;
    },
  };
}
