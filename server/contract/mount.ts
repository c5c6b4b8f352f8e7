/**
 * Mounts a declared operation on a Hono router: its role check, then its path parameters, query
 * and body checked against the declaration (422 naming each field), then the handler.
 */
import type { Context, Hono } from 'hono';
import { requireRoles } from '../auth/roles.js';
import { readJsonObject } from '../body.js';
import type { AppEnv } from '../context.js';
import type { OperationSpec, RequestOf } from './operation.js';
import { checkerOf } from './validate.js';

/** Handles a declared operation with its checked request. */
export type OperationHandler<O extends OperationSpec> = (c: Context<AppEnv>, request: RequestOf<O>) => Response | Promise<Response>;

/** The path of `op` within a router mounted at `/api` (or at `/` for paths outside it). */
function localPath(path: string): string {
  return path.startsWith('/api/') ? path.slice('/api'.length) : path;
}

/** True when the request carries no body at all. */
function hasNoBody(c: Context<AppEnv>): boolean {
  return c.req.header('content-length') === '0' || c.req.header('content-type') === undefined;
}

const YES = new Set(['1', 'yes']);
const NO = new Set(['0', 'no']);

/**
 * The query as an object of its non-empty values (an empty value counts as absent); a declared
 * boolean also takes 1/0 and yes/no.
 */
function queryObject(c: Context<AppEnv>, booleans: ReadonlySet<string>): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [name, value] of Object.entries(c.req.query())) {
    if (value === '') continue;
    query[name] = booleans.has(name) && YES.has(value) ? 'true' : booleans.has(name) && NO.has(value) ? 'false' : value;
  }
  return query;
}

/** Mounts `op` on `routes` (a router mounted at `/api`, or at `/`). */
export function mount<const O extends OperationSpec>(routes: Hono<AppEnv>, op: O, handler: OperationHandler<O>): void {
  const params = checkerOf<RequestOf<O>['params']>(op.params, 'path', true);
  const query = checkerOf<RequestOf<O>['query']>(op.query, 'query', true);
  const mode = op.bodyMode ?? 'json';
  // A body that may be YAML is read by the route, which checks its JSON form with `shapeChecker`.
  const body = checkerOf<RequestOf<O>['body']>(mode === 'json-or-yaml' ? undefined : op.body, 'request body');
  const booleans = new Set(Object.entries(op.query?.properties ?? {}).filter(([, schema]) => schema.type === 'boolean').map(([name]) => name));
  const handle = async (c: Context<AppEnv>): Promise<Response> => {
    const request: RequestOf<O> = {
      params: params(c.req.param()),
      query: query(queryObject(c, booleans)),
      body: op.body === undefined || mode === 'json-or-yaml' ? body(undefined) : body(mode === 'optional-json' && hasNoBody(c) ? {} : await readJsonObject(c)),
    };
    return handler(c, request);
  };
  const method = op.method.toUpperCase();
  if (op.roles) routes.on(method, localPath(op.path), requireRoles(...op.roles), handle);
  else routes.on(method, localPath(op.path), handle);
}
