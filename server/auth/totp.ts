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

/** True when `code` is the current code of `secret` (or of the period next to it). */
export function verifyTotp(secret: string, code: string, now = Date.now()): boolean {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return false;
  return totpOf(secret, 'check').validate({ token, timestamp: now, window: WINDOW }) !== null;
}

/** The code of `secret` at `now` (what the authenticator app shows). */
export function totpCode(secret: string, now = Date.now()): string {
  return totpOf(secret, 'code').generate({ timestamp: now });
}
