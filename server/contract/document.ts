/**
 * The OpenAPI 3.1 document, written from the operation declarations: one document whatever
 * the clock (the manual clock's route is described and marked as such). Schemas with an `$id`
 * become named components, so generated clients get named types, and the problem answers are
 * written once as shared response components.
 */
import type { TSchema } from '@sinclair/typebox';
import { API_OPERATIONS } from './index.js';
import type { OperationSpec, ResponseSpec } from './operation.js';
import { SHARED_PROBLEMS, sharedProblem, standardResponses } from './problems.js';
import { problem, PROBLEM_CODES, ProblemShape } from './shapes.js';

/** A JSON object of the document. */
type Json = Record<string, unknown>;

/** The parts of an OpenAPI 3.1 document this module writes. */
export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  servers: Array<{ url: string }>;
  security: Array<Record<string, string[]>>;
  paths: Record<string, Record<string, Json>>;
  components: { securitySchemes: Json; schemas: Record<string, Json>; responses: Record<string, Json> };
}

/** Hoists every `$id` schema of `schema` into `components`, leaving a `$ref` in its place. */
function hoisted(schema: TSchema | Json, components: Record<string, Json>): Json {
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (value === null || typeof value !== 'object') return value;
    const copy: Json = {};
    for (const [key, inner] of Object.entries(value)) if (key !== '$id') copy[key] = walk(inner);
    const id = '$id' in value ? value.$id : undefined;
    if (typeof id !== 'string') return copy;
    const known = components[id];
    if (known !== undefined && JSON.stringify(known) !== JSON.stringify(copy)) throw new Error(`Two different schemas are named ${id}.`);
    components[id] = copy;
    return { $ref: `#/components/schemas/${id}` };
  };
  // JSON round trip first: TypeBox marks its schemas with symbols, which the document does not carry.
  const plain: unknown = JSON.parse(JSON.stringify(schema));
  const result = walk(plain);
  return result !== null && typeof result === 'object' && !Array.isArray(result) ? Object.fromEntries(Object.entries(result)) : {};
}

/** The response object of one answer, with its headers and body. */
function writtenResponse(spec: ResponseSpec, components: Record<string, Json>): Json {
  const answer: Json = { description: spec.description };
  if (spec.headers) {
    answer.headers = Object.fromEntries(Object.entries(spec.headers).map(([name, header]) => [name, { description: header.description, required: header.optional !== true, schema: hoisted(header.schema, components) }]));
  }
  if (spec.body) {
    const content: Json = { [spec.mediaType ?? 'application/json']: { schema: hoisted(spec.body, components) } };
    for (const type of spec.alternatives ?? []) content[type] = { schema: { type: 'string' } };
    answer.content = content;
  }
  return answer;
}

/** The shared problem answers as response components, by name. */
function sharedResponses(components: Record<string, Json>): Record<string, Json> {
  return Object.fromEntries(Object.values(SHARED_PROBLEMS).map((shared) => [shared.name, writtenResponse({ ...problem(shared.description), headers: shared.headers }, components)]));
}

/** The response object of one answer: a problem refers to its status's shared answer, saying more where it does. */
function responseObject(status: number, spec: ResponseSpec, components: Record<string, Json>): Json {
  if (spec.body !== ProblemShape) return writtenResponse(spec, components);
  const shared = sharedProblem(status);
  const ref: Json = { $ref: `#/components/responses/${shared.name}` };
  if (spec.description !== shared.description) ref.description = spec.description;
  return ref;
}

/** The parameters of one location (`path`, `query`, `header`). */
function parameters(where: 'path' | 'query' | 'header', schema: TSchema | undefined, components: Record<string, Json>): Json[] {
  if (schema === undefined) return [];
  const required = new Set<string>(Array.isArray(schema.required) ? schema.required : []);
  const properties: Record<string, TSchema> = schema.properties ?? {};
  return Object.entries(properties).map(([name, property]) => {
    const parameter: Json = { name, in: where, required: where === 'path' || required.has(name), schema: hoisted(property, components) };
    if (typeof property.description === 'string') parameter.description = property.description;
    return parameter;
  });
}

/** The operation object of one declaration. */
function operationObject(op: OperationSpec, components: Record<string, Json>): Json {
  const responses = { ...standardResponses(op), ...op.responses };
  const operation: Json = {
    operationId: op.id,
    summary: op.summary,
    parameters: [...parameters('path', op.params, components), ...parameters('query', op.query, components), ...parameters('header', op.headers, components)],
    responses: Object.fromEntries(Object.entries(responses).map(([status, spec]) => [status, responseObject(Number(status), spec, components)])),
  };
  const notes = [op.description, op.roles ? `Roles: ${op.roles.join(', ')}.` : undefined].filter((note) => note !== undefined);
  if (notes.length > 0) operation.description = notes.join(' ');
  if (op.manualClockOnly) operation['x-manual-clock-only'] = true;
  if (op.public) operation.security = [];
  if (op.body) {
    const content: Json = { 'application/json': { schema: hoisted(op.body, components) } };
    if (op.bodyMode === 'json-or-yaml') content['application/yaml'] = { schema: { type: 'string', description: 'the YAML text itself' } };
    operation.requestBody = { required: op.bodyMode !== 'optional-json', content };
  }
  return operation;
}

/** The OpenAPI 3.1 document of the API. */
export function openApiDocument(): OpenApiDocument {
  const components: Record<string, Json> = {};
  const paths: OpenApiDocument['paths'] = {};
  const responses = sharedResponses(components);
  for (const op of API_OPERATIONS) {
    const path = op.path.replace(/:(\w+)/g, '{$1}');
    paths[path] ??= {};
    paths[path][op.method] = operationObject(op, components);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Caseflow API',
      version: '0.2.0',
      description: `Cases of YAML-defined processes: open them, move them by events, audit and replay them. Errors are application/problem+json (RFC 9457) with a stable code: ${PROBLEM_CODES.join(', ')}.`,
    },
    servers: [{ url: '/' }],
    security: [{ session: [] }, { bearer: [] }],
    paths,
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'caseflow_session', description: 'from POST /api/session; unsafe methods also need X-CSRF-Token' },
        bearer: { type: 'http', scheme: 'bearer', description: 'an API token from POST /api/tokens' },
      },
      schemas: components,
      responses,
    },
  };
}
