/**
 * The compiler: a validated process definition becomes a `CompiledProcess` whose pure `start`
 * and `step` the runtime drives with its own clock. No I/O; compile once per version and cache.
 *
 * Semantics the runtime relies on:
 * - Timer keys: `timer:<state>:<timerId>` and `deadline:<deadlineId>:<mark>` (mark `warn`,
 *   `escalate.<i>`, `breach`); a state deadline's id is its state's name. A step emits at most
 *   one timer effect per key (the last intent wins), so effect order within a step is free.
 * - A `$timer` step never throws for the case's sake: stale keys are a no-op (same snapshot, no
 *   effects); an action whose expression fails is skipped; a `send` the case does not accept
 *   now leaves the state as it is. Only a non-system actor sending `$timer` is refused.
 * - A transition to its own source state leaves and re-enters it (timers and state deadline
 *   restart); one to a descendant does not leave the source; one to an ancestor re-enters it.
 * - Process deadlines start the first time the case is in `activeIn` (default: any state while
 *   the case is not done), pause in `pausedIn`, resume with the time left, and stop for good
 *   when the case leaves `activeIn` or ends. Clock time is business time when `within` is a
 *   business duration; marks are then measured on that clock too.
 */
import type { ProcessDefinition } from '../dsl/types.js';
import { availableEvents } from './available.js';
import { deadlineViews } from './deadline-view.js';
import { buildMachine } from './machine.js';
import { buildPlan } from './plan.js';
import { compileStaffing } from './staffing.js';
import { startCase, stepCase } from './step.js';
import { compileSearchText } from './search-text.js';
import { compileTitle } from './title.js';
import type { CompiledProcess } from './types.js';

export type * from './types.js';
export { addBusinessMs, businessMsBetween, compileCalendar, type BusinessCalendar } from './calendar.js';
export { SYSTEM_ACTOR } from './step.js';
export { fallbackTitle } from './title.js';
export type { ApprovalView, AssignDemand, Staffing } from './staffing.js';
export { stampTallies, tallyMarks, tallyValue, type OpenedCase, type TallyCount, type TallyMark, type TallyPlan, type TallyValue } from './tallies.js';

/** Options of `compileProcess`. */
export interface CompileOptions {
  /** Version number expressions see as `case.version` (default 1). */
  version?: number;
}

/**
 * Compiles a definition (already validated by `engine/dsl`); `files` maps paths relative to the
 * YAML to their text (templates). Throws `invalid-definition` for what cannot run.
 */
export function compileProcess(definition: ProcessDefinition, files: Record<string, string> = {}, options: CompileOptions = {}): CompiledProcess {
  const plan = buildPlan(definition, files, options.version ?? 1);
  const machine = buildMachine(plan);
  const compiled: CompiledProcess = {
    definition,
    machine,
    start: (args, options) => startCase(plan, machine, args, options),
    step: (snapshot, event, now, caseId, options) => stepCase(plan, machine, snapshot, event, now, caseId, options),
    availableEvents: (snapshot, actor, now, caseId) => availableEvents(plan, snapshot, { data: snapshot.data, actor, now, caseId }),
    deadlines: (snapshot, now, caseId) => deadlineViews(plan, snapshot, now, caseId),
    validateData: (data) => plan.checkData(data),
    title: compileTitle(definition),
    searchText: compileSearchText(definition),
    staffing: compileStaffing(definition, plan.expressions, [...plan.states.keys()]),
    tallies: plan.tallies,
  };
  return compiled;
}
