/**
 * Checks answers against the served OpenAPI document: the status is declared, the media type is
 * one of the declared ones, the body fits its schema (responses are closed objects, so a field
 * the document does not name fails), and each declared header is sent and fits its schema.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import type { Middleware } from 'openapi-fetch';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);

/** `#/components/schemas/X` as `components#/schemas/X`, so that each schema compiles on its own. */
function rebased(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rebased);
  if (!isObject(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, key === '$ref' && typeof inner === 'string' ? inner.replace('#/components/', 'components#/') : rebased(inner)]));
}

/** What was answered, by `METHOD /path/{template} status`. */
export type Seen = Set<string>;

/** A checker of answers against one document. */
export class ContractCheck {
  /** Every answer that broke the contract, described. */
  readonly violations: string[] = [];
  /** Every answer seen. */
  readonly seen: Seen = new Set();
  private readonly ajv = new Ajv({ allErrors: true, strict: false });
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(private readonly document: Json) {
    const components = isObject(document.components) ? document.components : {};
    this.ajv.addSchema({ $id: 'components', ...Object(rebased(components)) });
  }

  /** The response object the document declares for an answer, if any. */
  declared(method: string, path: string, status: number): Json | undefined {
    const paths = isObject(this.document.paths) ? this.document.paths : {};
    const item = paths[path];
    const operation = isObject(item) ? item[method.toLowerCase()] : undefined;
    const responses = isObject(operation) && isObject(operation.responses) ? operation.responses : {};
    const response = responses[String(status)];
    return isObject(response) ? this.resolved(response) : undefined;
  }

  /** A response object, or the shared response a `$ref` names (`#/components/responses/NotFound`). */
  private resolved(response: Json): Json | undefined {
    if (typeof response.$ref !== 'string') return response;
    const components = isObject(this.document.components) ? this.document.components : {};
    const shared = isObject(components.responses) ? components.responses[response.$ref.replace('#/components/responses/', '')] : undefined;
    return isObject(shared) ? shared : undefined;
  }

  private validator(key: string, schema: unknown): ValidateFunction {
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(Object(rebased(schema)));
      this.compiled.set(key, validate);
    }
    return validate;
  }

  /** Checks one answer of `METHOD path` (path in the document's `{param}` syntax). */
  async check(method: string, path: string, response: Response): Promise<void> {
    const key = `${method.toUpperCase()} ${path} ${response.status}`;
    this.seen.add(key);
    const declared = this.declared(method, path, response.status);
    if (!declared) {
      this.violations.push(`${key}: status not declared (${await response.text()})`);
      return;
    }
    const headers = isObject(declared.headers) ? declared.headers : {};
    for (const [name, header] of Object.entries(headers)) {
      const value = response.headers.get(name);
      if (value === null) {
        if (isObject(header) && header.required === true) this.violations.push(`${key}: header ${name} not sent`);
      }
      else if (isObject(header) && !this.validator(`${key} header ${name}`, header.schema)(value)) this.violations.push(`${key}: header ${name} "${value}" does not fit its schema`);
    }
    const content = isObject(declared.content) ? declared.content : undefined;
    const text = await response.text();
    if (!content) {
      if (text !== '') this.violations.push(`${key}: a body where none is declared`);
      return;
    }
    const mediaType = (response.headers.get('Content-Type') ?? '').split(';')[0].trim();
    const media = content[mediaType];
    if (!isObject(media)) {
      this.violations.push(`${key}: media type ${mediaType || '(none)'} not declared (${Object.keys(content).join(', ')})`);
      return;
    }
    const body: unknown = mediaType.endsWith('json') ? JSON.parse(text) : text;
    const validate = this.validator(`${key} ${mediaType}`, media.schema);
    if (!validate(body)) {
      const problems = (validate.errors ?? []).map((error) => `${error.instancePath || '(body)'} ${error.message ?? ''}${error.keyword === 'additionalProperties' ? ` (${String(Object(error.params).additionalProperty)})` : ''}`);
      this.violations.push(`${key}: body does not fit: ${[...new Set(problems)].slice(0, 6).join('; ')}`);
    }
  }

  /** An openapi-fetch middleware that checks every answer. */
  middleware(): Middleware {
    return {
      onResponse: async ({ request, response, schemaPath }) => {
        await this.check(request.method, schemaPath, response.clone());
        return undefined;
      },
    };
  }
}
