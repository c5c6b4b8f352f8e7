/**
 * Mailboxes of an outbox row's recipients, as the SMTP channel sends to them. Staff are reached
 * only at addresses Caseflow holds itself: the operator's address book (roles, `customer`) and
 * the user directory (a user's stored e-mail), each inside the configured mail domains. A
 * declared contact's address (`customer:email:…`, checked at step time) is the one way an
 * address from case data is mailed. Any other recipient reaches nobody: never raw text.
 */
import { isUserIdShaped, mailboxDomain, parseMailbox, readContactRecipient } from '../compile/recipients.js';

/** Stored e-mail of the enabled user with this id; undefined for no such user or no e-mail. */
export type UserMailbox = (userId: string) => Promise<string | undefined>;

/** Where staff addresses come from, and where they may lie. */
export interface MailPolicy {
  /** Mailboxes of each role id (or `customer`), from the operator. */
  addresses?: Record<string, string[]>;
  /** The user directory. */
  userMailbox?: UserMailbox;
  /** Domains staff mail may go to; a subdomain of one counts. Empty: every domain. */
  domains?: readonly string[];
}

/** What the recipients of one message came to. */
export interface MailRecipients {
  /** Mailboxes to send to, in order, without repeats. */
  mailboxes: string[];
  /** Staff addresses refused by policy (outside the mail domains, not one mailbox): the message must not go. */
  refused: string[];
  /** Recipients that reach nobody, with why. */
  unresolved: string[];
}

/** Whether `mailbox` lies in one of `domains` (or a subdomain of one). */
export function inMailDomains(mailbox: string, domains: readonly string[]): boolean {
  if (domains.length === 0) return true;
  const domain = mailboxDomain(mailbox);
  return domains.some((allowed) => domain === allowed || domain.endsWith(`.${allowed}`));
}

/** Resolves the recipients of a message into mailboxes under `policy`. */
export async function resolveMailboxes(to: readonly string[], policy: MailPolicy = {}): Promise<MailRecipients> {
  const domains = (policy.domains ?? []).map((domain) => domain.toLowerCase());
  const result: MailRecipients = { mailboxes: [], refused: [], unresolved: [] };
  const staff = (source: string, text: string): void => {
    const mailbox = parseMailbox(text);
    if (mailbox === undefined) result.refused.push(`${source}: ${JSON.stringify(text)} is not one e-mail address`);
    else if (!inMailDomains(mailbox, domains)) result.refused.push(`${source}: ${mailbox} is outside the mail domains (${domains.join(', ')})`);
    else result.mailboxes.push(mailbox);
  };

  for (const recipient of to) {
    const contact = readContactRecipient(recipient);
    if (contact !== undefined) {
      if (contact.medium === 'email') result.mailboxes.push(contact.address);
      continue;
    }
    const listed = policy.addresses !== undefined && Object.hasOwn(policy.addresses, recipient) ? policy.addresses[recipient] : undefined;
    if (listed !== undefined) {
      for (const text of listed) staff(recipient, text);
      continue;
    }
    const stored = isUserIdShaped(recipient) && policy.userMailbox ? await policy.userMailbox(recipient) : undefined;
    if (stored !== undefined) staff(`user ${recipient}`, stored);
    else result.unresolved.push(recipient);
  }
  result.mailboxes = [...new Set(result.mailboxes)];
  return result;
}

/** A header value on one line: CR, LF and other control characters become spaces. */
export function headerText(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
}
