/**
 * The problem answers (application/problem+json) of the API, shared by status: the document
 * writes each once under `components.responses` and every operation refers to it, with its own
 * description where it says more.
 */
import { Type as T } from '@sinclair/typebox';
import type { HeaderSpec, OperationSpec, ResponseSpec } from './operation.js';
import { problem } from './shapes.js';

/** A shared problem answer: its component name, what it means, and the headers sent with it. */
export interface SharedProblem {
  name: string;
  description: string;
  headers?: Record<string, HeaderSpec>;
}

const retryAfter = (description: string): Record<string, HeaderSpec> => ({ 'Retry-After': { schema: T.String({ pattern: '^\\d+$' }), description } });

/** Every status a problem is answered with, and its shared answer. */
export const SHARED_PROBLEMS: Readonly<Record<number, SharedProblem>> = {
  400: { name: 'BadRequest', description: 'the body is empty or not JSON (empty-body, malformed-json)' },
  401: { name: 'Unauthenticated', description: 'no session or token (unauthenticated)', headers: { 'WWW-Authenticate': { schema: T.String(), description: 'Bearer realm="caseflow"' } } },
  403: { name: 'Forbidden', description: 'the caller\'s roles do not allow this (role-not-allowed; auditors change nothing), or a cookie call without X-CSRF-Token (csrf-token-invalid)' },
  404: { name: 'NotFound', description: 'nothing by that id the caller may see (not-found)' },
  409: { name: 'Conflict', description: 'the request conflicts with the current state (conflict, event-not-allowed, guard-refused, stale-revision)' },
  412: { name: 'PreconditionFailed', description: 'If-Match names a revision the resource has moved past (stale-revision)' },
  413: { name: 'ContentTooLarge', description: 'the body is too large (body-too-large)' },
  415: { name: 'UnsupportedMediaType', description: 'the body is not JSON (unsupported-media-type)' },
  422: { name: 'InvalidInput', description: 'invalid input (invalid-input): `errors` names each field, `diagnostics` each problem of a process file' },
  429: { name: 'TooManyRequests', description: 'too many attempts (too-many-login-attempts)', headers: retryAfter('seconds until the next attempt is allowed') },
  503: { name: 'ReadOnly', description: 'the store accepts no writes right now (read-only), or the database cannot be reached for a moment (unavailable)', headers: retryAfter('seconds') },
};

/** The shared answer of `status`, or an error naming the status no shared answer covers. */
export function sharedProblem(status: number): SharedProblem {
  const shared = SHARED_PROBLEMS[status];
  if (shared === undefined) throw new Error(`No shared problem answer is declared for status ${status}.`);
  return shared;
}

/** The shared problem answer of `status` as an answer of an operation. */
const standard = (status: number): ResponseSpec => problem(sharedProblem(status).description);

/** The problem answers every operation of its kind may give, beside its own. */
export function standardResponses(op: OperationSpec): Record<number, ResponseSpec> {
  const answers: Record<number, ResponseSpec> = {};
  const hasBody = op.body !== undefined;
  if (!op.public) answers[401] = standard(401);
  if (op.roles || (!op.public && op.method !== 'get')) answers[403] = standard(403);
  if (hasBody) {
    answers[400] = standard(400);
    answers[413] = standard(413);
    answers[415] = standard(415);
  }
  if (hasBody || op.params || op.query) answers[422] = standard(422);
  if (op.path.includes(':')) answers[404] = standard(404);
  if (op.method !== 'get' && !op.public) answers[503] = standard(503);
  return answers;
}
