/**
 * The key that seals checkpoints. It must not live in the database: whoever can rewrite the
 * database but not read this key cannot make a rewritten history agree with a checkpoint.
 * From `CASEFLOW_SEAL_KEY`, else from a key file (created with 32 random bytes, mode 0600, beside
 * the database on first start); a throwaway key for an in-memory database.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { sealKey, type SealKey } from '../engine/audit/checkpoint.js';
import { ConfigError, type ServerConfig } from './config.js';

/** The key's bytes from its text: 64 or more hex digits are decoded, anything else is taken as UTF-8. */
function keyBytes(text: string): Buffer {
  const trimmed = text.trim();
  return /^(?:[0-9a-f]{2}){32,}$/i.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'utf8');
}

function isMissing(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}

/** Reads the key file, or creates it (mode 0600) with a new random key. */
function keyFromFile(file: string): { bytes: Buffer; created: boolean } {
  try {
    return { bytes: keyBytes(readFileSync(file, 'utf8')), created: false };
  } catch (error) {
    if (!isMissing(error)) throw new ConfigError(`the seal key file ${file} cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  mkdirSync(dirname(file), { recursive: true });
  const bytes = randomBytes(32);
  writeFileSync(file, `${bytes.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  return { bytes, created: true };
}

/** The seal key of this configuration, and whether its file was just created. */
export function loadSealKey(config: Pick<ServerConfig, 'sealKey' | 'sealKeyFile' | 'dbFile'>): { key: SealKey; createdFile?: string } {
  if (config.sealKey !== undefined) {
    const bytes = keyBytes(config.sealKey);
    if (bytes.length < 32) throw new ConfigError('CASEFLOW_SEAL_KEY must be at least 32 characters (or 64 hex digits)');
    return { key: sealKey(bytes) };
  }
  if (config.dbFile === ':memory:') return { key: sealKey(randomBytes(32)) };
  const { bytes, created } = keyFromFile(config.sealKeyFile);
  if (bytes.length < 32) throw new ConfigError(`the seal key in ${config.sealKeyFile} is shorter than 32 bytes`);
  return created ? { key: sealKey(bytes), createdFile: config.sealKeyFile } : { key: sealKey(bytes) };
}
