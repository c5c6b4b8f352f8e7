/**
 * Roles: every role named in a literal list (event roles, starters) must be declared in
 * `roles`. Notify recipients are checked in check-recipients.ts.
 */
import type { CheckContext } from './check-context.js';
import type { DocPath } from './source-map.js';
import { didYouMean } from './suggest.js';

/**
 * Roles of the platform, not of a process: a process that declared them would let the people who
 * run the platform (a process owner publishing a version) act on its cases, even on their own
 * requests. `system` is the engine itself (timers).
 */
export const PLATFORM_ROLES: readonly string[] = ['admin', 'process-owner', 'auditor', 'system'];

/** Reports roles used but not declared, and platform roles declared as process roles. */
export function checkRoles(context: CheckContext): void {
  const { definition, sites, report } = context;
  const declared = new Set(definition.roles);
  definition.roles.forEach((role, index) => {
    if (PLATFORM_ROLES.includes(role)) {
      report(['roles', index], 'error', `'${role}' is a platform role, not a process role: a process may not give it work or decisions (platform roles: ${PLATFORM_ROLES.join(', ')})`);
    }
  });

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
