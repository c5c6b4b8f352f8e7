/**
 * Every operation of the API, declared once: the routes are mounted from these declarations
 * and the OpenAPI document is written from them.
 */
import { CALENDAR_OPERATIONS } from './calendars.js';
import { CASE_OPERATIONS } from './cases.js';
import { DRAFT_OPERATIONS } from './drafts.js';
import { MIGRATION_OPERATIONS } from './migrations.js';
import type { OperationSpec } from './operation.js';
import { OPERATING_OPERATIONS } from './operations.js';
import { PEOPLE_OPERATIONS } from './people.js';
import { PROCESS_OPERATIONS } from './processes.js';
import { WORK_OPERATIONS } from './work.js';

/** Every operation the server may serve (`POST /api/clock/advance` only under a manual clock). */
export const API_OPERATIONS: readonly OperationSpec[] = [...PEOPLE_OPERATIONS, ...PROCESS_OPERATIONS, ...DRAFT_OPERATIONS, ...MIGRATION_OPERATIONS, ...CALENDAR_OPERATIONS, ...CASE_OPERATIONS, ...WORK_OPERATIONS, ...OPERATING_OPERATIONS];

/** The operations served by an app built with or without a manual clock. */
export function servedOperations(manualClock: boolean): OperationSpec[] {
  return API_OPERATIONS.filter((op) => manualClock || !op.manualClockOnly);
}

/** True for a request that needs no caller (logging in, the health check, the API document). */
export function isPublicRequest(method: string, path: string): boolean {
  return API_OPERATIONS.some((op) => op.public === true && op.method.toUpperCase() === method && op.path === path);
}
