/**
 * Giving out work as an event happens: the case's unit from its data, the assignee its states'
 * rules ask for (a named person, a queue, the least loaded available person of a role), and the
 * in-app notifications that go with it. The decision is recorded on the event
 * (`EventRecord.assignment`), so replay repeats it without asking the directory again.
 */
import type { Actor, CaseSnapshot, CompiledProcess } from '../compile/types.js';
import { actionableRoles } from './case-record.js';
import type { RuntimeContext } from './context.js';
import { available } from './permissions.js';
import { isAbsent, type Person } from './people.js';
import type { AssignmentChange, CaseCommit, EventRecord } from './store.js';

/** A notification to write with the event (see `CaseCommit.notices`). */
export type NoticeDraft = NonNullable<CaseCommit['notices']>[number];

/** The snapshot with this unit and assignee (absent ones left out); the input is not changed. */
export function withStaff(snapshot: CaseSnapshot, unit: string | undefined, assignee: string | undefined): CaseSnapshot {
  const { unit: _unit, assignee: _assignee, ...rest } = snapshot;
  const out: CaseSnapshot = rest;
  if (unit !== undefined) out.unit = unit;
  if (assignee !== undefined) out.assignee = assignee;
  return out;
}

/** The snapshot after a recorded event, as replay rebuilds it: unit from the data, assignee as recorded. */
export function replayedStaff(compiled: CompiledProcess, previous: CaseSnapshot | undefined, next: CaseSnapshot, event: EventRecord): CaseSnapshot {
  const assignee = event.assignment ? event.assignment.to ?? undefined : previous?.assignee;
  return withStaff(next, compiled.staffing.unitOf(next.data, event.caseId, event.at), assignee);
}

/** Roles that can act or decide in a snapshot. */
function actingRoles(compiled: CompiledProcess, snapshot: CaseSnapshot, now: number, caseId: string): string[] {
  const roles = actionableRoles(compiled, snapshot, now, caseId);
  const approval = compiled.staffing.approval(snapshot, now, caseId);
  return approval ? [...roles, ...approval.roles] : roles;
}

/** Whether the holder has the role a queue or automatic rule names (and works in the unit, present): they keep the case. */
async function holderKeeps(ctx: RuntimeContext, holderId: string, role: string, step: StaffStep): Promise<boolean> {
  const people = ctx.people;
  if (!people) return false;
  const [holder, cityRoles] = await Promise.all([people.person(holderId), people.cityRoles()]);
  return holder !== undefined && holder.roles.includes(role) && available(holder, step.unit, cityRoles, step.now);
}

/** Round-robin position per (process, role, unit), so people equally loaded take turns. */
const turns = new Map<string, number>();

/** The least loaded available person of `role` for `unit` (round-robin among equals), if any. */
async function pickPerson(ctx: RuntimeContext, processId: string, role: string, unit: string | undefined, now: number): Promise<Person | undefined> {
  const people = ctx.people;
  if (!people) return undefined;
  const [holders, cityRoles] = await Promise.all([people.withRole(role), people.cityRoles()]);
  const present = holders.filter((p) => available(p, unit, cityRoles, now));
  // Someone of the unit itself before a city-level holder of the role.
  const ofUnit = unit === undefined ? [] : present.filter((p) => p.units.includes(unit));
  const candidates = ofUnit.length > 0 ? ofUnit : present;
  if (candidates.length === 0) return undefined;
  const loads = await ctx.store.openCaseCounts(candidates.map((p) => p.id));
  const least = Math.min(...candidates.map((p) => loads.get(p.id) ?? 0));
  const equals = candidates.filter((p) => (loads.get(p.id) ?? 0) === least).sort((a, b) => (a.id < b.id ? -1 : 1));
  const key = `${processId}\u0000${role}\u0000${unit ?? ''}`;
  const turn = turns.get(key) ?? 0;
  turns.set(key, turn + 1);
  return equals[turn % equals.length];
}

/** The facts of a step that assignment is decided from. */
export interface StaffStep {
  before?: CaseSnapshot;
  after: CaseSnapshot;
  unit: string | undefined;
  actor: Actor;
  now: number;
  caseId: string;
}

/**
 * What the rules ask for, before asking anyone: a holder (`to`, null for the queue), and for the
 * runtime whether to pick a person of a role (`pick`), check that a named person exists
 * (`verify`), or check that the holder can still act (`checkHolder`). Undefined: no change.
 */
export type AssignmentPlan =
  | { to: string | null; reason: string; pick?: string; verify?: boolean; role?: string }
  | { checkHolder: string };

/** The pure half of assignment: what the states' rules (or the opener rule) ask for after a step. */
export function planAssignment(compiled: CompiledProcess, step: StaffStep): AssignmentPlan | undefined {
  const { before, after, unit, actor, now, caseId } = step;
  const demands = compiled.staffing.demands(before, withStaff(after, unit, undefined), actor, now, caseId);
  const demand = demands[demands.length - 1];
  if (demand?.kind === 'to') return { to: demand.userId, reason: `rule:${demand.state}`, verify: demand.userId !== null };
  if (demand?.kind === 'queue') return { to: null, reason: `queue:${demand.role}`, role: demand.role };
  if (demand?.kind === 'auto') return { to: null, reason: `queue:${demand.role}`, pick: demand.role, role: demand.role };
  if (before === undefined) {
    // 首问负责: whoever opens a case and can work it holds it, unless a rule gives it out.
    if (actor.roles.includes('system')) return undefined;
    const roles = actingRoles(compiled, withStaff(after, unit, undefined), now, caseId);
    return actor.roles.some((role) => roles.includes(role)) ? { to: actor.id, reason: 'creator' } : undefined;
  }
  const holder = before.assignee;
  return holder === undefined || after.status === 'done' ? undefined : { checkHolder: holder };
}

/** The assignment a trial run (the simulator, scenario tests) makes: the rules without a directory. */
export function trialAssignment(compiled: CompiledProcess, step: StaffStep): AssignmentChange | undefined {
  const plan = planAssignment(compiled, step);
  if (plan === undefined || 'checkHolder' in plan) return undefined;
  const from = step.before?.assignee ?? null;
  // Without a directory only the actor's own roles are known: an actor holding the role keeps the case.
  if (plan.role !== undefined && from !== null && from === step.actor.id && step.actor.roles.includes(plan.role)) return undefined;
  return plan.to === from ? undefined : { from, to: plan.to, reason: plan.reason };
}

/** What the states' rules decide for the assignee after a step, asking the directory (undefined: no change). */
export async function decideAssignment(ctx: RuntimeContext, compiled: CompiledProcess, step: StaffStep): Promise<AssignmentChange | undefined> {
  const plan = planAssignment(compiled, step);
  if (plan === undefined) return undefined;
  const from = step.before?.assignee ?? null;
  let to: string | null;
  let reason: string;
  if ('checkHolder' in plan) {
    // The work moved on to roles the holder does not have: the case waits in their queue.
    if (!ctx.people) return undefined;
    const holder = await ctx.people.person(plan.checkHolder);
    const roles = actingRoles(compiled, withStaff(step.after, step.unit, undefined), step.now, step.caseId);
    if (holder && holder.roles.some((role) => roles.includes(role))) return undefined;
    to = null;
    reason = 'cannot-act';
  } else if (plan.role !== undefined && from !== null && ctx.people && (await holderKeeps(ctx, from, plan.role, step))) {
    return undefined;
  } else if (plan.pick !== undefined) {
    const person = await pickPerson(ctx, compiled.definition.id, plan.pick, step.unit, step.now);
    to = person?.id ?? null;
    reason = person ? `auto:${plan.pick}` : plan.reason;
  } else if (plan.verify && plan.to !== null && ctx.people) {
    const person = await ctx.people.person(plan.to);
    to = person !== undefined && !person.disabled ? plan.to : null;
    reason = plan.reason;
  } else {
    to = plan.to;
    reason = plan.reason;
  }
  return to === from ? undefined : { from, to, reason };
}

/** Notices for a new holder (unless they took it themselves) and, when a decision starts waiting, for its deciders. */
export async function staffNotices(
  ctx: RuntimeContext,
  args: {
    assignment?: AssignmentChange; actor: Actor; unit: string | undefined; waitingBefore: string[]; waitingNow: string[]; title: string; now: number;
    /** Messages of the step, with the process's roles, for "a warning to you or your role in your unit". */
    messages?: { to: string[]; subject?: string; body: string }[];
    roles?: readonly string[];
  },
): Promise<NoticeDraft[]> {
  const people = ctx.people;
  if (!people) return [];
  const drafts: NoticeDraft[] = [];
  const told = new Set<string>();
  const add = async (userId: string, kind: string, text = args.title) => {
    if (told.has(`${kind}\u0000${userId}`)) return;
    told.add(`${kind}\u0000${userId}`);
    drafts.push({ userId, kind, text, createdAt: args.now });
    const person = await people.person(userId);
    if (person?.absence && isAbsent(person, args.now) && person.absence.delegateId !== userId) {
      drafts.push({ userId: person.absence.delegateId, kind, text, createdAt: args.now });
    }
  };
  const to = args.assignment?.to;
  if (to && to !== args.actor.id) await add(to, 'assigned');
  const newlyWaiting = args.waitingNow.filter((role) => !args.waitingBefore.includes(role));
  if (newlyWaiting.length > 0) {
    const cityRoles = await people.cityRoles();
    const seen = new Set<string>();
    for (const role of newlyWaiting) {
      for (const person of await people.withRole(role)) {
        if (seen.has(person.id) || person.id === args.actor.id || !available(person, args.unit, cityRoles, -Infinity)) continue;
        seen.add(person.id);
        await add(person.id, 'approval');
      }
    }
  }
  const messages = args.messages ?? [];
  const cityRoles = messages.length > 0 ? await people.cityRoles() : [];
  for (const message of messages) {
    const text = `${args.title} · ${messageLine(message)}`;
    for (const to of message.to) {
      if (to.includes(':')) continue; // the customer's contact, not a person of the centre
      if (args.roles?.includes(to)) {
        for (const person of await people.withRole(to)) {
          if (available(person, args.unit, cityRoles, -Infinity)) await add(person.id, 'message', text);
        }
      } else if (await people.person(to)) {
        await add(to, 'message', text);
      }
    }
  }
  return drafts;
}

/** The line a notification shows of a message: its subject, or its first non-empty line. */
function messageLine(message: { subject?: string; body: string }): string {
  const line = message.subject ?? message.body.split('\n').find((l) => l.trim() !== '') ?? '';
  return line.trim().slice(0, 200);
}
