/**
 * The declaration of one API operation: method, path, who may call it, and the shapes of its
 * request (path parameters, query, headers, body) and of every answer (status, body, headers).
 * Routes are mounted from it (`mount`) and the OpenAPI document is written from it.
 */
import type { Static, TObject, TSchema } from '@sinclair/typebox';

/** HTTP methods the API uses. */
export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** A response header: its schema and what it says. */
export interface HeaderSpec {
  schema: TSchema;
  description: string;
  /** Sent only in some answers (a download's `Content-Disposition`). */
  optional?: boolean;
}

/** One answer of an operation. */
export interface ResponseSpec {
  description: string;
  /** Schema of the body; absent for an empty body. */
  body?: TSchema;
  /** Media type of the body (default `application/json`; problems are `application/problem+json`). */
  mediaType?: string;
  /** Further media types with a text body (`text/csv`, `text/plain`). */
  alternatives?: string[];
  headers?: Record<string, HeaderSpec>;
}

/** How the request body is read. */
export type BodyMode =
  /** A JSON object, required (415 for another content type). */
  | 'json'
  /** A JSON object, or nothing at all. */
  | 'optional-json'
  /** JSON, or YAML text: the route reads it and checks the JSON form with `checkBody`. */
  | 'json-or-yaml';

/** The declaration of one operation. */
export interface OperationSpec {
  method: Method;
  /** Hono-style path: `/api/cases/:id`. */
  path: string;
  /** Stable name of the operation for generated clients (`getCase`). */
  id: string;
  summary: string;
  description?: string;
  /** Roles of which the caller needs one (any signed-in caller when absent). */
  roles?: readonly string[];
  /** Needs no caller at all. */
  public?: boolean;
  /** Served only when the server runs with `CASEFLOW_CLOCK=manual`. */
  manualClockOnly?: boolean;
  params?: TObject;
  /** Query parameters; their values are coerced to the declared types (integers, booleans). */
  query?: TObject;
  /** Request headers the operation reads (documented; the route parses them, 400 when malformed). */
  headers?: TObject;
  body?: TSchema;
  bodyMode?: BodyMode;
  /** Every answer, by status. */
  responses: Record<number, ResponseSpec>;
}

/** Declares an operation, keeping its literal types for the handler. */
export function operation<const O extends OperationSpec>(spec: O): O {
  return spec;
}

type StaticOf<S, Fallback> = S extends TSchema ? Static<S> : Fallback;

/** What a handler of `O` receives, checked against its declaration. */
export interface RequestOf<O extends OperationSpec> {
  params: StaticOf<O['params'], Record<string, never>>;
  query: StaticOf<O['query'], Record<string, never>>;
  /** Absent for a body read by the route itself (`json-or-yaml`). */
  body: O['bodyMode'] extends 'json-or-yaml' ? undefined : StaticOf<O['body'], undefined>;
}
