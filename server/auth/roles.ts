/**
 * The roles a user can hold, and the checks the server makes before the engine is asked.
 */
import type { MiddlewareHandler } from 'hono';
import { CaseflowError } from '../../engine/errors.js';
import type { AppEnv, Principal } from '../context.js';

/** Staff roles named by the service-centre plans (PROCESSES.md). */
const STAFF_ROLES = [
  'agent',
  'front-desk',
  'retention-specialist',
  'team-lead',
  'center-manager',
  'cs-director',
  'general-manager',
  'service-advisor',
  'business-unit',
  'city-reviewer',
  'finance',
  'quality-inspector',
] as const;

/** Roles of Caseflow itself rather than of a process. */
const PLATFORM_ROLES = ['process-owner', 'auditor', 'admin'] as const;

/** Every role known without looking at published processes. */
export const KNOWN_ROLES: readonly string[] = [...STAFF_ROLES, ...PLATFORM_ROLES];

/** What each known role is called, Chinese then English (the terms of the plans, PROCESSES.md). */
export const ROLE_LABELS: Readonly<Record<(typeof STAFF_ROLES)[number] | (typeof PLATFORM_ROLES)[number], string>> = {
  agent: '客服专员 Agent',
  'front-desk': '前台营业人员 Front desk',
  'retention-specialist': '维系专员 Retention specialist',
  'team-lead': '班组长 Team lead',
  'center-manager': '中心经理 Centre manager',
  'cs-director': '客服部 Customer-service department',
  'general-manager': '总经理 General manager',
  'service-advisor': '服务顾问 Service advisor',
  'business-unit': '业务单元 Business unit',
  'city-reviewer': '市公司审批 City reviewer',
  finance: '财务 Finance',
  'quality-inspector': '质检 Quality inspector',
  'process-owner': '流程管理员 Process owner',
  auditor: '审计员 Auditor',
  admin: '系统管理员 Administrator',
};

/** True for a role that works cases (every role but those of Caseflow itself). */
export function isStaffRole(role: string): boolean {
  return !PLATFORM_ROLES.some((platform) => platform === role);
}

/** Shape of a role id: kebab-case. `system` is reserved for timers. */
const ROLE_ID = /^[a-z][a-z0-9-]{0,63}$/;

/** The problems with a list of roles, given the roles that exist (`[]` when fine). */
export function roleProblems(roles: unknown, known: ReadonlySet<string>): string[] {
  if (!Array.isArray(roles)) return ['must be a list of role ids'];
  const problems: string[] = [];
  for (const role of roles) {
    if (typeof role !== 'string' || !ROLE_ID.test(role)) problems.push(`${JSON.stringify(role)} is not a role id`);
    else if (role === 'system') problems.push(`'system' is reserved for timers`);
    else if (!known.has(role)) problems.push(`unknown role '${role}'`);
  }
  return problems;
}

/** True when every role of the caller is `auditor`: such a caller reads and changes nothing. */
export function isAuditorOnly(principal: Principal): boolean {
  return principal.roles.length > 0 && principal.roles.every((role) => role === 'auditor');
}

/** Refuses callers holding none of `roles` with 403. */
export function requireRoles(...roles: string[]): MiddlewareHandler<AppEnv> {
  return async function requireRolesMiddleware(c, next) {
    const principal = c.get('principal');
    if (!principal.roles.some((role) => roles.includes(role))) {
      throw new CaseflowError('role-not-allowed', `This needs one of the roles ${roles.join(', ')}; you have ${principal.roles.join(', ') || 'none'}.`, {
        details: { required: roles },
      });
    }
    await next();
  };
}
