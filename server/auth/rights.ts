/**
 * What a caller may open, told to the UI by `GET /api/me` so it shows only the pages and buttons
 * the server will allow: each right is read from the roles the routes behind it declare.
 */
import type { OperationSpec } from '../contract/operation.js';
import { listOutbox, listReports, retryOutboxMessage, verifyAudit } from '../contract/operations.js';
import { createUser } from '../contract/people.js';
import { publishProcess, validateProcess } from '../contract/processes.js';
import { workload } from '../contract/work.js';
import { isStaffRole } from './roles.js';

/** The caller's rights, page by page. */
export interface Rights {
  /** Works cases: the inbox and opening cases (a staff role; administrators see every case). */
  cases: boolean;
  /** Edits, checks and simulates process drafts. */
  processes: boolean;
  /** Publishes process versions. */
  publish: boolean;
  /** Verifies the audit trail and reads the administrative log. */
  audit: boolean;
  /** Reads the workload of the people in their units. */
  workload: boolean;
  /** Reads the dashboard, the weekly digest and the monthly report. */
  reports: boolean;
  /** Reads the outbox. */
  outbox: boolean;
  /** Sends a failed or dead outbox message again. */
  retryOutbox: boolean;
  /** Opens the People page: administrators, and supervisors and city-level roles for their units. */
  people: boolean;
  /** Adds people and units and changes their roles. */
  administer: boolean;
}

/** True when `roles` may call `op`. */
const mayCall = (op: OperationSpec, roles: readonly string[]): boolean => op.roles === undefined || roles.some((role) => op.roles?.includes(role));

/** The rights of a caller holding `roles`; `supervisor` when one of them supervises or is city-level. */
export function rightsOf(roles: readonly string[], supervisor: boolean): Rights {
  const administer = mayCall(createUser, roles);
  return {
    cases: administer || roles.some(isStaffRole),
    processes: mayCall(validateProcess, roles),
    publish: mayCall(publishProcess, roles),
    audit: mayCall(verifyAudit, roles),
    workload: mayCall(workload, roles),
    reports: mayCall(listReports, roles),
    outbox: mayCall(listOutbox, roles),
    retryOutbox: mayCall(retryOutboxMessage, roles),
    people: administer || supervisor,
    administer,
  };
}
