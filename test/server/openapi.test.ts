import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '../../server/contract/document.js';
import { API_OPERATIONS } from '../../server/contract/index.js';
import { createHarness, type Harness } from './harness.js';

function refsIn(value: unknown, found: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) value.forEach((item) => refsIn(item, found));
  else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === '$ref' && typeof inner === 'string') found.add(inner);
      else refsIn(inner, found);
    }
  }
  return found;
}

describe('the OpenAPI document', () => {
  const document = openApiDocument();

  it('is OpenAPI 3.1 with a path for every operation, in OpenAPI path syntax', () => {
    expect(document.openapi).toBe('3.1.0');
    const paths = Object.keys(document.paths);
    for (const op of API_OPERATIONS) expect(paths).toContain(op.path.replace(/:(\w+)/g, '{$1}'));
    expect(paths.every((path) => !path.includes(':'))).toBe(true);
  });

  it('resolves every schema and response reference it makes', () => {
    const { schemas, responses } = document.components;
    const refs = [...refsIn(document)];
    for (const ref of refs) expect(ref).toMatch(/^#\/components\/(schemas|responses)\//);
    for (const ref of refs.filter((ref) => ref.startsWith('#/components/schemas/'))) expect(Object.keys(schemas)).toContain(ref.replace('#/components/schemas/', ''));
    for (const ref of refs.filter((ref) => ref.startsWith('#/components/responses/'))) expect(Object.keys(responses)).toContain(ref.replace('#/components/responses/', ''));
  });

  it('writes each problem answer once as a shared response, which operations refer to with their own description', () => {
    expect(document.components.responses.NotFound).toEqual({
      description: 'nothing by that id the caller may see (not-found)',
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    });
    expect(document.components.responses.Unauthenticated).toMatchObject({ headers: { 'WWW-Authenticate': { required: true } } });
    const getCase = document.paths['/api/cases/{id}'].get;
    expect(getCase).toMatchObject({ responses: { 401: { $ref: '#/components/responses/Unauthenticated' }, 404: { $ref: '#/components/responses/NotFound' } } });
    const createUser = document.paths['/api/users'].post;
    expect(createUser).toMatchObject({ responses: { 409: { $ref: '#/components/responses/Conflict', description: 'the username is taken' } } });
    const problemBodies = JSON.stringify(document.paths).split('"application/problem+json"').length - 1;
    expect(problemBodies).toBe(0);
  });

  it('gives every operation a unique id, and marks only health, login and itself as public', () => {
    const operations = Object.values(document.paths).flatMap((item) => Object.values(item));
    const ids = operations.map((op) => String(op.operationId));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((_, i) => operations[i].security !== undefined).sort()).toEqual(['health', 'login', 'openApi']);
  });

  it('lists the problem codes as an enum, guard-refused apart from event-not-allowed', () => {
    const { Problem } = document.components.schemas;
    expect(Problem).toMatchObject({ properties: { code: { enum: expect.arrayContaining(['event-not-allowed', 'guard-refused', 'invalid-input', 'malformed-json']) } } });
  });

  it('describes the case without its storage columns', () => {
    const properties = Object.keys(Object(document.components.schemas.CaseDto.properties));
    expect(properties).toEqual(expect.arrayContaining(['id', 'state', 'revision', 'snapshot', 'actions', 'deadlines']));
    for (const column of ['searchText', 'lastHash']) expect(properties).not.toContain(column);
  });
});

describe('GET /api/openapi.json', () => {
  let manual: Harness;
  let system: Harness;
  beforeAll(async () => {
    manual = await createHarness({ publish: false, users: {} });
    system = await createHarness({ publish: false, users: {}, config: { clock: 'system' } });
  });
  afterAll(async () => {
    await manual.close();
    await system.close();
  });

  it('is served without a login, the same whatever the clock, and marks the manual clock\'s route', async () => {
    const fromManual = await manual.call('GET', '/api/openapi.json');
    const fromSystem = await system.call('GET', '/api/openapi.json');
    expect([fromManual.status, fromSystem.status]).toEqual([200, 200]);
    const served = await fromManual.json();
    expect(await fromSystem.json()).toEqual(served);
    expect(served.paths['/api/clock/advance'].post).toMatchObject({ 'x-manual-clock-only': true });
  });
});
