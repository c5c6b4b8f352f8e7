/**
 * Reading request bodies: the content type is checked (415), JSON is parsed by us so a syntax
 * error is a clear 400; the shapes of the fields are checked against each route's declaration.
 */
import type { Context } from 'hono';
import { CaseflowError } from '../engine/errors.js';
import { RequestProblem } from './problem.js';

/** A JSON object from a request body. */
export type JsonObject = Record<string, unknown>;

/** True for a plain JSON object (not null, not an array). */
export function isJsonObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;
const YAML_TYPE = /^(?:application\/(?:x-)?yaml|text\/(?:x-)?yaml|text\/plain)\s*(?:;|$)/i;

/** The media type of the request, lower-cased, without parameters. */
function mediaType(c: Context): string {
  return (c.req.header('Content-Type') ?? '').split(';')[0].trim().toLowerCase();
}

/** True when the request says it carries JSON. */
export function isJsonRequest(c: Context): boolean {
  return JSON_TYPE.test(c.req.header('Content-Type') ?? '');
}

/** True when the request says it carries YAML (or plain text). */
export function isYamlRequest(c: Context): boolean {
  return YAML_TYPE.test(c.req.header('Content-Type') ?? '');
}

/**
 * Deepest nesting of objects and arrays a JSON body may have (the body itself is level 1).
 * Far beyond any real case data, and shallow enough that everything accepted can be stored,
 * hashed as canonical JSON, rendered and replayed without running out of stack.
 */
export const MAX_JSON_DEPTH = 64;

/** How deeply objects and arrays nest in JSON text, stopping early once past `limit`. */
export function jsonDepth(text: string, limit = Infinity): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 0x5c) i += 1;
      else if (code === 0x22) inString = false;
    } else if (code === 0x22) inString = true;
    else if (code === 0x7b || code === 0x5b) {
      depth += 1;
      if (depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (code === 0x7d || code === 0x5d) depth -= 1;
  }
  return deepest;
}

/**
 * Parses JSON text that must be an object; 400 for a syntax error, 422 for another shape, for
 * nesting deeper than MAX_JSON_DEPTH, or for a NUL character in any text.
 */
export function parseJsonObject(text: string): JsonObject {
  if (text.trim() === '') throw new RequestProblem(400, 'empty-body', 'The request body is empty; send a JSON object.');
  if (jsonDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    throw new CaseflowError('invalid-input', `The request body nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep; at most ${MAX_JSON_DEPTH} are allowed.`, {
      details: [{ field: '(body)', message: `must not nest more than ${MAX_JSON_DEPTH} levels deep` }],
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof SyntaxError ? error.message : 'unreadable';
    throw new RequestProblem(400, 'malformed-json', `The request body is not valid JSON (${reason}).`);
  }
  if (!isJsonObject(value)) {
    throw new CaseflowError('invalid-input', 'The request body must be a JSON object.', { details: [{ field: '(body)', message: 'must be a JSON object' }] });
  }
  const nul = nulField(value, '');
  if (nul !== undefined) {
    throw new CaseflowError('invalid-input', `The request body holds a NUL character (\\u0000) in ${nul}; text may not contain one.`, {
      details: [{ field: nul, message: 'must not contain a NUL character' }],
    });
  }
  return value;
}

/** Dotted path of the first text (value or key) holding a NUL character, if any. */
function nulField(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path || '(body)' : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const found = nulField(value[i], `${path}[${i}]`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, member] of Object.entries(value)) {
    const at = path === '' ? key : `${path}.${key}`;
    if (key.includes('\u0000')) return at;
    const found = nulField(member, at);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Reads the body as a JSON object; 415 unless the content type is JSON. */
export async function readJsonObject(c: Context): Promise<JsonObject> {
  if (!isJsonRequest(c)) {
    throw new RequestProblem(415, 'unsupported-media-type', `Send the body as application/json (got ${mediaType(c) || 'no content type'}).`, {
      headers: { 'Accept-Post': 'application/json' },
    });
  }
  return parseJsonObject(await c.req.text());
}
