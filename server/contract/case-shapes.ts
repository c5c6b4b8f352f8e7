/**
 * The shapes of cases as clients see them: `CaseDto` (no storage columns: no search text, no
 * hashes), the list item, the lean answer of an event, history, timers and replay.
 */
import { Type as T, type Static } from '@sinclair/typebox';
import type { CaseListItem, CaseView } from '../../engine/runtime/types.js';
import { AnyJson, Enum, EpochMs, Int, Obj, OpenObject, Opt, Str, Strings } from './shapes.js';

const CaseStatus = Enum(['active', 'done']);

/** What the case carries: its XState state value, its data and its status. */
const CaseSnapshotShape = Obj(
  { value: AnyJson('XState state value: a state name, or an object for parallel states'), data: OpenObject('the case data, shaped by the process\'s data schema'), status: CaseStatus },
  { $id: 'CaseSnapshot' },
);

const ApprovalShape = Obj(
  { state: Str(), roles: Strings(), label: Opt(Str()), figure: Opt(AnyJson('the figure beside the decision (an amount, a budget)')) },
  { $id: 'Approval' },
);

const caseSummaryFields = {
  id: Str(),
  processId: Str(),
  version: Int({ description: 'the process version the case is pinned to' }),
  parentId: Opt(Str()),
  state: Str({ description: 'top-level state name' }),
  status: CaseStatus,
  snapshot: CaseSnapshotShape,
  revision: Int({ description: 'rises by one with each event; the ETag' }),
  nextDueAt: Opt(EpochMs('earliest running deadline')),
  actionableRoles: Strings({ description: 'roles that may act in the current state' }),
  title: Str({ description: 'one line naming the case (plain text, not HTML)' }),
  createdAt: EpochMs(),
  updatedAt: EpochMs(),
  createdBy: Str(),
  unit: Opt(Str({ description: 'the unit (业务单元) the case belongs to' })),
  assignee: Opt(Str({ description: 'username of the person holding the case; absent while it waits in a queue' })),
  waitingOn: Opt(Strings({ description: 'roles whose decision (an approval) the case waits on' })),
  queueRoles: Opt(Strings({ description: 'while nobody holds the case: the roles whose queue it waits in' })),
  approval: Opt(ApprovalShape),
};

/** A case in a list. */
export const CaseSummaryShape = Obj(caseSummaryFields, { $id: 'CaseSummary' });

/** An event the caller may send now, with the JSON Schema of its input. */
export const ActionShape = Obj({ type: Str(), label: Opt(Str()), input: Opt(OpenObject('JSON Schema of the input')) }, { $id: 'Action' });

/** A deadline clock as it stands now. */
export const DeadlineShape = Obj(
  {
    id: Str(), label: Opt(Str()), status: Enum(['running', 'paused', 'stopped']), dueAt: Opt(EpochMs()),
    elapsedMs: Int(), withinMs: Int(), pauses: Int(), overdue: T.Boolean(),
    beyondCalendar: Opt(Str({ description: 'the last date the calendar lists holidays for, when the due time falls after it (counted on weekdays alone)' })),
  },
  { $id: 'Deadline' },
);

/** A case for clients: its state and data, deadlines and what the caller may do now. */
export const CaseDtoShape = Obj(
  {
    ...caseSummaryFields,
    deadlines: T.Array(DeadlineShape),
    actions: T.Array(ActionShape),
    heldByOther: Opt(T.Boolean({ description: 'someone else holds the case and the caller may not act on it (actions is empty)' })),
  },
  { $id: 'CaseDto' },
);

/** The short answer of an event: where the case is now. */
export const CaseLeanShape = Obj({
  id: Str(), processId: Str(), version: Int(), state: Str(), status: CaseStatus, revision: Int(), updatedAt: EpochMs(),
  assignee: Opt(Str({ description: 'who holds the case, when someone does' })),
  nextDueAt: Opt(EpochMs('earliest running deadline, when one runs')),
}, { $id: 'CaseLean', description: 'the outcome of an event: where the case is now (the whole case with Prefer: return=representation)' });

/** A page of cases. */
export const CasePageShape = Obj({ items: T.Array(CaseSummaryShape), nextCursor: T.Union([T.String(), T.Null()]) }, { $id: 'CasePage' });

/** A case as a list shows it (no storage columns). */
export function caseSummary(item: CaseListItem) {
  const summary: Static<typeof CaseSummaryShape> = {
    id: item.id, processId: item.processId, version: item.version, state: item.state, status: item.status,
    snapshot: { value: item.snapshot.value, data: item.snapshot.data, status: item.snapshot.status },
    revision: item.revision, actionableRoles: item.actionableRoles, title: item.title,
    createdAt: item.createdAt, updatedAt: item.updatedAt, createdBy: item.createdBy,
  };
  if (item.parentId !== undefined) summary.parentId = item.parentId;
  if (item.nextDueAt !== undefined) summary.nextDueAt = item.nextDueAt;
  if (item.unit !== undefined) summary.unit = item.unit;
  if (item.assignee !== undefined) summary.assignee = item.assignee;
  if (item.waitingOn !== undefined) summary.waitingOn = item.waitingOn;
  if (item.queueRoles !== undefined) summary.queueRoles = item.queueRoles;
  if (item.approval !== undefined) summary.approval = item.approval;
  return summary;
}

/** A case for clients, from the engine's view of it. */
export function caseDto(view: CaseView) {
  const dto: Static<typeof CaseDtoShape> = { ...caseSummary(view), deadlines: view.deadlines, actions: view.actions };
  if (view.heldByOther !== undefined) dto.heldByOther = view.heldByOther;
  return dto;
}

/** One audited event. */
export const EventShape = Obj(
  {
    caseId: Str(), seq: Int(), type: Str(), actor: Str(), actorRoles: Strings(), at: EpochMs(),
    from: T.Union([T.String(), T.Null()]), to: Str(), input: T.Union([OpenObject('the event input'), T.Null()]),
    timer: Opt(Obj({ key: Str(), count: Int() })),
    assignment: Opt(Obj({ from: T.Union([T.String(), T.Null()]), to: T.Union([T.String(), T.Null()]), reason: Str() })),
    onBehalfOf: Opt(Str({ description: 'the absent holder a delegate acted for' })),
    prevHash: Str(), hash: Str(),
  },
  { $id: 'Event' },
);

/** The events of a case. */
export const HistoryShape = Obj({ caseId: Str(), events: T.Array(EventShape) }, { $id: 'History' });

/** The pending timers of a case. */
export const TimersShape = Obj({ caseId: Str(), timers: T.Array(Obj({ caseId: Str(), key: Str(), dueAt: EpochMs(), count: Int() })) }, { $id: 'Timers' });

/** A case re-run through its pinned version. */
export const ReplayShape = Obj(
  {
    caseId: Str(), consistent: T.Boolean(), chainValid: T.Boolean(), brokenAt: Opt(Int()),
    steps: T.Array(Obj({
      seq: Int(), type: Str(), recorded: Obj({ to: Str(), revision: Int() }),
      replayed: Obj({ to: Str(), snapshot: AnyJson('the recomputed snapshot') }), consistent: T.Boolean(), differences: Opt(Strings()),
    })),
  },
  { $id: 'Replay' },
);
