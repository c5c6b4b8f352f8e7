/**
 * A full disk or a read-only database: the server refuses writes with a clear 503 problem,
 * keeps answering reads, and nothing is half-written; once space is back, writes work again.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { complaint, createHarness, type Harness, type Session } from '../server/harness.js';

/** The JSON body of an answer, typed by the caller. */
async function body<T>(response: Response): Promise<T> {
  return response.json();
}

interface Problem {
  status: number;
  code: string;
  detail: string;
}

describe('storage that refuses writes', () => {
  let harness: Harness | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function openOnFile(): Promise<{ h: Harness; agent: Session }> {
    dir = mkdtempSync(join(tmpdir(), 'caseflow-storage-'));
    harness = await createHarness({ config: { dbFile: join(dir, 'caseflow.db') } });
    return { h: harness, agent: await harness.login('agent') };
  }

  async function openComplaint(h: Harness, agent: Session, name: string): Promise<Response> {
    return h.call('POST', '/api/cases', { as: agent, json: { process: 'complaint-handling', data: { ...complaint(name), description: 'x'.repeat(2000) } } });
  }

  async function expectRefusal(response: Response): Promise<Problem> {
    expect(response.status).toBe(503);
    expect(response.headers.get('Content-Type')).toContain('application/problem+json');
    const problem = await body<Problem>(response);
    expect(problem.code).toBe('read-only');
    expect(problem.detail).toMatch(/refuses writes/);
    return problem;
  }

  it('answers 503 when the disk is full, keeps serving reads, keeps no half-written case and recovers when space returns', async () => {
    const { h, agent } = await openOnFile();
    const first = await openComplaint(h, agent, 'Zhao Lei');
    expect(first.status).toBe(201);
    const kept = await body<{ id: string }>(first);
    const sqlite = h.store.db.$client;
    const pages = Number(sqlite.pragma('page_count', { simple: true }));
    sqlite.pragma(`max_page_count = ${pages + 8}`);

    const opened: string[] = [kept.id];
    let refusal: Response | undefined;
    for (let i = 0; i < 200 && !refusal; i++) {
      const response = await openComplaint(h, agent, `Customer ${i}`);
      if (response.status === 201) opened.push((await body<{ id: string }>(response)).id);
      else refusal = response;
    }
    expect(refusal, 'the disk never filled up').toBeDefined();
    if (refusal) await expectRefusal(refusal);
    const event = await h.call('POST', `/api/cases/${kept.id}/events`, { as: agent, json: { type: 'reply', input: { message: 'We are on it' } } });
    // Either the small event still fits in the last pages or it is refused as clearly as the case.
    if (event.status !== 200) await expectRefusal(event);

    const read = await h.call('GET', `/api/cases/${kept.id}`, { as: agent });
    expect(read.status).toBe(200);
    const list = await h.call('GET', '/api/cases?process=complaint-handling&limit=100', { as: agent });
    expect(list.status).toBe(200);
    const listed = (await body<{ items: Array<{ id: string }> }>(list)).items.map((c) => c.id);
    expect(new Set(listed)).toEqual(new Set(opened));
    for (const id of opened) {
      const history = await body<{ events: unknown[] }>(await h.call('GET', `/api/cases/${id}/history`, { as: agent }));
      const view = await body<{ revision: number }>(await h.call('GET', `/api/cases/${id}`, { as: agent }));
      expect(history.events).toHaveLength(view.revision);
    }
    expect(await h.engine.verifyAll()).toMatchObject({ valid: true, casesChecked: opened.length });

    sqlite.pragma('max_page_count = 1073741823');
    expect((await openComplaint(h, agent, 'After the clean-up')).status).toBe(201);
  });

  it('answers 503 to every write of a read-only database and keeps serving reads', async () => {
    const { h, agent } = await openOnFile();
    const created = await body<{ id: string; revision: number }>(await openComplaint(h, agent, 'Sun Li'));
    h.store.db.$client.pragma('query_only = 1');

    await expectRefusal(await openComplaint(h, agent, 'Refused'));
    await expectRefusal(await h.call('POST', `/api/cases/${created.id}/events`, { as: agent, json: { type: 'reply', input: { message: 'hello' } } }));
    const read = await h.call('GET', `/api/cases/${created.id}`, { as: agent });
    expect(read.status).toBe(200);
    expect((await body<{ revision: number }>(read)).revision).toBe(created.revision);
    expect((await h.call('GET', `/api/cases/${created.id}/history`, { as: agent })).status).toBe(200);
    expect((await h.call('GET', '/health')).status).toBe(200);
    expect(await h.engine.verifyAll()).toMatchObject({ valid: true, casesChecked: 1 });

    h.store.db.$client.pragma('query_only = 0');
    const after = await h.call('POST', `/api/cases/${created.id}/events`, { as: agent, json: { type: 'reply', input: { message: 'hello' } } });
    expect(after.status).toBe(200);
  });
});
