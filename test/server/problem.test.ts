import { HTTPException } from 'hono/http-exception';
import { describe, expect, it } from 'vitest';
import { CaseflowError, type CaseflowErrorCode } from '../../engine/errors.js';
import { problemResponse, RequestProblem, toProblem } from '../../server/problem.js';

describe('errors become problem documents in one place', () => {
  it.each<[CaseflowErrorCode, number]>([
    ['invalid-definition', 422],
    ['invalid-input', 422],
    ['event-not-allowed', 409],
    ['role-not-allowed', 403],
    ['stale-revision', 409],
    ['not-found', 404],
    ['conflict', 409],
    ['unauthenticated', 401],
    ['read-only', 503],
    ['unavailable', 503],
    ['internal', 500],
  ])('answers the engine code %s with %i', (code, status) => {
    const { problem } = toProblem(new CaseflowError(code, 'why'));
    expect(problem).toMatchObject({ status, code, type: `urn:caseflow:problem:${code}` });
  });

  it('answers a stale revision with 412 when the request named a revision with If-Match', () => {
    expect(toProblem(new CaseflowError('stale-revision', 'moved'), { conditional: true }).problem.status).toBe(412);
  });

  it('lists diagnostics of an invalid definition and field errors of invalid input', () => {
    const diagnostics = [{ line: 3, column: 5, path: 'states.a', message: 'bad', severity: 'error' }];
    expect(toProblem(new CaseflowError('invalid-definition', 'x', { details: diagnostics })).problem.diagnostics).toEqual(diagnostics);
    const errors = [{ field: 'plan', message: 'is required' }];
    expect(toProblem(new CaseflowError('invalid-input', 'x', { details: errors })).problem.errors).toEqual(errors);
  });

  it('carries the current state of a refused event and never lets details overwrite the standard members', () => {
    const { problem } = toProblem(new CaseflowError('event-not-allowed', 'not now', { details: { state: 'draft', status: 200, type: 'evil' } }));
    expect(problem).toMatchObject({ state: 'draft', status: 409, type: 'urn:caseflow:problem:event-not-allowed' });
  });

  it('asks a read-only store to be retried later, an unreachable database sooner, and a 401 for a Bearer token', () => {
    expect(toProblem(new CaseflowError('read-only', 'disk full')).headers['Retry-After']).toBe('30');
    expect(toProblem(new CaseflowError('unavailable', 'restarting')).headers['Retry-After']).toBe('2');
    expect(toProblem(new CaseflowError('unauthenticated', 'who')).headers['WWW-Authenticate']).toMatch(/^Bearer/);
  });

  it('hides the message of unexpected errors and flags them for the log', () => {
    const answer = toProblem(new TypeError('secret internals at /srv/x.ts'), { requestId: 'r1' });
    expect(answer.unexpected).toBe(true);
    expect(answer.problem).toMatchObject({ status: 500, code: 'internal', requestId: 'r1' });
    expect(answer.problem.detail).not.toContain('secret');
    expect(toProblem(new CaseflowError('internal', 'SQLITE_CORRUPT at page 7')).problem.detail).not.toContain('SQLITE');
  });

  it('maps the server\'s own refusals and Hono exceptions', () => {
    const limited = toProblem(new RequestProblem(429, 'too-many-login-attempts', 'wait', { headers: { 'Retry-After': '60' } }));
    expect(limited.problem).toMatchObject({ status: 429, title: 'Too many attempts', code: 'too-many-login-attempts' });
    expect(limited.headers).toEqual({ 'Retry-After': '60' });
    expect(toProblem(new HTTPException(405, { message: 'no' })).problem).toMatchObject({ status: 405, code: 'http-405' });
  });

  it('answers with application/problem+json', async () => {
    const response = problemResponse(toProblem(new CaseflowError('not-found', 'no case C1')));
    expect(response.status).toBe(404);
    expect(response.headers.get('Content-Type')).toBe('application/problem+json; charset=utf-8');
    expect(await response.json()).toMatchObject({ detail: 'no case C1', title: 'Not found' });
  });
});
