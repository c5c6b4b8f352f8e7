/** Reading cases and sending their events, as the case pages do. */
import { client, ok } from '../api.js';
import type { components } from '../api-schema.js';
import type { CaseView } from '../types.js';

/** Reads one case. */
export function readCase(id: string, signal?: AbortSignal): Promise<CaseView> {
  return ok(client.GET('/api/cases/{id}', { params: { path: { id } }, signal }));
}

/** Reads a case's events, oldest first. */
export function readHistory(id: string, signal?: AbortSignal) {
  return ok(client.GET('/api/cases/{id}/history', { params: { path: { id } }, signal }));
}

/** Whether an event's answer is the whole case rather than where it went. */
function isWholeCase(answer: components['schemas']['CaseLean'] | CaseView): answer is CaseView {
  return 'snapshot' in answer;
}

/**
 * Sends an event to a case read at `revision` (a case that has moved on since is refused with
 * 409/412), and answers the whole case after it, as the case page shows it.
 */
export async function sendEvent(id: string, revision: number, event: { type: string; input?: Record<string, unknown> }): Promise<CaseView> {
  const answer = await ok(client.POST('/api/cases/{id}/events', {
    params: { path: { id }, header: { 'If-Match': `"${revision}"`, Prefer: 'return=representation' } },
    body: event,
  }));
  // A server that does not honour the preference answers only where the case went.
  return isWholeCase(answer) ? answer : readCase(id);
}
