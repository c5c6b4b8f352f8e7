/**
 * The events about people rather than the process: assignment changes and notes. They pass
 * through the same path as process events (hash chain, one transaction) but never step the
 * machine: state and data stay as they are.
 */
import type { CompiledProcess } from '../compile/types.js';
import { CaseflowError } from '../errors.js';
import { fieldSchema } from '../dsl/enum-labels.js';
import { customRule, withRule } from '../field-rules.js';
import type { RuntimeContext } from './context.js';

/** Someone (an assigner) gives the case to a person. */
export const ASSIGN_EVENT = '$assign';
/** A person takes a queued case. */
export const CLAIM_EVENT = '$claim';
/** The holder (or an assigner) puts the case back in its queue. */
export const RELEASE_EVENT = '$release';
/** An internal note: changes nothing but the timeline. */
export const NOTE_EVENT = '$note';

/** Event types that never step the process machine. */
export const STAFF_EVENTS: ReadonlySet<string> = new Set([ASSIGN_EVENT, CLAIM_EVENT, RELEASE_EVENT, NOTE_EVENT]);

/** Refuses a unit the organisation directory does not know (when it keeps units), naming the data field. */
export async function checkUnit(ctx: RuntimeContext, compiled: CompiledProcess, unit: string | undefined): Promise<void> {
  if (!ctx.people || compiled.definition.unit === undefined) return;
  const units = await ctx.people.units();
  if (units.length === 0) return;
  const field = compiled.staffing.unitField ?? 'unit';
  if (unit === undefined) {
    throw new CaseflowError('invalid-input', `the case needs a unit: ${compiled.definition.unit} gives none`, {
      details: [withRule({ field, message: 'is required: a unit of the organisation directory' }, customRule({ zh: '此项必填：请选择组织目录中的业务单元', en: 'is required: a unit of the organisation directory' }, fieldSchema(compiled.definition.data, field)))],
    });
  }
  if (!units.some((known) => known.id === unit)) {
    throw new CaseflowError('invalid-input', `unit '${unit}' is not in the organisation directory`, {
      details: [withRule(
        { field, message: `'${unit}' is not a unit of the organisation directory (${units.map((u) => u.id).join(', ')})` },
        customRule({ zh: '不是组织目录中的业务单元', en: 'is not a unit of the organisation directory' }, fieldSchema(compiled.definition.data, field)),
      )],
    });
  }
}
