/**
 * The one error family of Caseflow. Each error has a stable `code`; the server maps codes to
 * HTTP statuses in one place (`server/problem.ts`).
 */

/** Stable error codes, one per kind of refusal. */
export const CASEFLOW_ERROR_CODES = [
  'invalid-definition', // a process file has errors (diagnostics in `details`)
  'invalid-input', // event input or case data fails its schema (field errors in `details`)
  'event-not-allowed', // the event is not accepted in the case's current state
  'guard-refused', // the state accepts the event but its condition (`if`) does not hold now
  'role-not-allowed', // the actor has none of the roles the event needs
  'held-by-another', // someone else holds the case (details name the assignee)
  'stale-revision', // the case changed since the revision the caller saw
  'not-found', // unknown process, version, case or event
  'conflict', // e.g. an idempotency key reused with a different request
  'unauthenticated',
  'read-only', // the store refuses writes (disk full, read-only database)
  'unavailable', // the database cannot be reached right now (restarting, connection lost); try again shortly
  'internal',
] as const;

/** One of the stable error codes. */
export type CaseflowErrorCode = (typeof CASEFLOW_ERROR_CODES)[number];

/** A problem with a field of an input or of case data: `{ field: "plan", message: "is required" }`. */
export interface FieldError {
  field: string;
  message: string;
}

/** Error raised by the engine; `details` carries diagnostics or field errors. */
export class CaseflowError extends Error {
  readonly code: CaseflowErrorCode;
  readonly details?: unknown;

  constructor(code: CaseflowErrorCode, message: string, options: { details?: unknown; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'CaseflowError';
    this.code = code;
    this.details = options.details;
  }
}

/** Normalises a caught `unknown` into an `Error`. */
export function ensureError(value: unknown): Error {
  if (value instanceof Error) return value;
  return new Error(typeof value === 'string' ? value : JSON.stringify(value));
}
