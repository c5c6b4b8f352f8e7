/**
 * A customer's history: every case, of any process, that names the same customer as a given
 * case (by phone number or customer id), as far as the reader may see.
 */
import type { Actor } from '../compile/types.js';
import type { CaseListItem, Engine } from './types.js';

/** How a customer is recognised across processes. */
export interface CustomerKeys {
  phone?: string;
  id?: string;
}

/** The most cases a history lists. */
export const HISTORY_LIMIT = 200;

function customerOf(data: Record<string, unknown>): Record<string, unknown> | undefined {
  const customer = data.customer;
  return typeof customer === 'object' && customer !== null && !Array.isArray(customer) ? Object.fromEntries(Object.entries(customer)) : undefined;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);
const digits = (phone: string): string => phone.replace(/[^0-9+]/g, '');

/** The customer keys of case data: `customer.phone` (or `customer.number`) and `customer.id`. */
export function customerKeys(data: Record<string, unknown>): CustomerKeys {
  const customer = customerOf(data);
  if (customer === undefined) return {};
  const phone = text(customer.phone) ?? text(customer.number);
  const id = text(customer.id);
  return { ...(phone === undefined ? {} : { phone }), ...(id === undefined ? {} : { id }) };
}

/** Whether case data names the customer of `keys`. */
export function sameCustomer(data: Record<string, unknown>, keys: CustomerKeys): boolean {
  const other = customerKeys(data);
  return (keys.phone !== undefined && other.phone !== undefined && digits(other.phone) === digits(keys.phone))
    || (keys.id !== undefined && other.id === keys.id);
}

/** The customer of a case and every case naming them that the actor may see, newest first (the case itself included). */
export async function customerHistory(engine: Pick<Engine, 'getCase' | 'listCases'>, caseId: string, actor: Actor): Promise<{ customer: CustomerKeys; cases: CaseListItem[] }> {
  const view = await engine.getCase(caseId, actor);
  const keys = customerKeys(view.snapshot.data);
  const found = new Map<string, CaseListItem>();
  // The inbox search matches text as written, so a phone is looked up as written and as bare digits.
  const terms = new Set([keys.phone, keys.phone === undefined ? undefined : digits(keys.phone), keys.id]);
  for (const term of terms) {
    if (term === undefined || term === '') continue;
    let cursor: string | undefined;
    do {
      const page = await engine.listCases({ search: term, limit: 100, cursor }, actor);
      for (const item of page.items) if (sameCustomer(item.snapshot.data, keys)) found.set(item.id, item);
      cursor = found.size < HISTORY_LIMIT ? page.nextCursor : undefined;
    } while (cursor !== undefined);
  }
  const cases = [...found.values()].sort((a, b) => b.createdAt - a.createdAt || b.id.localeCompare(a.id)).slice(0, HISTORY_LIMIT);
  return { customer: keys, cases };
}
