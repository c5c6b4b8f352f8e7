/**
 * Notification recipients: a literal `to` names declared roles, `assignee`, a declared contact
 * or `customer`; each declared contact has a name of its own and expressions giving text. A
 * recipient never is an address written into the process or taken from case data: addresses
 * come from the user directory, the operator's address book, or a declared contact.
 */
import { buildCelEnvironment } from './cel-env.js';
import type { CheckContext } from './check-context.js';
import { didYouMean } from './suggest.js';

/** The recipient that means the customer when no contact of that name is declared. */
export const CUSTOMER = 'customer';

/** The recipient that means the case's assignee (a user), when it has one. */
export const ASSIGNEE = 'assignee';

/** Reports recipients that name nobody the process knows, and contacts that cannot be used. */
export function checkRecipients(context: CheckContext): void {
  const { definition, sites, report } = context;
  const roles = new Set(definition.roles);
  const contacts = Object.keys(definition.contacts ?? {});

  for (const name of contacts) {
    if (roles.has(name)) report(['contacts', name], 'error', `contact '${name}' has the name of a role; a recipient must mean one or the other`, { key: true });
    if (name === ASSIGNEE) report(['contacts', name], 'error', `'${ASSIGNEE}' means the case's assignee; give the contact another name`, { key: true });
  }
  checkContactTypes(context);

  const known = [...roles, ASSIGNEE, ...contacts, CUSTOMER];
  for (const { action, path } of sites.actions) {
    if (!('notify' in action) || !Array.isArray(action.to)) continue;
    action.to.forEach((recipient, index) => {
      if (known.includes(recipient)) return;
      const what = recipient.includes('@')
        ? `recipient '${recipient}' is an address; name a role, '${ASSIGNEE}' or a contact declared in contacts instead`
        : `recipient '${recipient}' is not a declared role, '${ASSIGNEE}' or a contact declared in contacts`;
      report([...path, 'to', index], 'error', `${what}${didYouMean(recipient, known)}`);
    });
  }
}

/** Each contact expression must give text (its other problems are the expression check's). */
function checkContactTypes(context: CheckContext): void {
  const entries = Object.entries(context.definition.contacts ?? {});
  if (entries.length === 0) return;
  const env = buildCelEnvironment(context.definition);
  for (const [name, contact] of entries) {
    for (const [how, expr] of Object.entries(contact)) {
      let type: string | undefined;
      try {
        const result = env.check(expr);
        type = result.valid ? result.type : undefined;
      } catch {
        type = undefined;
      }
      if (type === undefined || type === 'string' || type === 'dyn') continue;
      context.report(['contacts', name, how], 'error', `the ${how} of contact '${name}' must be text, such as data.customer.${how}, but this expression gives ${type}`);
    }
  }
}
