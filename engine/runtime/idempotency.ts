/**
 * Idempotency keys: a repeated key with the same request returns the first answer and changes
 * nothing; the same key with another request is a conflict.
 */
import { hash } from 'node:crypto';
import { CaseflowError } from '../errors.js';
import { canonicalJson } from './hash-chain.js';
import type { Store } from './store.js';
import type { CaseView } from './types.js';

/** Fingerprint of a request, stored beside its key. */
export function requestHash(request: unknown): string {
  return hash('sha256', canonicalJson(request), 'hex');
}

function isCaseView(value: unknown): value is CaseView {
  return typeof value === 'object' && value !== null && 'id' in value && 'revision' in value && 'snapshot' in value && 'actions' in value;
}

/** The stored answer for `key`, if the key was used before by the same request. */
export async function earlierAnswer(store: Store, key: string, request: string): Promise<CaseView | undefined> {
  const found = await store.findIdempotency(key);
  if (!found) return undefined;
  if (found.requestHash !== request) {
    throw new CaseflowError('conflict', `idempotency key ${key} was already used for a different request`);
  }
  if (!isCaseView(found.response)) throw new CaseflowError('internal', `idempotency key ${key} holds an unreadable answer`);
  return found.response;
}
