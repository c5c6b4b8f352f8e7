/**
 * A case as callers see it: the row, its deadlines at `now`, and what this actor may do.
 */
import type { Actor, CompiledProcess } from '../compile/types.js';
import { statesByName } from './case-record.js';
import type { CaseRecord } from './store.js';
import type { CaseView } from './types.js';

/** The deadlines of a case at `now`, labelled from the definition. */
export function caseDeadlines(record: CaseRecord, compiled: CompiledProcess, now: number): CaseView['deadlines'] {
  const definition = compiled.definition;
  const states = statesByName(definition);
  return Object.entries(record.snapshot.clocks).map(([id, clock]) => {
    const label = definition.deadlines?.[id]?.label ?? states.get(id)?.deadline?.label ?? states.get(id)?.label;
    // Time used so far: the stored amount, plus wall time since the last resume while running.
    const elapsedMs = clock.status === 'running' ? clock.elapsedMs + Math.max(0, now - clock.resumedAt) : clock.elapsedMs;
    const deadline: CaseView['deadlines'][number] = {
      id,
      status: clock.status,
      elapsedMs,
      withinMs: clock.withinMs,
      pauses: clock.pauses,
      overdue: clock.status === 'running' && clock.dueAt !== undefined && clock.dueAt < now,
    };
    if (label !== undefined) deadline.label = label;
    if (clock.dueAt !== undefined && clock.status === 'running') deadline.dueAt = clock.dueAt;
    return deadline;
  });
}

/** The case view for one actor at `now`. */
export function toCaseView(record: CaseRecord, compiled: CompiledProcess, actor: Actor, now: number): CaseView {
  const actions = record.status === 'done' ? [] : compiled.availableEvents(record.snapshot, actor, now, record.id);
  return { ...record, deadlines: caseDeadlines(record, compiled, now), actions };
}
