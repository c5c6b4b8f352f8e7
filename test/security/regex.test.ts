/**
 * Slow regular expressions against the real app: a schema pattern that backtracks
 * exponentially in JavaScript (`^(a|aa)+$`) is published and checked in RE2, so a case whose
 * field is thirty-odd 'a's and a 'b' is refused at once instead of holding the server; patterns
 * RE2 cannot run are refused at publication at their line and column; `matches()` in an
 * expression runs in RE2 too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type Session } from '../server/harness.js';

const processWith = (id: string, pattern: string, guard = 'true') => `id: ${id}
name: Patterns
roles: [agent]
data:
  type: object
  properties:
    code: { type: string, pattern: ${JSON.stringify(pattern)} }
initial: open
states:
  open:
    deadline: { within: 1d }
    on:
      check:
        roles: [agent]
        input: { type: object, properties: { note: { type: string, pattern: ${JSON.stringify(pattern)} } } }
        if: ${JSON.stringify(guard)}
        to: done
  done: { final: true }
`;

/** One 'a' more than the input that held the server for 8 s, and a 'b' that makes it fail. */
const EVIL = `${'a'.repeat(31)}b`;

describe('slow regular expressions against the real app', () => {
  let h: Harness;
  let owner: Session;
  let agent: Session;
  beforeAll(async () => {
    h = await createHarness({ users: { owner: ['process-owner'], agent: ['agent'] } });
    owner = await h.login('owner');
    agent = await h.login('agent');
  });
  afterAll(() => h.close());

  it('publishes ^(a|aa)+$ and refuses a case of 31 a\'s and a b with 422 naming the field', async () => {
    const published = await h.call('POST', '/api/processes', { as: owner, json: { yaml: processWith('alternation', '^(a|aa)+$') } });
    expect(published.status).toBe(201);
    const refused = await h.call('POST', '/api/cases', { as: agent, json: { process: 'alternation', data: { code: EVIL } } });
    expect(refused.status).toBe(422);
    expect((await refused.json()).errors).toEqual([{ field: 'code', message: 'must match pattern "^(a|aa)+$"' }]);
    const accepted = await h.call('POST', '/api/cases', { as: agent, json: { process: 'alternation', data: { code: 'a'.repeat(31) } } });
    expect(accepted.status).toBe(201);
  });

  it('refuses the same text in an event input, and the case stays where it was', async () => {
    const opened = await (await h.call('POST', '/api/cases', { as: agent, json: { process: 'alternation', data: { code: 'aa' } } })).json();
    const refused = await h.call('POST', `/api/cases/${opened.id}/events`, { as: agent, json: { type: 'check', input: { note: `${'a'.repeat(5000)}b` } } });
    expect(refused.status).toBe(422);
    expect((await refused.json()).errors).toEqual([{ field: 'note', message: 'must match pattern "^(a|aa)+$"' }]);
    expect((await (await h.call('GET', `/api/cases/${opened.id}`, { as: agent })).json()).state).toBe('open');
  });

  it('refuses at publication a pattern RE2 cannot run, at its line and column, in plain words', async () => {
    const refused = await h.call('POST', '/api/processes', { as: owner, json: { yaml: processWith('backreference', '^(a)\\1$') } });
    expect(refused.status).toBe(422);
    const { diagnostics } = await refused.json();
    expect(diagnostics).toContainEqual(expect.objectContaining({
      line: 7, column: 36, severity: 'error',
      message: expect.stringMatching(/^pattern '\^\(a\)\\1\$' cannot be used: it refers back to a group \(\\1\)/),
    }));
  });

  it('runs matches() in RE2: the same near-miss is judged at once, and the event it guards is not allowed', async () => {
    const published = await h.call('POST', '/api/processes', { as: owner, json: { yaml: processWith('matching', '^.*$', 'data.code.matches("^(a|aa)+$")') } });
    expect(published.status).toBe(201);
    const opened = await (await h.call('POST', '/api/cases', { as: agent, json: { process: 'matching', data: { code: `${'a'.repeat(5000)}b` } } })).json();
    const refused = await h.call('POST', `/api/cases/${opened.id}/events`, { as: agent, json: { type: 'check' } });
    expect(refused.status).toBe(409);
    const passing = await (await h.call('POST', '/api/cases', { as: agent, json: { process: 'matching', data: { code: 'a'.repeat(5000) } } })).json();
    const done = await h.call('POST', `/api/cases/${passing.id}/events`, { as: agent, json: { type: 'check' } });
    expect((await done.json()).state).toBe('done');
  });

  it('refuses at publication a matches() pattern that is not quoted text', async () => {
    const refused = await h.call('POST', '/api/processes', { as: owner, json: { yaml: processWith('dynamic', '^.*$', 'data.code.matches(data.code)') } });
    expect(refused.status).toBe(422);
    const { diagnostics } = await refused.json();
    expect(diagnostics).toContainEqual(expect.objectContaining({ line: 16, severity: 'error', message: expect.stringMatching(/^matches\(\) takes its pattern as quoted text/) }));
  });
});
