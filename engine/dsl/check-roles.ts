/**
 * Roles: every role named in a literal list (event roles, starters) must be declared in
 * `roles`. Notify recipients are checked in check-recipients.ts.
 */
import type { CheckContext } from './check-context.js';
import type { DocPath } from './source-map.js';
import { didYouMean } from './suggest.js';

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

  const checkOne = (role: string, path: DocPath): void => {
    if (!declared.has(role)) report(path, 'error', `role '${role}' is not declared in roles${didYouMean(role, [...declared])}`);
  };

  if (definition.starters) check(definition.starters, ['starters']);
  if (definition.assigners) check(definition.assigners, ['assigners']);
  for (const { state, path } of sites.states) {
    const rule = state.assign;
    if (rule !== undefined && rule !== 'keep') {
      if ('queue' in rule && typeof rule.queue === 'string') checkOne(rule.queue, [...path, 'assign', 'queue']);
      if ('auto' in rule && typeof rule.auto === 'string') checkOne(rule.auto, [...path, 'assign', 'auto']);
    }
    if (state.approval?.roles) check(state.approval.roles, [...path, 'approval', 'roles']);
  }
  for (const { event, path } of sites.events) {
    if (Array.isArray(event.roles)) check(event.roles, [...path, 'roles']);
  }
}
