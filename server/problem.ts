/**
 * The one place where errors become HTTP answers: `application/problem+json` (RFC 9457).
 * Engine errors carry a stable `CaseflowError` code; the server's own refusals (bad JSON,
 * wrong content type, too large, too many attempts) are `RequestProblem`s.
 */
import { HTTPException } from 'hono/http-exception';
import { CaseflowError, type CaseflowErrorCode } from '../engine/errors.js';

/** An RFC 9457 problem document, with Caseflow's extension members. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  /** Stable machine-readable code (`event-not-allowed`, `malformed-json`…). */
  code: string;
  instance?: string;
  requestId?: string;
  /** Field problems of an input or of case data. */
  errors?: unknown[];
  /** Diagnostics of a process file, with line and column. */
  diagnostics?: unknown[];
  [extension: string]: unknown;
}

/** Codes of the server's own refusals (`RequestProblem`), one per kind. */
export const REQUEST_PROBLEM_CODES = [
  'empty-body', 'malformed-json', 'idempotency-key-invalid', 'if-match-invalid', 'totp-required', 'csrf-token-invalid', 'session-required',
  'no-such-route', 'body-too-large', 'process-too-large', 'unsupported-media-type', 'simulation-timed-out', 'too-many-login-attempts',
] as const;

/** One of the server's own refusal codes. */
export type RequestProblemCode = (typeof REQUEST_PROBLEM_CODES)[number];

/** A refusal made by the server itself, before the engine is asked anything. */
export class RequestProblem extends Error {
  readonly status: number;
  readonly code: RequestProblemCode;
  readonly headers: Record<string, string>;
  readonly extensions: Record<string, unknown>;

  constructor(status: number, code: RequestProblemCode, message: string, options: { headers?: Record<string, string>; extensions?: Record<string, unknown> } = {}) {
    super(message);
    this.name = 'RequestProblem';
    this.status = status;
    this.code = code;
    this.headers = options.headers ?? {};
    this.extensions = options.extensions ?? {};
  }
}

/** HTTP status and title of each engine error code; a 503 says after how many seconds to try again. */
const ENGINE_CODES: Record<CaseflowErrorCode, { status: number; title: string; retryAfter?: number }> = {
  'invalid-definition': { status: 422, title: 'The process definition has errors' },
  'invalid-input': { status: 422, title: 'The input is not valid' },
  'event-not-allowed': { status: 409, title: 'The event is not allowed in the current state' },
  'guard-refused': { status: 409, title: 'The condition of the event does not hold now' },
  'role-not-allowed': { status: 403, title: 'Your roles do not allow this' },
  'held-by-another': { status: 403, title: 'Someone else holds this case' },
  'stale-revision': { status: 409, title: 'The case has changed since you read it' },
  'not-found': { status: 404, title: 'Not found' },
  conflict: { status: 409, title: 'Conflict' },
  unauthenticated: { status: 401, title: 'Authentication required' },
  'read-only': { status: 503, title: 'The store accepts no writes right now', retryAfter: 30 },
  // A database restart or a broken connection is over in seconds; the pool connects again by itself.
  unavailable: { status: 503, title: 'The database cannot be reached right now', retryAfter: 2 },
  internal: { status: 500, title: 'Internal error' },
};

const REQUEST_TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Authentication required',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  413: 'Request too large',
  415: 'Unsupported media type',
  422: 'The input is not valid',
  428: 'Precondition required',
  429: 'Too many attempts',
  503: 'Service unavailable',
};

const RESERVED = new Set(['type', 'title', 'status', 'detail', 'instance', 'code', 'requestId']);

/** Where the answer to an error should differ by request: `If-Match` turns a stale revision into 412. */
export interface ProblemContext {
  conditional?: boolean;
  requestId?: string;
  instance?: string;
}

/** An error turned into a problem document and the headers that go with it. */
export interface ProblemAnswer {
  problem: Problem;
  headers: Record<string, string>;
  /** True when the error was not an expected refusal (logged with its stack). */
  unexpected: boolean;
}

function typeOf(code: string): string {
  return `urn:caseflow:problem:${code}`;
}

function withDetails(problem: Problem, code: string, details: unknown): Problem {
  if (Array.isArray(details)) {
    if (code === 'invalid-definition') problem.diagnostics = details;
    else problem.errors = details;
  } else if (details !== null && typeof details === 'object') {
    for (const [key, value] of Object.entries(details)) {
      if (!RESERVED.has(key) && value !== undefined) problem[key] = value;
    }
  }
  return problem;
}

/** Headers every answer of `status` carries: a 401 names its scheme (RFC 9110), a second factor asked for included. */
function statusHeaders(status: number): Record<string, string> {
  return status === 401 ? { 'WWW-Authenticate': 'Bearer realm="caseflow"' } : {};
}

/** Maps any thrown value to its problem document. */
export function toProblem(error: unknown, context: ProblemContext = {}): ProblemAnswer {
  const base = { requestId: context.requestId, instance: context.instance };
  if (error instanceof CaseflowError) {
    const known = ENGINE_CODES[error.code] ?? ENGINE_CODES.internal;
    const status = error.code === 'stale-revision' && context.conditional ? 412 : known.status;
    const internal = known.status === 500;
    const problem = withDetails(
      {
        type: typeOf(error.code),
        title: status === 412 ? 'Precondition failed: the case has changed' : known.title,
        status,
        detail: internal ? 'Something went wrong on the server; the log has the details under this request id.' : error.message,
        code: error.code,
        ...base,
      },
      error.code,
      internal ? undefined : error.details,
    );
    const headers = statusHeaders(status);
    if (known.retryAfter !== undefined) headers['Retry-After'] = String(known.retryAfter);
    return { problem, headers, unexpected: internal };
  }
  if (error instanceof RequestProblem) {
    const problem: Problem = {
      type: typeOf(error.code),
      title: REQUEST_TITLES[error.status] ?? 'Request refused',
      status: error.status,
      detail: error.message,
      code: error.code,
      ...base,
    };
    return { problem: withDetails(problem, error.code, error.extensions), headers: { ...statusHeaders(error.status), ...error.headers }, unexpected: false };
  }
  if (error instanceof HTTPException && error.status < 500) {
    const code = `http-${error.status}`;
    const problem: Problem = {
      type: typeOf(code),
      title: REQUEST_TITLES[error.status] ?? 'Request refused',
      status: error.status,
      detail: error.message || (REQUEST_TITLES[error.status] ?? 'Request refused'),
      code,
      ...base,
    };
    return { problem, headers: {}, unexpected: false };
  }
  return {
    problem: {
      type: typeOf('internal'),
      title: ENGINE_CODES.internal.title,
      status: 500,
      detail: 'Something went wrong on the server; the log has the details under this request id.',
      code: 'internal',
      ...base,
    },
    headers: {},
    unexpected: true,
  };
}

/** A `Response` carrying a problem document. */
export function problemResponse(answer: ProblemAnswer): Response {
  return new Response(JSON.stringify(answer.problem), {
    status: answer.problem.status,
    headers: { 'Content-Type': 'application/problem+json; charset=utf-8', ...answer.headers },
  });
}
