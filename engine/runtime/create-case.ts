/**
 * Opening a case: pinned to the latest published version, its first event (`$start`, with the
 * data as input) starting its hash chain.
 */
import type { Actor, StartCase } from '../compile/types.js';
import { processSetFieldsIn } from '../dsl/process-set-fields.js';
import { CaseflowError } from '../errors.js';
import { fieldSchema } from '../dsl/enum-labels.js';
import { customRule, withRule } from '../field-rules.js';
import { newCaseId } from './case-id.js';
import { buildCaseRecord } from './case-record.js';
import { seesUnit } from './permissions.js';
import { checkUnit } from './staff-events.js';
import { decideAssignment, staffNotices, withStaff } from './staffing.js';
import { toCaseView } from './case-view.js';
import type { RuntimeContext } from './context.js';
import { nameOutbox, namedText } from './directory-names.js';
import { commitParts } from './effects.js';
import { withTallies } from './tallies.js';
import { GENESIS_HASH, sealEvent, type HashedEventFields } from './hash-chain.js';
import { earlierAnswer, requestHash } from './idempotency.js';
import type { LoadedProcess } from './process-cache.js';
import type { CaseCommit } from './store.js';
import type { CaseView } from './types.js';

/** Type of the event that opens every case. */
export const START_EVENT = '$start';

/** Linked cases opening linked cases deeper than this is a definition loop, not a process. */
const MAX_LINK_DEPTH = 8;

/** Arguments of `createCase`. */
export interface CreateCaseArgs {
  process: string;
  data: Record<string, unknown>;
  actor: Actor;
  idempotencyKey?: string;
  parentId?: string;
}

/** Builds the commit that opens a case of `loaded` (and any linked cases its start opens). */
export async function openCaseCommit(
  ctx: RuntimeContext,
  loaded: LoadedProcess,
  args: { data: Record<string, unknown>; actor: Actor; now: number; parentId?: string; depth: number },
): Promise<CaseCommit> {
  const { compiled, record: version } = loaded;
  const { actor, now } = args;
  // A person enters data; the fields the process sets (readOnly) are not theirs to send.
  const processSet = args.depth === 0 ? processSetFieldsIn(compiled.definition.data, args.data) : [];
  if (processSet.length > 0) {
    const details = processSet.map((field) => withRule({ field, message: 'is set by the process, not entered' }, customRule({ zh: '由流程自动填写，不能录入', en: 'is set by the process, not entered' }, fieldSchema(compiled.definition.data, field))));
    throw new CaseflowError('invalid-input', `case data sets fields the process sets: ${processSet.join(', ')}`, { details });
  }
  const fieldErrors = compiled.validateData(args.data);
  if (fieldErrors.length > 0) {
    throw new CaseflowError('invalid-input', `case data does not fit ${version.processId}: ${fieldErrors.map((e) => `${e.field} ${e.message}`).join('; ')}`, { details: fieldErrors });
  }
  const id = newCaseId(now);
  // Stamped before the first event, whose input is the data: replay sees the same counts.
  const { data, marks } = await withTallies(ctx.store, compiled, args.data, id, now);
  const started = compiled.start({ data, actor, now, caseId: id });
  const unit = compiled.staffing.unitOf(started.snapshot.data, id, now);
  await checkUnit(ctx, compiled, unit);
  if (args.depth === 0 && !seesUnit(actor, unit)) {
    const field = compiled.staffing.unitField ?? 'unit';
    throw new CaseflowError('invalid-input', `unit '${unit ?? ''}' is not one of your units`, {
      details: [withRule({ field, message: `'${unit ?? ''}' is not one of your units` }, customRule({ zh: '不是您所属的业务单元', en: 'is not one of your units' }, fieldSchema(compiled.definition.data, field)))],
    });
  }
  const assignment = await decideAssignment(ctx, compiled, { after: started.snapshot, unit, actor, now, caseId: id });
  const result = { ...started, snapshot: withStaff(started.snapshot, unit, assignment?.to ?? undefined) };
  const fields: HashedEventFields = {
    caseId: id, seq: 1, type: START_EVENT, actor: actor.id, actorRoles: actor.roles, at: now, from: null, to: result.state, input: data,
  };
  if (assignment) fields.assignment = assignment;
  const sealed = sealEvent(GENESIS_HASH, fields);
  const parts = await commitParts(result.effects, id, actor, now, args.depth, openChild(ctx));
  await nameOutbox(ctx.people, parts.outbox);
  const title = await namedText(ctx.people, compiled.title(result.snapshot.data));
  const record = buildCaseRecord(compiled, result, {
    id, processId: version.processId, version: version.version, parentId: args.parentId,
    revision: 1, createdAt: now, createdBy: actor.id, now, lastHash: sealed.event.hash, title,
  });
  const commit: CaseCommit = { case: record, expectedRevision: 0, event: sealed.event, eventJson: sealed.json, ...parts };
  if (marks.length > 0) commit.tallyMarks = marks;
  const notices = await staffNotices(ctx, {
    assignment, actor, unit, waitingBefore: [], waitingNow: record.waitingOn ?? [], title, now,
    messages: commit.outbox, roles: compiled.definition.roles,
  });
  if (notices.length > 0) commit.notices = notices;
  return commit;
}

/** Opens linked cases from `start-case` effects, as the actor of the event that caused them. */
export function openChild(ctx: RuntimeContext) {
  return async (effect: StartCase, parentId: string, actor: Actor, now: number, depth: number): Promise<CaseCommit> => {
    if (depth > MAX_LINK_DEPTH) throw new CaseflowError('internal', `linked cases nest deeper than ${MAX_LINK_DEPTH} (a loop of start actions?)`);
    const loaded = await ctx.processes.load(effect.process);
    return openCaseCommit(ctx, loaded, { data: effect.data, actor, now, parentId, depth });
  };
}

/** Opens a case: checks the starter role and the data, commits the first event, answers after the commit. */
export async function createCase(ctx: RuntimeContext, args: CreateCaseArgs): Promise<CaseView> {
  const { actor, idempotencyKey } = args;
  const request = idempotencyKey === undefined
    ? undefined
    : requestHash({ op: 'create', process: args.process, data: args.data, parentId: args.parentId, actor: actor.id });
  if (idempotencyKey !== undefined && request !== undefined) {
    const earlier = await earlierAnswer(ctx.store, idempotencyKey, request);
    if (earlier) return earlier;
  }
  const loaded = await ctx.processes.load(args.process);
  const definition = loaded.compiled.definition;
  const starters = definition.starters ?? definition.roles;
  if (!actor.roles.some((role) => starters.includes(role))) {
    throw new CaseflowError('role-not-allowed', `opening a ${definition.id} case needs one of the roles ${starters.join(', ')}`, { details: { roles: starters } });
  }
  const parent = args.parentId === undefined ? undefined : await ctx.store.getCase(args.parentId);
  if (args.parentId !== undefined && (!parent || !seesUnit(actor, parent.unit))) {
    throw new CaseflowError('not-found', `parent case ${args.parentId} does not exist`);
  }
  const now = ctx.clock.now();
  const commit = await openCaseCommit(ctx, loaded, { data: args.data, actor, now, parentId: args.parentId, depth: 0 });
  const view = toCaseView(commit.case, loaded.compiled, actor, now, await namedText(ctx.people, loaded.compiled.title(commit.case.snapshot.data)));
  if (idempotencyKey !== undefined && request !== undefined) commit.idempotency = { key: idempotencyKey, requestHash: request, response: view };
  try {
    await ctx.store.commit(commit);
  } catch (error) {
    // A concurrent request with the same key may have won; its answer is ours.
    if (idempotencyKey !== undefined && request !== undefined) {
      const earlier = await earlierAnswer(ctx.store, idempotencyKey, request);
      if (earlier) return earlier;
    }
    throw error;
  }
  return view;
}
