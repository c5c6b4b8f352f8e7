/**
 * The HTTP client of the admin UI: cookie session, CSRF header on unsafe requests, and
 * problem+json errors turned into `ApiError`. The UI talks to the engine only through here.
 */
import type { Diagnostic } from '../../engine/dsl/diagnostic.js';
import { afterWrite } from './lib/query-client.js';

/** A field problem as the server reports it in a 422. */
export interface FieldProblem {
  field: string;
  message: string;
}

/** A refused request, carrying what the problem+json body said. */
export class ApiError extends Error {
  readonly status: number;
  readonly detail: string;
  readonly errors: FieldProblem[];
  readonly diagnostics: Diagnostic[];
  /** The body as sent, for extra members such as the current state on a 409. */
  readonly body: Record<string, unknown>;

  constructor(status: number, body: Record<string, unknown>) {
    const detail = typeof body.detail === 'string' ? body.detail : typeof body.title === 'string' ? body.title : `HTTP ${status}`;
    super(detail);
    this.name = 'ApiError';
    this.status = status;
    this.detail = detail;
    this.body = body;
    this.errors = Array.isArray(body.errors) ? body.errors.filter(isFieldProblem) : [];
    this.diagnostics = Array.isArray(body.diagnostics) ? body.diagnostics.filter(isDiagnostic) : [];
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isFieldProblem(value: unknown): value is FieldProblem {
  return isRecord(value) && typeof value.message === 'string' && typeof value.field === 'string';
}

function isDiagnostic(value: unknown): value is Diagnostic {
  return isRecord(value) && typeof value.message === 'string' && typeof value.line === 'number';
}

let csrfToken: string | undefined;
let csrfLoaded = false;

function currentCsrfToken(): string | undefined {
  if (!csrfLoaded) {
    csrfLoaded = true;
    csrfToken = sessionStorage.getItem('caseflow.csrf') ?? undefined;
  }
  return csrfToken;
}

/** Remembers the CSRF token handed out at login (kept for this tab only). */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
  csrfLoaded = true;
  if (token) sessionStorage.setItem('caseflow.csrf', token);
  else sessionStorage.removeItem('caseflow.csrf');
}

/** Options of one request. */
export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** Requests sent with POST that change nothing on the server (checks of a draft). */
const ANSWERS_ONLY = /^\/api\/(?:simulate|processes\/(?:validate|preview-template))\b/;

/** Sends a request to the API and returns the parsed JSON body, or throws `ApiError`. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const token = method === 'GET' ? undefined : currentCsrfToken();
  if (token) headers['X-CSRF-Token'] = token;
  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: options.signal,
  });
  const text = await response.text();
  let parsed: unknown = undefined;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = { detail: text.slice(0, 300) };
    }
  }
  if (!response.ok) {
    if (response.status === 401 && path !== '/api/session') unauthorizedListener?.();
    throw new ApiError(response.status, isRecord(parsed) ? parsed : {});
  }
  if (method !== 'GET' && !ANSWERS_ONLY.test(path)) afterWrite();
  // The server's JSON is trusted to match the contract types in engine/runtime/types.ts.
  const body: T = JSON.parse(text || 'null');
  return body;
}

let unauthorizedListener: (() => void) | undefined;

/** Called when a request answers 401 (the session ended): the shell goes back to the login page. */
export function onUnauthorized(listener: () => void): void {
  unauthorizedListener = listener;
}

/** Builds a query string from the set values only. */
export function query(params: Record<string, string | number | boolean | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '' && value !== false) search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
