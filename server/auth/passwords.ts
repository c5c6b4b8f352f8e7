/**
 * Password hashing with argon2id (memory-hard), and generated passwords for first start.
 */
import { hash, verify } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';

/** Hashes a password into a PHC string (argon2id, 19 MiB, 2 passes: the OWASP baseline). */
export function hashPassword(password: string): Promise<string> {
  return hash(password, { memoryCost: 19_456, timeCost: 2, parallelism: 1 });
}

/** True when `password` matches `passwordHash`; false (never a throw) for a malformed hash. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A hash of a random password, verified against when the username is unknown so timing tells nothing. */
let decoyHash: Promise<string> | undefined;

/** Spends as long as a real verification, for unknown usernames. */
export async function verifyDecoy(password: string): Promise<false> {
  decoyHash ??= hashPassword(randomBytes(16).toString('hex'));
  await verifyPassword(await decoyHash, password);
  return false;
}

/** A random password of 20 URL-safe characters, for `admin` on first start. */
export function generatePassword(): string {
  return randomBytes(15).toString('base64url');
}
