/**
 * Building blocks of the API's JSON shapes (TypeBox, so JSON Schema), shared by the operation
 * declarations: texts with limits, epoch times, open objects, the problem document.
 */
import { Type as T, type IntegerOptions, type Static, type TSchema } from '@sinclair/typebox';
import { CASEFLOW_ERROR_CODES } from '../../engine/errors.js';
import { REQUEST_PROBLEM_CODES } from '../problem.js';

/** Non-blank text of at most `max` characters. */
export const Text = (max: number, options: { description?: string } = {}) => T.String({ minLength: 1, maxLength: max, pattern: '\\S', ...options });

/** One of the given texts (a JSON Schema `enum`, so generated clients get a union). */
export const Enum = <const V extends readonly string[]>(values: V, options: { description?: string; default?: V[number] } = {}) =>
  T.Unsafe<V[number]>({ type: 'string', enum: [...values], ...options });

const TIME_TEXT = '^(\\d{1,15}|\\d{4}-\\d{2}-\\d{2}([T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:?\\d{2})?)?)$';

/** A time as text: a date (2025-03-31), an ISO date-time or epoch milliseconds. */
export const TimeText = (description: string) =>
  T.String({ pattern: TIME_TEXT, description: `${description}: a date (2025-03-31), an ISO date-time or epoch milliseconds`, 'x-message': 'must be a date (2025-03-31), an ISO date-time or epoch milliseconds' });

/** An instant: epoch milliseconds, or an ISO date-time. */
export const Instant = (description = 'ISO date-time or epoch milliseconds') =>
  T.Unsafe<number | string>({ type: ['integer', 'string'], pattern: TIME_TEXT, description, 'x-message': 'must be an ISO date-time or epoch milliseconds' });

/** Any string. */
export const Str = (options: { description?: string } = {}) => T.String(options);

/** A whole number. */
export const Int = (options: IntegerOptions = {}) => T.Integer(options);

/** A moment in epoch milliseconds. */
export const EpochMs = (description = 'epoch milliseconds') => T.Integer({ description });

/** A list of strings. */
export const Strings = (options: { description?: string; minItems?: number; maxItems?: number } = {}) => T.Array(T.String(), options);

/** A JSON object whose members are free-form (case data, event input, a JSON Schema): `Record<string, unknown>` in clients. */
export const OpenObject = (description: string) => T.Unsafe<Record<string, unknown>>({ type: 'object', additionalProperties: true, description });

/** An object mapping names to texts (template files by path, labels by id). */
export const TextMap = (description: string) => T.Unsafe<Record<string, string>>({ type: 'object', additionalProperties: { type: 'string' }, description });

/** An object mapping names to values of one shape (tables by name). */
export const MapOf = <S extends TSchema>(schema: S, description: string) => T.Unsafe<Record<string, Static<S>>>({ type: 'object', additionalProperties: schema, description });

/** An object mapping names to whole numbers (counts by status). */
export const CountMap = (description: string) => T.Unsafe<Record<string, number>>({ type: 'object', additionalProperties: { type: 'integer' }, description });

/** Any JSON value. */
export const AnyJson = (description: string) => T.Unknown({ description });

/** A closed object: responses say every field they carry. */
export const Obj = <P extends Record<string, TSchema>>(properties: P, options: { $id?: string; description?: string } = {}) =>
  T.Object(properties, { additionalProperties: false, ...options });

/** An optional member. */
export const Opt = <S extends TSchema>(schema: S) => T.Optional(schema);

/** A field problem: `{ field: "plan", message: "is required" }`. */
export const FieldErrorShape = Obj({ field: Str(), message: Str() }, { $id: 'FieldError' });

/** A diagnostic of a process file, with its line and column. */
export const DiagnosticShape = Obj(
  {
    line: Int(), column: Int(), path: Str(), message: Str(), severity: Enum(['error', 'warning']), file: Opt(Str()),
    related: Opt(T.Array(Obj({ line: Int(), column: Int(), path: Str(), message: Str() }), { description: 'other places of the problem: the use of the block it lies in' })),
  },
  { $id: 'Diagnostic' },
);

/** Every stable problem code the API answers with. */
export const PROBLEM_CODES = [...CASEFLOW_ERROR_CODES, ...REQUEST_PROBLEM_CODES] as const;

/** An RFC 9457 problem document with Caseflow's members. */
export const ProblemShape = T.Object(
  {
    type: Str({ description: 'urn:caseflow:problem:<code>' }),
    title: Str(),
    status: Int(),
    detail: Str(),
    code: Enum(PROBLEM_CODES, { description: 'stable machine-readable code' }),
    instance: Opt(Str()),
    requestId: Opt(Str()),
    errors: Opt(T.Array(FieldErrorShape, { description: 'field problems: each names its field' })),
    diagnostics: Opt(T.Array(DiagnosticShape, { description: 'problems of a process file, with line and column' })),
    state: Opt(Str({ description: 'the case\'s state, on event-not-allowed and guard-refused' })),
    condition: Opt(Str({ description: 'on guard-refused: the condition that does not hold (the labels of the named conditions that failed, else its label or its expression)' })),
    rules: Opt(T.Array(Obj({ name: Str(), label: Opt(Str()) }), { description: 'on guard-refused: the named conditions of the event\'s if that do not hold' })),
    retryAfter: Opt(Int({ description: 'seconds, on too-many-login-attempts' })),
    revision: Opt(Int({ description: 'the case\'s revision now, on stale-revision' })),
    roles: Opt(Strings({ description: 'roles that may do it (open the case, assign it, claim it from its queue)' })),
    assigneeName: Opt(Str({ description: 'the holder\'s name, on conflict' })),
    expected: Opt(Int({ description: 'the revision If-Match named, on stale-revision' })),
    expectedRevision: Opt(Int({ description: 'the revision expected, on stale-revision' })),
    caseId: Opt(Str({ description: 'the case concerned' })),
    timer: Opt(AnyJson('the timer concerned')),
    required: Opt(Strings({ description: 'roles of which one is needed' })),
    assignee: Opt(Str({ description: 'who holds the case, on held-by-another' })),
  },
  { $id: 'Problem', additionalProperties: false, description: 'application/problem+json (RFC 9457); extension members as listed' },
);

/** A problem answer (application/problem+json) and when it happens; its headers are those of its status's shared answer. */
export const problem = (description: string) => ({ description, body: ProblemShape, mediaType: 'application/problem+json' });

/** The ETag header: the case revision as an entity tag, `"3"`. */
export const ETagHeader = { ETag: { schema: T.String({ pattern: '^"\\d+"$' }), description: 'the case revision as an entity tag, "3"' } };

/** The Location header of something created. */
export const LocationHeader = { Location: { schema: T.String(), description: 'where the new resource is read' } };
