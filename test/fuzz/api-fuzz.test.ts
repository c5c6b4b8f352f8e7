/**
 * The HTTP API against hostile requests: broken and deep JSON, hostile ids, headers and query
 * strings, hostile process uploads, and random JSON bodies. Every answer comes quickly, is never
 * a 5xx, and every refusal is an RFC 9457 problem with a clear detail. Nothing is polluted and
 * the audit chains still verify.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complaint, createHarness, type CallOptions, type Harness, type Session } from '../server/harness.js';
import { BROKEN_YAML, HOSTILE_STRINGS } from './corpus.js';

const HANG_MS = 10_000;

interface Problem {
  status: number;
  detail: string;
  code: string;
}

describe('the API under hostile requests', () => {
  let h: Harness;
  let agent: Session;
  let owner: Session;
  let caseId: string;
  beforeAll(async () => {
    h = await createHarness({ users: { agent: ['agent'], owner: ['process-owner'] } });
    agent = await h.login('agent');
    owner = await h.login('owner');
    const opened = await h.call('POST', '/api/cases', { as: agent, json: { process: 'complaint-handling', data: complaint() } });
    const body: { id: string } = await opened.json();
    caseId = body.id;
  });
  afterAll(() => h.close());

  /** Sends a request and checks the answer is prompt, not a server error, and a clear problem when refused. */
  async function expectClearAnswer(method: string, path: string, options: CallOptions): Promise<number> {
    const started = performance.now();
    const response = await h.call(method, path, options);
    const text = await response.text();
    expect(performance.now() - started, `${method} ${path} took too long`).toBeLessThan(HANG_MS);
    expect(response.status, `${method} ${path.slice(0, 120)} answered ${response.status}: ${text.slice(0, 300)}`).toBeLessThan(500);
    if (response.status >= 400) {
      expect(response.headers.get('Content-Type')).toContain('application/problem+json');
      const problem: Problem = JSON.parse(text);
      expect(problem.status).toBe(response.status);
      expect(problem.detail.length).toBeGreaterThan(0);
      expect(problem.code.length).toBeGreaterThan(0);
    }
    expect({}).not.toHaveProperty('polluted');
    return response.status;
  }

  /** Percent-encodes a path segment; a lone surrogate becomes the malformed UTF-8 an attacker would send. */
  const segment = (text: string): string => {
    try {
      return encodeURIComponent(text);
    } catch {
      return '%ED%A0%80';
    }
  };

  const raw = (body: string, contentType = 'application/json'): CallOptions => ({ as: agent, body, headers: { 'Content-Type': contentType } });

  it('answers broken, deep, huge and polluting JSON bodies with problems', async () => {
    const bodies = [
      '{', '[', '{"process":', 'null', 'true', '42', '"text"', '[]', '{}', '\u0000', '{"a":1}{"b":2}',
      `${'['.repeat(100_000)}${']'.repeat(100_000)}`, `${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`,
      '{"__proto__": {"polluted": true}, "process": "complaint-handling", "data": {"__proto__": {"polluted": true}}}',
      '{"constructor": {"prototype": {"polluted": true}}, "type": "reply", "input": {"message": "x"}}',
      JSON.stringify({ process: 'complaint-handling', data: { ...complaint(), description: 'x'.repeat(3 * 1024 * 1024) } }),
      JSON.stringify({ process: 'complaint-handling', data: { ...complaint(), customer: { name: 1e309, phone: [] } } }),
    ];
    for (const body of bodies) {
      await expectClearAnswer('POST', '/api/cases', raw(body));
      await expectClearAnswer('POST', `/api/cases/${caseId}/events`, raw(body));
    }
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16', '']) {
      await expectClearAnswer('POST', '/api/cases', raw('{"process":"complaint-handling"}', contentType));
    }
  });

  it('answers hostile ids, event types, inputs and headers with problems', async () => {
    for (const hostile of HOSTILE_STRINGS) {
      const id = segment(hostile);
      await expectClearAnswer('GET', `/api/cases/${id}`, { as: agent });
      await expectClearAnswer('GET', `/api/cases/${id}/history`, { as: agent });
      await expectClearAnswer('POST', `/api/cases/${id}/events`, { as: agent, json: { type: 'reply', input: { message: 'x' } } });
      await expectClearAnswer('POST', `/api/cases/${caseId}/events`, { as: agent, json: { type: hostile, input: { message: hostile } } });
      await expectClearAnswer('POST', `/api/cases/${caseId}/events`, { as: agent, json: { type: 'declare-major', input: { reason: hostile } } });
      await expectClearAnswer('POST', '/api/cases', { as: agent, json: { process: hostile, data: { ...complaint(hostile), unit: hostile } } });
      await expectClearAnswer('GET', `/api/cases?state=${id}&role=${id}&process=${id}&search=${id}&cursor=${id}`, { as: agent });
      await expectClearAnswer('GET', `/api/processes/${id}`, { as: agent });
    }
    for (const header of ['', 'garbage', '"-1"', '"99999999999999999999"', 'W/"x"', '*, "1"', '"1"'.repeat(1000)]) {
      await expectClearAnswer('POST', `/api/cases/${caseId}/events`, { as: agent, json: { type: 'reply', input: { message: 'x' } }, headers: { 'If-Match': header } });
    }
    for (const key of ['', ' ', 'x'.repeat(201), 'tab\there', 'é', '\u0007']) {
      await expectClearAnswer('POST', '/api/cases', { as: agent, json: { process: 'complaint-handling', data: complaint() }, headers: { 'Idempotency-Key': key } });
    }
    for (const query of ['limit=-1', 'limit=0', 'limit=1e9', 'limit=abc', 'overdue=maybe', 'status=zombie', 'cursor=%FF%FE', `search=${'a'.repeat(5000)}`]) {
      await expectClearAnswer('GET', `/api/cases?${query}`, { as: agent });
    }
    for (const auth of ['Bearer', 'Bearer ', 'Bearer cf_forged', 'Basic YWRtaW46YWRtaW4=', `Bearer ${'x'.repeat(10_000)}`]) {
      await expectClearAnswer('GET', '/api/cases', { headers: { Authorization: auth } });
    }
    await expectClearAnswer('POST', '/api/session', { json: { username: { $ne: null }, password: { $gt: '' } } });
  });

  it('answers the broken YAML corpus on validate and publish without a server error', async () => {
    for (const [name, yaml] of BROKEN_YAML) {
      const validated = await expectClearAnswer('POST', '/api/processes/validate', { as: owner, body: yaml, headers: { 'Content-Type': 'application/yaml' } });
      if (validated === 200) {
        const answer = await h.call('POST', '/api/processes/validate', { as: owner, body: yaml, headers: { 'Content-Type': 'application/yaml' } });
        const result: { valid: boolean } = await answer.json();
        expect(result.valid, name).toBe(false);
      }
      const published = await expectClearAnswer('POST', '/api/processes', { as: owner, body: yaml, headers: { 'Content-Type': 'application/yaml' } });
      expect(published, `${name} was published`).toBeGreaterThanOrEqual(400);
    }
  });

  it('answers random JSON bodies without a server error', async () => {
    const json = fc.jsonValue({ maxDepth: 4 });
    await fc.assert(
      fc.asyncProperty(json, json, fc.constantFrom('reply', 'declare-major', 'withdraw', 'transfer', '$timer', 'x'), async (data, input, type) => {
        await expectClearAnswer('POST', '/api/cases', { as: agent, json: { process: 'complaint-handling', data } });
        await expectClearAnswer('POST', `/api/cases/${caseId}/events`, { as: agent, json: { type, input } });
      }),
      { numRuns: 150 },
    );
  }, 120_000);

  it('still serves and its audit chains still verify afterwards', async () => {
    expect((await h.call('GET', '/health')).status).toBe(200);
    expect(await h.engine.verifyAll()).toMatchObject({ valid: true });
  });
});
