/**
 * A hand-written CompiledProcess (no YAML, no compiler) so the runtime's mechanics can be tested
 * on their own: a ticket that is answered and closed, with a repeating reminder, a one-day
 * deadline clock that pauses while waiting for the customer, and a linked follow-up case.
 */
import { createMachine } from 'xstate';
import { CaseflowError, type FieldError } from '../../engine/errors.js';
import type { Actor, AvailableEvent, CaseEvent, CaseSnapshot, CompiledProcess, DeadlineView, Effect, StepResult } from '../../engine/compile/types.js';
import type { ProcessDefinition } from '../../engine/dsl/types.js';
import type { ProcessVersionRecord } from '../../engine/runtime/store.js';

const HOUR = 3_600_000;
const REMIND_EVERY = HOUR;
const REMIND_MAX = 3;
const WITHIN = 24 * HOUR;

/** The definition the fake claims to be compiled from. */
export const ticketDefinition: ProcessDefinition = {
  id: 'ticket',
  name: 'Ticket',
  roles: ['agent', 'team-lead'],
  starters: ['agent'],
  data: { type: 'object', required: ['customer'], properties: { customer: { type: 'string' } } },
  deadlines: { reply: { label: 'First reply', within: '24h', pausedIn: ['waiting'] } },
  initial: 'open',
  states: {
    open: { on: { answer: { roles: ['agent'] }, wait: { roles: ['agent'] }, spawn: { roles: ['agent'] } } },
    waiting: { on: { resume: { roles: ['agent'] } } },
    answered: { on: { close: { roles: ['team-lead'] } } },
    closed: { final: true },
  },
};

const events: Record<string, { from: string[]; roles: string[]; to?: string; input?: string }> = {
  answer: { from: ['open'], roles: ['agent'], to: 'answered', input: 'text' },
  wait: { from: ['open'], roles: ['agent'], to: 'waiting' },
  resume: { from: ['waiting'], roles: ['agent'], to: 'open' },
  spawn: { from: ['open'], roles: ['agent'] },
  close: { from: ['answered'], roles: ['team-lead'], to: 'closed' },
};

function stateOf(snapshot: CaseSnapshot): string {
  return typeof snapshot.value === 'string' ? snapshot.value : Object.keys(snapshot.value)[0];
}

function validateData(data: Record<string, unknown>): FieldError[] {
  return typeof data.customer === 'string' && data.customer !== '' ? [] : [{ field: 'customer', message: 'is required' }];
}

function enter(snapshot: CaseSnapshot, state: string, now: number, effects: Effect[]): void {
  const clock = snapshot.clocks.reply;
  if (state === 'waiting' && clock.status === 'running') {
    snapshot.clocks.reply = { ...clock, status: 'paused', elapsedMs: clock.elapsedMs + (now - clock.resumedAt), pauses: clock.pauses + 1, dueAt: undefined };
    effects.push({ kind: 'timer.cancel', key: 'reply.breach' });
  } else if (state === 'open' && clock.status === 'paused') {
    const dueAt = now + (clock.withinMs - clock.elapsedMs);
    snapshot.clocks.reply = { ...clock, status: 'running', resumedAt: now, dueAt };
    effects.push({ kind: 'timer.schedule', key: 'reply.breach', dueAt, count: 1 });
  } else if ((state === 'answered' || state === 'closed') && clock.status !== 'stopped') {
    const used = clock.status === 'running' ? now - clock.resumedAt : 0;
    snapshot.clocks.reply = { ...clock, status: 'stopped', elapsedMs: clock.elapsedMs + used, dueAt: undefined };
    effects.push({ kind: 'timer.cancel', key: 'reply.breach' });
  }
  if (state !== 'open') effects.push({ kind: 'timer.cancel', key: 'remind' });
  if (state === 'closed') snapshot.status = 'done';
}

function step(previous: CaseSnapshot, event: CaseEvent, now: number): StepResult {
  const snapshot = structuredClone(previous);
  const state = stateOf(snapshot);
  const effects: Effect[] = [];
  if (event.type === '$timer' && event.timer) {
    if (event.timer.key === 'remind') {
      effects.push({ kind: 'notify', template: 'remind', to: ['agent'], body: `Reminder ${event.timer.count} for ${String(snapshot.data.customer)}` });
      if (event.timer.count < REMIND_MAX) effects.push({ kind: 'timer.schedule', key: 'remind', dueAt: now + REMIND_EVERY, count: event.timer.count + 1 });
      snapshot.data.reminders = event.timer.count;
    } else if (event.timer.key === 'reply.breach') {
      snapshot.clocks.reply = { ...snapshot.clocks.reply, fired: [...snapshot.clocks.reply.fired, 'breach'] };
      effects.push({ kind: 'notify', template: 'breach', to: ['team-lead'], channel: 'email', subject: 'Breach', body: 'Reply overdue' });
    }
    return { snapshot, effects, state };
  }
  const spec = events[event.type];
  if (!spec || !spec.from.includes(state)) {
    throw new CaseflowError('event-not-allowed', `${event.type} is not allowed in ${state}`, { details: { state } });
  }
  if (!event.actor.roles.some((r) => spec.roles.includes(r))) throw new CaseflowError('role-not-allowed', `${event.type} needs ${spec.roles.join(', ')}`);
  if (spec.input && typeof event.input?.[spec.input] !== 'string') {
    throw new CaseflowError('invalid-input', `${spec.input} is required`, { details: [{ field: spec.input, message: 'is required' }] });
  }
  if (spec.input) snapshot.data[spec.input] = event.input?.[spec.input];
  if (event.type === 'spawn') effects.push({ kind: 'start-case', process: 'ticket', data: { customer: `${String(snapshot.data.customer)} follow-up` } });
  if (spec.to) {
    snapshot.value = spec.to;
    enter(snapshot, spec.to, now, effects);
  }
  return { snapshot, effects, state: stateOf(snapshot) };
}

/** The fake compiled ticket process. */
export const ticketProcess: CompiledProcess = {
  definition: ticketDefinition,
  machine: createMachine({ id: 'ticket' }),
  staffing: { assigners: [], unitOf: () => undefined, demands: () => [], isHeld: () => false, queueRoles: () => undefined, approval: () => undefined },
  tallies: [],
  start({ data, now }) {
    const errors = validateData(data);
    if (errors.length > 0) throw new CaseflowError('invalid-input', 'bad data', { details: errors });
    const snapshot: CaseSnapshot = {
      value: 'open',
      data: structuredClone(data),
      clocks: { reply: { status: 'running', elapsedMs: 0, resumedAt: now, withinMs: WITHIN, dueAt: now + WITHIN, pauses: 0, fired: [] } },
      status: 'active',
    };
    return {
      snapshot,
      state: 'open',
      effects: [
        { kind: 'timer.schedule', key: 'remind', dueAt: now + REMIND_EVERY, count: 1 },
        { kind: 'timer.schedule', key: 'reply.breach', dueAt: now + WITHIN, count: 1 },
      ],
    };
  },
  step: (snapshot, event, now) => step(snapshot, event, now),
  availableEvents(snapshot: CaseSnapshot, actor: Actor): AvailableEvent[] {
    const state = stateOf(snapshot);
    return Object.entries(events)
      .filter(([, spec]) => spec.from.includes(state) && actor.roles.some((r) => spec.roles.includes(r)))
      .map(([type]) => ({ type }));
  },
  deadlines(snapshot: CaseSnapshot, now: number): DeadlineView[] {
    return Object.entries(snapshot.clocks).map(([id, clock]) => ({
      id,
      label: ticketDefinition.deadlines?.[id]?.label,
      status: clock.status,
      elapsedMs: clock.status === 'running' ? clock.elapsedMs + (now - clock.resumedAt) : clock.elapsedMs,
      withinMs: clock.withinMs,
      pauses: clock.pauses,
      ...(clock.dueAt === undefined ? {} : { dueAt: clock.dueAt }),
      overdue: clock.status === 'running' && clock.dueAt !== undefined && clock.dueAt < now,
    }));
  },
  validateData,
  title: (data) => `Ticket for ${String(data.customer)}`,
  searchText: (caseId, data, title) => [caseId, title, data.phone].filter((part) => typeof part === 'string').join(' '),
};

/** A compile function for the process cache that ignores the YAML and gives the fake. */
export const compileFake = (_record: ProcessVersionRecord): CompiledProcess => ticketProcess;
