/**
 * Time-based one-time codes (RFC 6238: 6 digits, 30 seconds, SHA-1, as every authenticator
 * app reads them) for users who turn on a second factor.
 */
import { Secret, TOTP } from 'otpauth';

/** Name shown in the authenticator app beside the username. */
const ISSUER = 'Caseflow';

/** Codes one period before or after now are accepted, for clocks a little apart. */
const WINDOW = 1;

function totpOf(secret: string, username: string): TOTP {
  return new TOTP({ issuer: ISSUER, label: username, algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) });
}

/** A new random secret (160 bits), base32. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The `otpauth://totp/…` URI an authenticator app reads (as a QR code or pasted). */
export function totpUri(secret: string, username: string): string {
  return totpOf(secret, username).toString();
}

/**
 * The 30-second step whose code `code` is (now's step or the one next to it), or `undefined`
 * when it is none of them. Record the step with `AccountStore.spendTotpStep` so a code is used once.
 */
export function totpStep(secret: string, code: string, now = Date.now()): number | undefined {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return undefined;
  const totp = totpOf(secret, 'check');
  const delta = totp.validate({ token, timestamp: now, window: WINDOW });
  return delta === null ? undefined : totp.counter({ timestamp: now }) + delta;
}

/** The code of `secret` at `now` (what the authenticator app shows). */
export function totpCode(secret: string, now = Date.now()): string {
  return totpOf(secret, 'code').generate({ timestamp: now });
}
