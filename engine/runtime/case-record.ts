/**
 * The case row written with each event: the snapshot plus what the inbox filters on.
 */
import type { StateValue } from 'xstate';
import type { Actor, CaseSnapshot, CompiledProcess, StepResult } from '../compile/types.js';
import type { ProcessDefinition, StateDefinition } from '../dsl/types.js';
import type { CaseRecord } from './store.js';

const stateIndexes = new WeakMap<ProcessDefinition, Map<string, StateDefinition>>();

/** Every state of a definition by name (names are unique in the whole process); built once per definition. */
export function statesByName(definition: ProcessDefinition): Map<string, StateDefinition> {
  const known = stateIndexes.get(definition);
  if (known) return known;
  const byName = new Map<string, StateDefinition>();
  const visit = (states: Record<string, StateDefinition>) => {
    for (const [name, state] of Object.entries(states)) {
      byName.set(name, state);
      if (state.states) visit(state.states);
    }
  };
  visit(definition.states);
  stateIndexes.set(definition, byName);
  return byName;
}

/** Names of the active states in an XState state value, outermost first. */
function activeStateNames(value: StateValue): string[] {
  if (typeof value === 'string') return [value];
  const names: string[] = [];
  for (const [name, child] of Object.entries(value)) {
    names.push(name);
    if (child !== undefined) names.push(...activeStateNames(child));
  }
  return names;
}

/** Earliest due time of a running deadline clock. */
export function nextDueAt(snapshot: CaseSnapshot): number | undefined {
  let earliest: number | undefined;
  for (const clock of Object.values(snapshot.clocks)) {
    if (clock.status !== 'running' || clock.dueAt === undefined) continue;
    if (earliest === undefined || clock.dueAt < earliest) earliest = clock.dueAt;
  }
  return earliest;
}

/** The last answer of `actionableRoles` per data object: one event asks it for assignment and for the row. */
const lastActionable = new WeakMap<object, { compiled: CompiledProcess; value: CaseSnapshot['value']; now: number; caseId: string; roles: string[] }>();

/** Roles that can send some event in this snapshot (role and guard checked), for the inbox. */
export function actionableRoles(compiled: CompiledProcess, snapshot: CaseSnapshot, now: number, caseId: string): string[] {
  if (snapshot.status === 'done') return [];
  const known = lastActionable.get(snapshot.data);
  if (known && known.compiled === compiled && known.value === snapshot.value && known.now === now && known.caseId === caseId) return known.roles;
  const roles = computeActionableRoles(compiled, snapshot, now, caseId);
  lastActionable.set(snapshot.data, { compiled, value: snapshot.value, now, caseId, roles });
  return roles;
}

function computeActionableRoles(compiled: CompiledProcess, snapshot: CaseSnapshot, now: number, caseId: string): string[] {
  const declared = compiled.definition.roles;
  const anyone: Actor = { id: '$inbox', roles: declared };
  const available = compiled.availableEvents(snapshot, anyone, now, caseId);
  if (available.length === 0) return [];
  const states = statesByName(compiled.definition);
  const active = activeStateNames(snapshot.value);
  const roles = new Set<string>();
  let needsPerRoleCheck = false;
  for (const event of available) {
    for (const name of active) {
      const spec = states.get(name)?.on?.[event.type]?.roles;
      if (spec === undefined) continue;
      if (Array.isArray(spec)) for (const role of spec) roles.add(role);
      else needsPerRoleCheck = true;
    }
  }
  if (needsPerRoleCheck) {
    // Roles given by an expression are only known by asking, one role at a time.
    for (const role of declared) {
      if (roles.has(role)) continue;
      if (compiled.availableEvents(snapshot, { id: '$inbox', roles: [role] }, now, caseId).length > 0) roles.add(role);
    }
  }
  return [...roles].filter((role) => declared.includes(role)).sort();
}

/** What a case row needs besides the step result. */
export interface CaseRowFacts {
  id: string;
  processId: string;
  version: number;
  parentId?: string;
  revision: number;
  createdAt: number;
  createdBy: string;
  now: number;
  lastHash: string;
  /** The case's title after the step (rendered once per event: notices show it too). */
  title: string;
}

/** Builds the case row after a step. */
export function buildCaseRecord(compiled: CompiledProcess, result: StepResult, facts: CaseRowFacts): CaseRecord {
  const { snapshot } = result;
  const record: CaseRecord = {
    id: facts.id,
    processId: facts.processId,
    version: facts.version,
    state: result.state,
    status: snapshot.status,
    snapshot,
    revision: facts.revision,
    actionableRoles: actionableRoles(compiled, snapshot, facts.now, facts.id),
    searchText: compiled.searchText(facts.id, snapshot.data, facts.title),
    createdAt: facts.createdAt,
    updatedAt: facts.now,
    createdBy: facts.createdBy,
    lastHash: facts.lastHash,
  };
  if (facts.parentId !== undefined) record.parentId = facts.parentId;
  if (snapshot.unit !== undefined) record.unit = snapshot.unit;
  if (snapshot.assignee !== undefined) record.assignee = snapshot.assignee;
  const waitingOn = compiled.staffing.approval(snapshot, facts.now, facts.id)?.roles;
  if (waitingOn !== undefined && waitingOn.length > 0) record.waitingOn = waitingOn;
  const queueRoles = snapshot.assignee === undefined ? compiled.staffing.queueRoles(snapshot, facts.now, facts.id) : undefined;
  if (queueRoles !== undefined) record.queueRoles = queueRoles;
  const due = nextDueAt(snapshot);
  if (due !== undefined) record.nextDueAt = due;
  return record;
}
