/**
 * E-mail delivery over SMTP (nodemailer). Processes address roles (`team-lead`) or the
 * customer; an address book turns those into mailboxes.
 */
import { createTransport } from 'nodemailer';
import { ensureError } from '../errors.js';
import { DeliveryError, type DeliveryChannel, type OutboundMessage } from './channel.js';

/** Options of `smtpChannel`. */
export interface SmtpChannelOptions {
  host: string;
  port: number;
  /** Sender address: `Caseflow <caseflow@example.cn>`. */
  from: string;
  /** TLS from the first byte (port 465). Otherwise STARTTLS is used when the server offers it. */
  secure?: boolean;
  auth?: { user: string; pass: string };
  /** Mailboxes of each recipient id (role or `customer`); recipients with an `@` are used as they are. */
  addresses?: Record<string, string[]>;
  /** Give up on one attempt after this long (default 10 s). */
  timeoutMs?: number;
  name?: string;
}

/** Mailboxes for the message's recipients, in order, without repeats. */
export function resolveMailboxes(to: string[], addresses: Record<string, string[]> = {}): string[] {
  const found = to.flatMap((recipient) => (recipient.includes('@') ? [recipient] : (addresses[recipient] ?? [])));
  return [...new Set(found)];
}

/** SMTP reply code of a nodemailer failure, when the server gave one. */
function smtpResponseCode(error: Error): number | undefined {
  return 'responseCode' in error && typeof error.responseCode === 'number' ? error.responseCode : undefined;
}

/** A channel that sends each message as a plain-text e-mail. */
export function smtpChannel(options: SmtpChannelOptions): DeliveryChannel {
  const timeoutMs = options.timeoutMs ?? 10_000;
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
    async send(message: OutboundMessage): Promise<void> {
      const mailboxes = resolveMailboxes(message.to, options.addresses);
      if (mailboxes.length === 0) {
        throw new DeliveryError(`smtp: no mailbox for ${message.to.join(', ') || 'an empty recipient list'}`, { retryable: false });
      }
      try {
        await transport.sendMail({
          from: options.from,
          to: mailboxes,
          subject: message.subject ?? message.template,
          text: message.body,
          headers: { 'X-Caseflow-Delivery': String(message.id), 'X-Caseflow-Case': message.caseId },
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
    },
  };
}
