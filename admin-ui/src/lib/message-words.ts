/** How staff read a message: by the name its text gives it, and its recipients by name. */

/** A message as the outbox and the simulation show it. */
export interface ShownMessage {
  template: string;
  subject?: string;
  body: string;
}

/** The message's name as its text gives it: its subject, else the 【heading】 its first line opens with; none otherwise. */
export function messageName(message: ShownMessage): string | undefined {
  if (message.subject !== undefined && message.subject.trim() !== '') return message.subject.trim();
  return /^\s*【([^】]{1,40})】/.exec(message.body)?.[1];
}

/** How recipients are named: roles by label, people by display name, the customer as such. */
export interface RecipientWords {
  role(id: string): string;
  person(username: string): string;
  customer: string;
  /** Said when a message has no recipient (its role or holder came to nobody). */
  nobody: string;
}

/** Recipients by name, joined as the language lists things. */
export function recipientNames(to: readonly string[], words: RecipientWords, separator: string): string {
  if (to.length === 0) return words.nobody;
  return to.map((id) => {
    if (id === 'customer') return words.customer;
    const role = words.role(id);
    return role !== id ? role : words.person(id);
  }).join(separator);
}
