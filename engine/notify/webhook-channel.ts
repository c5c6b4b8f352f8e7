/**
 * Webhook delivery: the message POSTed as JSON, signed with an HMAC of the exact body so the
 * receiver can tell it came from us: `X-Caseflow-Signature: sha256=<hex>`.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
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
}

/** Name of the signature header. */
export const SIGNATURE_HEADER = 'X-Caseflow-Signature';

/** `sha256=<hex HMAC-SHA256 of body>`, the value of the signature header. */
export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/** True when `signature` is the signature of `body` under `secret` (constant-time compare). */
export function verifySignature(secret: string, body: string, signature: string | undefined | null): boolean {
  if (!signature) return false;
  const expected = Buffer.from(signBody(secret, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
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
            [SIGNATURE_HEADER]: signBody(options.secret, body),
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
