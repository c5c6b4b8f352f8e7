/**
 * What people call each role, in Chinese and English (the terms of the service plans, PROCESSES.md):
 * the UI shows a role by its label wherever staff read it (the timeline, queues, approvals, the
 * people page), never as its id. A role no label names shows as its id. Pure and dependency-free,
 * so the admin UI reads labels with this same function.
 */
import type { EnumLabel, LabelLanguage } from './dsl/enum-labels.js';

/** Labels of the staff and platform roles by id. */
export const ROLE_LABELS: Readonly<Record<string, EnumLabel>> = {
  agent: { zh: '客服专员', en: 'Agent' },
  'front-desk': { zh: '前台营业员', en: 'Front desk' },
  'retention-specialist': { zh: '维系专员', en: 'Retention specialist' },
  'team-lead': { zh: '班组长', en: 'Team lead' },
  'center-manager': { zh: '客服中心主任', en: 'Centre manager' },
  'cs-director': { zh: '市公司客户服务部', en: 'Customer service department' },
  'general-manager': { zh: '总经理', en: 'General manager' },
  'service-advisor': { zh: '服务顾问', en: 'Service advisor' },
  'business-unit': { zh: '业务单元', en: 'Business unit' },
  'city-reviewer': { zh: '市公司审批', en: 'City reviewer' },
  finance: { zh: '财务', en: 'Finance' },
  'quality-inspector': { zh: '质检员', en: 'Quality inspector' },
  'process-owner': { zh: '流程负责人', en: 'Process owner' },
  auditor: { zh: '审计员', en: 'Auditor' },
  admin: { zh: '系统管理员', en: 'Administrator' },
  system: { zh: '系统', en: 'System' },
};

/** The label of `role` in `language`, or the id when it has none. */
export function roleLabel(role: string, language: LabelLanguage): string {
  return Object.hasOwn(ROLE_LABELS, role) ? ROLE_LABELS[role][language] : role;
}

/** Roles by their labels, joined as the language lists them (`班组长、总经理`, `Team lead, General manager`). */
export function roleList(roles: readonly string[], language: LabelLanguage): string {
  return roles.map((role) => roleLabel(role, language)).join(language === 'zh' ? '、' : ', ');
}
