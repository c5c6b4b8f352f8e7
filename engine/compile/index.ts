/**
 * The compiler: a validated process definition becomes a `CompiledProcess` whose pure `start`
 * and `step` the runtime drives with its own clock. No I/O; compile once per version and cache.
 */
import type { ProcessDefinition } from '../dsl/types.js';
import { availableEvents } from './available.js';
import { buildMachine } from './machine.js';
import { buildPlan } from './plan.js';
import { startCase, stepCase } from './step.js';
import type { CompiledProcess } from './types.js';

export type * from './types.js';
export { addBusinessMs, businessMsBetween, compileCalendar, type BusinessCalendar } from './calendar.js';
export { SYSTEM_ACTOR } from './step.js';

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
  return {
    definition,
    machine,
    start: (args) => startCase(plan, machine, args),
    step: (snapshot, event, now, caseId) => stepCase(plan, machine, snapshot, event, now, caseId),
    availableEvents: (snapshot, actor, now, caseId) => availableEvents(plan, snapshot, { data: snapshot.data, actor, now, caseId }),
    validateData: (data) => plan.checkData(data),
  };
}
