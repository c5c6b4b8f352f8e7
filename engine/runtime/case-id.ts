/**
 * Case ids: `C` + a ULID (48-bit time, 80 random bits, Crockford base32), so ids sort by creation.
 */
import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const RANDOM_MAX = (1n << 80n) - 1n;

let lastTime = -1;
let lastRandom = 0n;

function base32(value: bigint, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) {
    out = ALPHABET[Number(value & 31n)] + out;
    value >>= 5n;
  }
  return out;
}

/** A new case id for time `now`; ids made in one process in the same ms still increase. */
export function newCaseId(now: number): string {
  const time = Math.max(0, Math.floor(now));
  if (time === lastTime && lastRandom < RANDOM_MAX) {
    lastRandom += 1n;
  } else {
    lastTime = time;
    lastRandom = BigInt('0x' + randomBytes(10).toString('hex')) >> 1n; // room to count up within a ms
  }
  return 'C' + base32(BigInt(time), 10) + base32(lastRandom, 16);
}
