/**
 * The names the UI shows for the server's own words, Chinese then English (`处理中 Active`):
 * roles and case statuses. Served with `GET /api/me`, so the UI keeps no copy.
 */
import { ROLE_LABELS } from './auth/roles.js';

/** What each case status is called. */
export const CASE_STATUS_LABELS: Readonly<Record<'active' | 'done', string>> = {
  active: '处理中 Active',
  done: '已结束 Done',
};

/** The labels of roles and case statuses. */
export interface ServerLabels {
  roles: Record<string, string>;
  statuses: Record<string, string>;
}

/** The labels as `GET /api/me` answers them. */
export function serverLabels(): ServerLabels {
  return { roles: { ...ROLE_LABELS }, statuses: { ...CASE_STATUS_LABELS } };
}
