/**
 * Four-eyes publishing in the UI: drafts saved, read, approved and sent back over the API, their
 * changes said in the UI's language, and how many running cases stay on older versions.
 */
import { client, ok } from '../api.js';
import type { components } from '../api-schema.js';
import type { Translate } from '../i18n/index.js';

/** A draft with its source and changes. */
export type Draft = components['schemas']['Draft'];
/** A draft in a list. */
export type DraftSummary = components['schemas']['DraftSummary'];
/** One change of a draft. */
export type DefinitionChange = components['schemas']['DefinitionChange'];

/** Saves a draft for review. */
export function submitDraft(body: { yaml: string; files?: Record<string, string>; message?: string }): Promise<Draft> {
  return ok(client.POST('/api/process-drafts', { body }));
}

/** Pending drafts, of one process when given. */
export function pendingDrafts(processId?: string): Promise<DraftSummary[]> {
  return ok(client.GET('/api/process-drafts', { params: { query: { status: 'pending', ...(processId ? { processId } : {}) } } })).then((answer) => answer.items);
}

/** One draft. */
export function loadDraft(id: string): Promise<Draft> {
  return ok(client.GET('/api/process-drafts/{id}', { params: { path: { id } } }));
}

/** Approves a draft (it is published). */
export function approveDraft(id: string, comment: string): Promise<Draft> {
  return ok(client.POST('/api/process-drafts/{id}/approve', { params: { path: { id } }, body: comment.trim() ? { comment: comment.trim() } : {} }));
}

/** Sends a draft back with a comment. */
export function returnDraft(id: string, comment: string): Promise<Draft> {
  return ok(client.POST('/api/process-drafts/{id}/return', { params: { path: { id } }, body: { comment } }));
}

function shown(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((item) => typeof item !== 'object' || item === null)) return `[${value.map(shown).join(', ')}]`;
  return JSON.stringify(value) ?? String(value);
}

/** The part a change's path names, in the UI's language. */
function partOf(path: string, t: Translate): string {
  const parts = path.split('.');
  const states: string[] = [];
  let i = 0;
  while (parts[i] === 'states' && parts[i + 1] !== undefined) {
    states.push(parts[i + 1]);
    i += 2;
  }
  const state = states.at(-1);
  if (state === undefined) return path;
  const rest = parts.slice(i);
  if (rest[0] === 'on' && rest[1] !== undefined) {
    const event = t('review.event', { event: rest[1], state });
    return rest.length === 2 ? event : `${event}: ${rest.slice(2).join('.')}`;
  }
  const named = t('review.state', { name: state });
  return rest.length === 0 ? named : `${named}: ${rest.join('.')}`;
}

/** A change as a sentence: "settings.gmThreshold: 50000 → 30000", "新增状态 gm-review". */
export function changeText(change: DefinitionChange, t: Translate): string {
  const what = partOf(change.path, t);
  if (change.change === 'removed') return t('review.change.removed', { what });
  if (change.change === 'added') {
    const simple = typeof change.after !== 'object' || change.after === null || Array.isArray(change.after);
    return simple ? t('review.change.addedValue', { what, value: shown(change.after) }) : t('review.change.added', { what });
  }
  return t('review.change.changed', { what, before: shown(change.before), after: shown(change.after) });
}

/** What publishing a new version leaves behind: running cases by older version. */
export function stayText(byVersion: Record<string, number> | undefined, newVersion: number, t: Translate): string {
  const older = Object.entries(byVersion ?? {}).filter(([version, n]) => Number(version) < newVersion && n > 0);
  const count = older.reduce((sum, [, n]) => sum + n, 0);
  if (count === 0) return t('review.stayNone');
  return t('review.stay', { n: count, versions: older.map(([version]) => version).join(', ') });
}
