/**
 * Random secrets handed to clients (session cookies, API tokens) and the hashes kept of them.
 */
import { hash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

/** 32 random bytes, base64url, with an optional readable prefix (`cf_` for API tokens). */
export function newSecret(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url');
}

/** sha256 of a secret, hex: what the database keeps instead of the secret. */
export function sha256Hex(secret: string): string {
  // One-shot hash: every authenticated request hashes its token or cookie, and this is about
  // half the cost of createHash().update().digest() for a short string.
  return hash('sha256', secret, 'hex');
}

/** A new record id. */
export function newId(): string {
  return randomUUID();
}

/** Compares two strings in constant time (for CSRF tokens). */
export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}
