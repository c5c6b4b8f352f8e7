/**
 * Who a notification reaches, decided at step time: declared roles, the case's assignee, user
 * ids, and the addresses of declared contacts. Nothing else from case data passes: an entry
 * that is an address or free text reaches nobody and is recorded. The outbox row carries the
 * result as text, one recipient an entry:
 *
 * - a role id (`team-lead`) or a user id (`agent-wang`, a UUID): the delivery channel looks
 *   them up (the operator's address book, the user directory);
 * - `customer`: the operator's address book entry of that name (no contact declared);
 * - `<contact>:email:<address>` or `<contact>:phone:<number>`: a declared contact's address,
 *   checked here to be exactly one mailbox or one phone number.
 */
import type { ExpressionScope } from './expressions.js';
import type { ContactPlan, ProcessPlan, RolesPlan } from './plan.js';

/** What a user id looks like: a UUID or a short name; never an address, spaces or separators. */
const USER_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Local part (dot-atom) and domain of one mailbox; no display name, comments or quotes. */
const MAILBOX = /^([A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*)@((?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63})$/;

/** A phone number as a gateway takes it. */
const PHONE = /^\+?[0-9][0-9 -]{2,30}$/;

/** A contact's address as written on the outbox row. */
const CONTACT_TOKEN = /^([a-z][a-z0-9]*(?:-[a-z0-9]+)*):(email|phone):(.+)$/s;

/** How an outbox row's `lastError` begins when the step left recipients out. */
export const LEFT_OUT = 'recipients left out: ';

/** Separates the step's record of left-out recipients from a delivery error in `lastError`. */
export const NOTE_SEPARATOR = ' | ';

/** The step's record of left-out recipients kept in `lastError`, if any. */
export function leftOutRecord(lastError: string | undefined): string | undefined {
  return lastError?.startsWith(LEFT_OUT) ? lastError.split(NOTE_SEPARATOR)[0] : undefined;
}

/** The keyword for the case's assignee. */
export const ASSIGNEE = 'assignee';

/** How a contact is reached. */
export type ContactMedium = 'email' | 'phone';

/**
 * The one mailbox `text` is (`name@example.com`, domain lower-cased), or undefined for anything
 * else: two addresses, a display name, CR/LF, spaces, quotes, comments.
 */
export function parseMailbox(text: unknown): string | undefined {
  if (typeof text !== 'string' || text.length > 254) return undefined;
  const match = MAILBOX.exec(text);
  if (match === null || match[1].length > 64) return undefined;
  return `${match[1]}@${match[2].toLowerCase()}`;
}

/** The domain of a mailbox parsed by `parseMailbox`. */
export function mailboxDomain(mailbox: string): string {
  return mailbox.slice(mailbox.lastIndexOf('@') + 1);
}

/** A phone number, or undefined for anything that is not one. */
export function parsePhone(text: unknown): string | undefined {
  return typeof text === 'string' && PHONE.test(text) ? text : undefined;
}

/** A contact's address as an outbox recipient: `customer:email:alice@example.com`. */
export function contactRecipient(contact: string, medium: ContactMedium, address: string): string {
  return `${contact}:${medium}:${address}`;
}

/** The contact, medium and address of an outbox recipient written by `contactRecipient`. */
export function readContactRecipient(recipient: string): { contact: string; medium: ContactMedium; address: string } | undefined {
  const match = CONTACT_TOKEN.exec(recipient);
  if (match === null) return undefined;
  const medium = match[2] === 'email' ? 'email' : 'phone';
  const address = medium === 'email' ? parseMailbox(match[3]) : parsePhone(match[3]);
  return address === undefined ? undefined : { contact: match[1], medium, address };
}

/** Whether `text` has the shape of a user id (it may still name no user). */
export function isUserIdShaped(text: string): boolean {
  return USER_ID.test(text);
}

/** Recipients of one message, and what was asked for but reaches nobody (with why). */
export interface ResolvedRecipients {
  to: string[];
  unresolved: string[];
}

/** Short, single-line rendering of a refused entry for the record. */
function quoted(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}…"` : text;
}

/**
 * Resolves a notify action's `to` against the process and the case: roles, `assignee`,
 * declared contacts, `customer`, and user-id-shaped entries pass; anything else is recorded in
 * `unresolved`. Empty entries (`""`, null) name nobody and are dropped silently.
 */
export function resolveRecipients(plan: ProcessPlan, to: RolesPlan, scope: ExpressionScope, assignee: string | undefined): ResolvedRecipients {
  const entries: unknown[] = 'roles' in to ? to.roles : listOf(to.expr.value(scope));
  const roles = new Set(plan.definition.roles);
  const found: string[] = [];
  const unresolved: string[] = [];
  for (const entry of entries) {
    if (entry === null || entry === '') continue;
    if (typeof entry !== 'string' && typeof entry !== 'number') {
      unresolved.push(`${quoted(entry)} is not a role, user id or contact`);
      continue;
    }
    const name = String(entry);
    const contact = plan.contacts.get(name);
    if (roles.has(name)) found.push(name);
    else if (name === ASSIGNEE) {
      if (assignee !== undefined && isUserIdShaped(assignee)) found.push(assignee);
      else unresolved.push('assignee: the case has no assignee');
    } else if (contact !== undefined) {
      const addresses = contactAddresses(name, contact, scope);
      found.push(...addresses.to);
      unresolved.push(...addresses.unresolved);
    } else if (isUserIdShaped(name)) found.push(name);
    else unresolved.push(`${quoted(name)} is not a role, user id or contact`);
  }
  return { to: [...new Set(found)], unresolved };
}

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

/** The addresses of one declared contact in this case; bad or missing ones are recorded. */
function contactAddresses(name: string, contact: ContactPlan, scope: ExpressionScope): ResolvedRecipients {
  const to: string[] = [];
  const unresolved: string[] = [];
  for (const medium of ['email', 'phone'] as const) {
    const expr = contact[medium];
    if (expr === undefined) continue;
    let value: unknown;
    try {
      value = expr.value(scope);
    } catch {
      value = undefined;
    }
    if (value === undefined || value === null || value === '') continue;
    const address = medium === 'email' ? parseMailbox(value) : parsePhone(value);
    if (address === undefined) unresolved.push(`${name}: ${medium} ${quoted(value)} is not one ${medium === 'email' ? 'e-mail address' : 'phone number'}`);
    else to.push(contactRecipient(name, medium, address));
  }
  if (to.length === 0 && unresolved.length === 0) unresolved.push(`${name}: no address in this case`);
  return { to, unresolved };
}
