/**
 * Webhook delivery: the message POSTed as JSON, signed with an HMAC of the send time and the
 * exact body, so the receiver can tell it came from us and is fresh:
 * `X-Caseflow-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` (the scheme
 * Stripe uses). docs/examples/verify-webhook.mjs is the receiver's check.
 */
import { createHmac } from 'node:crypto';
import { ensureError } from '../errors.js';
import { DeliveryError, type DeliveryChannel, type OutboundMessage } from './channel.js';

/** Options of `webhookChannel`. */
export interface WebhookChannelOptions {
  url: string;
  /** Shared secret of the HMAC signature. */
  secret: string;
  /** Give up on one attempt after this long (default 10 s); the worker retries later. */
  timeoutMs?: number;
  name?: string;
  /** Extra request headers (an API key the receiver wants, say). */
  headers?: Record<string, string>;
  /** Wall clock (epoch ms) the signature's timestamp is taken from (default `Date.now`). */
  now?: () => number;
}

/** Name of the signature header. */
export const SIGNATURE_HEADER = 'X-Caseflow-Signature';

/** `t=<seconds>,v1=<hex HMAC-SHA256 of "<seconds>.<body>">`, the value of the signature header. */
export function signBody(secret: string, body: string, timestampSeconds: number): string {
  const t = Math.floor(timestampSeconds);
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`, 'utf8').digest('hex')}`;
}

/** The JSON document a webhook receives. */
export function webhookPayload(message: OutboundMessage): string {
  return JSON.stringify({
    id: message.id,
    caseId: message.caseId,
    eventSeq: message.eventSeq,
    channel: message.channel,
    template: message.template,
    to: message.to,
    subject: message.subject,
    body: message.body,
    createdAt: new Date(message.createdAt).toISOString(),
  });
}

/** Statuses worth another try: the receiver is busy, down or timed out. Other 4xx are final. */
function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || status >= 500;
}

function retryAfterMs(header: string | null): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** A channel that POSTs each message to `url`, signed with `secret`. */
export function webhookChannel(options: WebhookChannelOptions): DeliveryChannel {
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    name: options.name ?? 'webhook',
    async send(message: OutboundMessage): Promise<void> {
      const body = webhookPayload(message);
      let response: Response;
      try {
        response = await fetch(options.url, {
          method: 'POST',
          body,
          signal: AbortSignal.timeout(timeoutMs),
          headers: {
            ...options.headers,
            'Content-Type': 'application/json; charset=utf-8',
            [SIGNATURE_HEADER]: signBody(options.secret, body, (options.now ?? Date.now)() / 1000),
            'X-Caseflow-Delivery': String(message.id),
            'X-Caseflow-Attempt': String(message.attempt),
          },
        });
      } catch (caught) {
        const error = ensureError(caught);
        const reason = error.name === 'TimeoutError' ? `timed out after ${timeoutMs} ms` : describeNetworkError(error);
        throw new DeliveryError(`webhook ${options.url}: ${reason}`, { retryable: true, cause: error });
      }
      // Drain the body so the connection is released even when we do not read it.
      const text = await response.text().catch(() => '');
      if (response.ok) return;
      throw new DeliveryError(`webhook ${options.url}: HTTP ${response.status}${text ? ` ${text.slice(0, 200)}` : ''}`, {
        retryable: isRetryableStatus(response.status),
        retryAfterMs: retryAfterMs(response.headers.get('retry-after')),
      });
    },
  };
}

function describeNetworkError(error: Error): string {
  const cause = error.cause instanceof Error ? error.cause : undefined;
  const code = cause && 'code' in cause && typeof cause.code === 'string' ? cause.code : undefined;
  return code ? `${error.message} (${code})` : cause ? `${error.message}: ${cause.message}` : error.message;
}
