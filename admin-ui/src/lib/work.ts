/**
 * People's work on cases as the UI sends it: claim, release, assign, notes and bulk actions,
 * and what the signed-in user may do to a case (read from the case and its process's
 * `assigners`; the server decides and its refusal is shown when the UI guessed wrong).
 */
import { client, ok } from '../api.js';
import type { components } from '../api-schema.js';
import type { CaseView, CaseListItem, User } from '../types.js';

/** What became of one case of a bulk action. */
export type BulkOutcome = components['schemas']['BulkOutcome'];
/** Answer of `POST /api/cases/bulk`. */
export type BulkAnswer = components['schemas']['BulkResult'];

/** What a bulk request does to each case. */
export type BulkRequest =
  | { action: 'assign'; to: string; reason?: string }
  | { action: 'claim' }
  | { action: 'release'; reason?: string }
  | { action: 'event'; type: string; input?: Record<string, unknown> };

/** The `assigners` a process document declares. */
export function assignersOf(document: Record<string, unknown> | undefined): string[] {
  const value = document?.assigners;
  return Array.isArray(value) ? value.filter((role): role is string => typeof role === 'string') : [];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The roles whose queue an unheld case waits in: the role its state's `assign` rule names
 * (`queue:` or `auto:`, when a plain role) among those that can act, otherwise every role that
 * can act — as the server checks a claim.
 */
export function queueRolesOf(item: Pick<CaseListItem, 'state' | 'actionableRoles' | 'queueRoles'>, document: Record<string, unknown> | undefined): string[] {
  // The server names them on every list item and case it answers with; the YAML is the fallback.
  if (item.queueRoles !== undefined) return item.queueRoles.filter((role) => item.actionableRoles.includes(role));
  const state = isRecord(document?.states) ? document.states[item.state] : undefined;
  const rule = isRecord(state) ? state.assign : undefined;
  const role = isRecord(rule) ? rule.queue ?? rule.auto : undefined;
  return typeof role === 'string' && item.actionableRoles.includes(role) ? [role] : item.actionableRoles;
}

/** Whether the user could take this case from its queue. */
export function claimable(item: CaseListItem, roles: string[], document: Record<string, unknown> | undefined): boolean {
  if (item.status !== 'active' || item.assignee !== undefined) return false;
  const queue = queueRolesOf(item, document);
  return roles.some((role) => queue.includes(role));
}

/** Which of claim, release and assign the user may try on this case now. */
export function holdAbilities(view: CaseView, user: Pick<User, 'username' | 'roles'>, document: Record<string, unknown> | undefined): { claim: boolean; release: boolean; assign: boolean } {
  const active = view.status === 'active';
  const assigners = assignersOf(document);
  const assigner = user.roles.some((role) => assigners.includes(role));
  const holder = view.assignee;
  return {
    claim: claimable(view, user.roles, document),
    release: active && holder !== undefined && (holder === user.username || assigner),
    assign: active && assigner,
  };
}


/** Takes a queued case. */
export function claimCase(id: string): Promise<CaseView> {
  return ok(client.POST('/api/cases/{id}/claim', { params: { path: { id } } }));
}

/** Puts a held case back in its queue. */
export function releaseCase(id: string, reason?: string): Promise<CaseView> {
  return ok(client.POST('/api/cases/{id}/release', { params: { path: { id } }, body: reason ? { reason } : {} }));
}

/** Gives a case to a person. */
export function assignCase(id: string, to: string, reason?: string): Promise<CaseView> {
  return ok(client.POST('/api/cases/{id}/assign', { params: { path: { id } }, body: reason ? { to, reason } : { to } }));
}

/** Adds a note to a case's history. */
export function addNote(id: string, text: string): Promise<CaseView> {
  return ok(client.POST('/api/cases/{id}/notes', { params: { path: { id } }, body: { text } }));
}

/** Does one thing to many cases; each case succeeds or is refused on its own. */
export function bulkApply(ids: string[], request: BulkRequest): Promise<BulkAnswer> {
  return ok(client.POST('/api/cases/bulk', { body: { ids, ...request } }));
}

/** A figure beside a decision, readable: numbers grouped, objects as JSON. */
export function formatFigure(value: unknown, language: 'en' | 'zh'): string {
  if (typeof value === 'number') return value.toLocaleString(language === 'zh' ? 'zh-CN' : 'en-GB');
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '—';
  return JSON.stringify(value);
}
