import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../server/contract/document.js';
import { ContractCheck } from './contract-check.js';

/** One operation: a case answered with a closed body and an ETag, or a shared 404. */
const DOCUMENT = {
  openapi: '3.1.0',
  paths: {
    '/api/cases/{id}': {
      get: {
        responses: {
          200: {
            description: 'the case',
            headers: { ETag: { required: true, schema: { type: 'string', pattern: '^"\\d+"$' } } },
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Case' } } },
          },
          404: { $ref: '#/components/responses/NotFound' },
        },
      },
    },
  },
  components: {
    schemas: {
      Case: { type: 'object', required: ['id', 'revision'], additionalProperties: false, properties: { id: { type: 'string' }, revision: { type: 'integer' } } },
    },
    responses: {
      NotFound: { description: 'not found', content: { 'application/problem+json': { schema: { type: 'object', required: ['code'], properties: { code: { type: 'string' } } } } } },
    },
  },
};

const answer = (status: number, body: unknown, headers: Record<string, string> = {}, type = 'application/json') =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': type, ...headers } });

/** The violations one answer gives. */
async function violationsOf(response: Response): Promise<string[]> {
  const check = new ContractCheck(DOCUMENT);
  await check.check('GET', '/api/cases/{id}', response);
  return check.violations;
}

describe('the contract check the HTTP contract test runs every answer through', () => {
  it('passes an answer the document declares, shared problem answers included', async () => {
    expect(await violationsOf(answer(200, { id: 'c1', revision: 3 }, { ETag: '"3"' }))).toEqual([]);
    expect(await violationsOf(answer(404, { code: 'not-found' }, {}, 'application/problem+json'))).toEqual([]);
  });

  it('fails a status the operation does not declare', async () => {
    expect(await violationsOf(answer(409, { code: 'conflict' }, {}, 'application/problem+json'))).toEqual([expect.stringMatching(/^GET \/api\/cases\/\{id\} 409: status not declared/)]);
  });

  it('fails a field the document does not name, and a declared field of the wrong type', async () => {
    expect(await violationsOf(answer(200, { id: 'c1', revision: 3, searchText: 'c1 wang' }, { ETag: '"3"' }))).toEqual([expect.stringContaining('(searchText)')]);
    expect(await violationsOf(answer(200, { id: 'c1', revision: '3' }, { ETag: '"3"' }))).toEqual([expect.stringContaining('/revision must be integer')]);
  });

  it('fails a required header not sent, a header that does not fit, and an undeclared media type', async () => {
    expect(await violationsOf(answer(200, { id: 'c1', revision: 3 }))).toEqual(['GET /api/cases/{id} 200: header ETag not sent']);
    expect(await violationsOf(answer(200, { id: 'c1', revision: 3 }, { ETag: 'W/"3"' }))).toEqual([expect.stringContaining('header ETag "W/"3"" does not fit')]);
    expect(await violationsOf(answer(200, { id: 'c1', revision: 3 }, { ETag: '"3"' }, 'text/plain'))).toEqual([expect.stringContaining('media type text/plain not declared')]);
  });
});

/** Paths of the objects under `value` that name properties but let others through. */
function openObjects(value: unknown, path: string, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((item, i) => openObjects(item, `${path}/${i}`, out));
  else if (value !== null && typeof value === 'object') {
    const schema = Object(value);
    if (schema.properties !== undefined && schema.additionalProperties !== false) out.push(path);
    for (const [key, inner] of Object.entries(schema)) openObjects(inner, `${path}/${key}`, out);
  }
  return out;
}

describe('the served document', () => {
  it('closes every object it answers with, so that an answer with an undocumented field fails the contract test', () => {
    const document = openApiDocument();
    const responses = Object.entries(document.paths).flatMap(([path, item]) => Object.entries(Object(item)).map(([method, operation]) => [`${method} ${path}`, Object(operation).responses]));
    expect(openObjects(Object.fromEntries(responses), 'paths')).toEqual([]);
    expect(openObjects(document.components, 'components')).toEqual([]);
    expect(openObjects({ properties: {} }, 'probe')).toEqual(['probe']);
  });
});
