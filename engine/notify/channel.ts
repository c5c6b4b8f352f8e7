/**
 * The delivery side of notifications: a message taken from the outbox and the channels that
 * carry it (a log file, a webhook, e-mail). Channels never see the store.
 */
import type { OutboxRecord } from '../runtime/store.js';

/** A message as a channel receives it: the outbox row without its delivery bookkeeping. */
export interface OutboundMessage {
  /** Outbox row id; receivers use it to drop a message delivered twice. */
  id: number;
  caseId: string;
  eventSeq: number;
  channel: string;
  template: string;
  /**
   * Recipients as the step resolved them: role ids, user ids, `customer`, and declared contacts'
   * addresses (`customer:email:alice@example.com`, `customer:phone:+86 138…`).
   */
  to: string[];
  subject?: string;
  body: string;
  createdAt: number;
  /** 1 on the first try. */
  attempt: number;
}

/** What a channel may say about a message it delivered: recipients it could not reach. */
export interface DeliveryReceipt {
  note?: string;
}

/** Something that carries messages somewhere. `send` resolves once the far side accepted it. */
export interface DeliveryChannel {
  name: string;
  send(message: OutboundMessage): Promise<DeliveryReceipt | void>;
  /** Lets go of what the channel holds open (a file); a later `send` opens it again. */
  close?(): Promise<void>;
}

/**
 * A failed delivery. `retryable: false` means trying again cannot help (a 400 from the webhook,
 * no address for any recipient): the row goes to the dead letters at once.
 */
export class DeliveryError extends Error {
  readonly retryable: boolean;
  /** The far side asked us to wait at least this long (HTTP `Retry-After`). */
  readonly retryAfterMs?: number;

  constructor(message: string, options: { retryable: boolean; retryAfterMs?: number; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.name = 'DeliveryError';
    this.retryable = options.retryable;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** The message a channel is given for an outbox row. */
export function outboundMessage(row: OutboxRecord): OutboundMessage {
  return {
    id: row.id,
    caseId: row.caseId,
    eventSeq: row.eventSeq,
    channel: row.channel,
    template: row.template,
    to: row.to,
    subject: row.subject,
    body: row.body,
    createdAt: row.createdAt,
    attempt: row.attempts + 1,
  };
}
