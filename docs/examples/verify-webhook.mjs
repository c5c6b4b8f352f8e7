// Checks a Caseflow webhook in a receiver (Node 18+). Copy this file as it is; Caseflow's
// tests import it, so it is the code they check.
//
// Caseflow sends `X-Caseflow-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`.
// Refuse a request whose signature does not verify, or whose timestamp is more than five
// minutes from your clock: a captured request cannot be replayed later. Drop repeats by the
// `X-Caseflow-Delivery` id (a retry of the same message carries the same id and a higher
// `X-Caseflow-Attempt`, and is signed afresh).
import { createHmac, timingSafeEqual } from 'node:crypto';

/** How far (seconds) a signature's timestamp may be from the receiver's clock. */
export const TOLERANCE_SECONDS = 300;

/**
 * True when `header` is a fresh, valid signature of `rawBody` (the bytes as received, a string
 * or a Buffer) under `secret`. Never throws: anything malformed is simply false.
 */
export function verifyWebhook(secret, rawBody, header, nowSeconds = Date.now() / 1000, toleranceSeconds = TOLERANCE_SECONDS) {
  if (typeof secret !== 'string' || secret === '' || typeof header !== 'string') return false;
  if (typeof rawBody !== 'string' && !(rawBody instanceof Uint8Array)) return false;
  let timestamp;
  const signatures = [];
  for (const part of header.split(',')) {
    const [key, value] = part.trim().split('=', 2);
    if (key === 't' && /^[0-9]{1,12}$/.test(value ?? '')) timestamp = value;
    else if (key === 'v1' && /^[0-9a-f]{64}$/.test(value ?? '')) signatures.push(Buffer.from(value, 'hex'));
  }
  if (timestamp === undefined || signatures.length === 0) return false;
  if (!(Math.abs(nowSeconds - Number(timestamp)) <= toleranceSeconds)) return false;
  const expected = createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest();
  // Both are 32 bytes (64 hex digits were required above), so the comparison cannot throw.
  return signatures.some((given) => timingSafeEqual(expected, given));
}
