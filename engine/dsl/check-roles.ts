/**
 * Roles: every role named in a literal list (event roles, notify recipients, starters) must be
 * declared in `roles`. `customer` is always a valid notify recipient.
 */
import type { CheckContext } from './check-context.js';
import type { DocPath } from './source-map.js';
import { didYouMean } from './suggest.js';

/** The notify recipient that is not a staff role: the case's customer. */
export const CUSTOMER = 'customer';

/** Reports roles used but not declared. */
export function checkRoles(context: CheckContext): void {
  const { definition, sites, report } = context;
  const declared = new Set(definition.roles);

  const check = (roles: readonly string[], path: DocPath, extra: readonly string[] = []): void => {
    roles.forEach((role, index) => {
      if (declared.has(role) || extra.includes(role)) return;
      report([...path, index], 'error', `role '${role}' is not declared in roles${didYouMean(role, [...declared, ...extra])}`);
    });
  };

  if (definition.starters) check(definition.starters, ['starters']);
  for (const { event, path } of sites.events) {
    if (Array.isArray(event.roles)) check(event.roles, [...path, 'roles']);
  }
  for (const { action, path } of sites.actions) {
    if ('notify' in action && Array.isArray(action.to)) check(action.to, [...path, 'to'], [CUSTOMER]);
  }
}
