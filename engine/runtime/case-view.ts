/**
 * A case as callers see it: the row and its title, its deadlines at `now`, and what this actor
 * may do.
 */
import { withNames } from '../compile/directory-names.js';
import type { Actor, CompiledProcess } from '../compile/types.js';
import { holdAllows } from './permissions.js';
import type { CaseRecord } from './store.js';
import type { CaseView } from './types.js';

/**
 * The case view for one actor at `now`; deadlines measured on their own calendars. `title` is the
 * title with the directory's names in it (see `directory-names.ts`); without it, ids stand in.
 */
export function toCaseView(record: CaseRecord, compiled: CompiledProcess, actor: Actor, now: number, title?: string): CaseView {
  const held = record.status !== 'done' && !holdAllows(compiled, record, actor, now).allowed;
  const actions = record.status === 'done' || held ? [] : compiled.availableEvents(record.snapshot, actor, now, record.id);
  const view: CaseView = { ...record, title: title ?? withNames(compiled.title(record.snapshot.data)), deadlines: compiled.deadlines(record.snapshot, now, record.id), actions };
  const approval = compiled.staffing.approval(record.snapshot, now, record.id);
  if (approval) view.approval = approval;
  if (held) view.heldByOther = true;
  const queue = record.assignee === undefined && record.status === 'active' ? compiled.staffing.queueRoles(record.snapshot, now, record.id) : undefined;
  if (queue) view.queueRoles = queue;
  else delete view.queueRoles;
  return view;
}
