// A whole Caseflow webhook receiver (Node 18+, no dependencies). Copy this file and
// verify-webhook.mjs beside it; Caseflow's tests import both, so they are the code they check.
//
//   import { createServer } from 'node:http';
//   import { webhookListener } from './webhook-receiver.mjs';
//   createServer(webhookListener({
//     secret: process.env.CASEFLOW_WEBHOOK_SECRET,
//     handle: async (message) => { /* send the SMS, open the ticket … */ },
//   })).listen(8080);
//
// The listener never throws, whatever arrives: every outcome is an answer Caseflow understands.
// 2xx: delivered. 5xx (here: `handle` failed): Caseflow tries again later with the same
// X-Caseflow-Delivery id and a higher X-Caseflow-Attempt. Other 4xx (a bad signature, a body
// that is not a message): Caseflow gives up on the message at once and shows it as dead in its
// outbox, where an administrator can send it again once the cause is fixed.
import { verifyWebhook } from './verify-webhook.mjs';

/** Largest body accepted; Caseflow's messages are a few kilobytes. */
export const MAX_BODY_BYTES = 1_000_000;

/** The message as JSON, or undefined when the text is not a Caseflow message. */
function parseMessage(text) {
  try {
    const message = JSON.parse(text);
    const valid = message !== null && typeof message === 'object' && Number.isInteger(message.id) && typeof message.body === 'string' && Array.isArray(message.to);
    return valid ? message : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A request listener for `http.createServer`: checks the signature on the raw body, hands each
 * message to `handle(message, { delivery, attempt })` once (repeats of a delivery already handled
 * are answered 200 without calling it), and answers 500 when `handle` throws or rejects, so that
 * Caseflow tries again. `seen` remembers handled deliveries; give it a durable set (a table keyed
 * by delivery id) to drop repeats across restarts.
 */
export function webhookListener({ secret, handle, seen = new Set(), now = () => Date.now() / 1000 }) {
  return (request, response) => {
    const answer = (status, text) => {
      try {
        if (!response.headersSent) response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
        response.end(text);
      } catch {
        response.destroy();
      }
    };
    const receive = async (raw) => {
      const delivery = String(request.headers['x-caseflow-delivery'] ?? '');
      const attempt = Number(request.headers['x-caseflow-attempt'] ?? '1');
      if (!verifyWebhook(secret, raw, request.headers['x-caseflow-signature'], now())) return answer(401, 'signature does not verify or is stale');
      const message = parseMessage(raw.toString('utf8'));
      if (message === undefined || delivery !== String(message.id)) return answer(400, 'not a Caseflow message');
      if (await seen.has(delivery)) return answer(200, 'already handled');
      await handle(message, { delivery, attempt });
      await seen.add(delivery);
      return answer(200, 'handled');
    };
    try {
      if (request.method !== 'POST') {
        request.resume();
        return answer(405, 'POST only');
      }
      const chunks = [];
      let size = 0;
      request.on('error', () => answer(400, 'the request could not be read'));
      request.on('data', (chunk) => {
        size += chunk.length;
        if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      });
      request.on('end', () => {
        if (size > MAX_BODY_BYTES) return answer(413, 'too large');
        // A throw or a rejection inside `receive` (from `handle`, say) becomes a 500: Caseflow retries.
        Promise.resolve()
          .then(() => receive(Buffer.concat(chunks)))
          .catch(() => answer(500, 'the message could not be handled; try again'));
      });
    } catch {
      answer(500, 'the message could not be handled; try again');
    }
  };
}
