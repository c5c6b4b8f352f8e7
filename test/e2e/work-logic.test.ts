/**
 * The pure pieces of people's work in the admin UI, without a browser: who may claim, release
 * and assign; the queue a case waits in; the actions a bulk selection shares; and the
 * timeline's sentences for changes of holder.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { assignmentText } from '../../admin-ui/src/components/timeline.js';
import { buildDiagram } from '../../admin-ui/src/diagram/model.js';
import { en } from '../../admin-ui/src/i18n/en.js';
import { zh } from '../../admin-ui/src/i18n/zh.js';
import type { Translate } from '../../admin-ui/src/i18n/index.js';
import { sharedEvents } from '../../admin-ui/src/lib/bulk-events.js';
import type { ProcessInfo } from '../../admin-ui/src/lib/processes.js';
import { claimable, formatFigure, holdAbilities, queueRolesOf } from '../../admin-ui/src/lib/work.js';
import type { CaseView, CaseListItem, EventRecord } from '../../admin-ui/src/types.js';

const document: Record<string, unknown> = parse(`
assigners: [team-lead]
states:
  waiting:
    assign: { queue: agent }
    on:
      propose: { label: 提交审批 Propose, roles: [agent, team-lead], input: { required: [note], properties: { note: { type: string } } } }
      cancel: { roles: [agent, team-lead] }
  approving:
    approval: { roles: [team-lead], figure: data.amount }
    on:
      approve: { roles: [team-lead] }
      cancel: { roles: [agent, team-lead] }
`);

function item(change: Partial<CaseListItem> = {}): CaseListItem {
  return {
    id: 'C1', processId: 'service-request', version: 1, state: 'waiting', status: 'active', revision: 1,
    actionableRoles: ['agent', 'team-lead'], createdAt: 0, updatedAt: 0, createdBy: 'li.lei',
    snapshot: { value: 'waiting', data: {}, status: 'active' }, title: 'Zhang Wei', ...change,
  };
}

function view(change: Partial<CaseView> = {}): CaseView {
  return { ...item(), deadlines: [], actions: [], ...change };
}

function translator(dictionary: Record<string, string>): Translate {
  return (key, params) => (dictionary[key] ?? key).replace(/\{(\w+)\}/g, (_, name: string) => String(params?.[name] ?? ''));
}

function event(assignment: EventRecord['assignment'], actor = 'li.lei'): EventRecord {
  return { caseId: 'C1', seq: 2, type: '$assign', actor, actorRoles: [], at: 0, from: 'waiting', to: 'waiting', input: null, assignment, prevHash: '', hash: '' };
}

describe('who may take, give back and give out a case', () => {
  it('offers a queued case to the role whose queue it waits in, not to every role that can act', () => {
    expect(queueRolesOf(item(), document)).toEqual(['agent']);
    expect(claimable(item(), ['agent'], document)).toBe(true);
    expect(claimable(item(), ['team-lead'], document)).toBe(false);
  });

  it('falls back to every role that can act when the state names no queue', () => {
    expect(queueRolesOf(item({ state: 'approving', actionableRoles: ['team-lead'] }), document)).toEqual(['team-lead']);
  });

  it('offers no claim on a held or closed case', () => {
    expect(claimable(item({ assignee: 'wang.fang' }), ['agent'], document)).toBe(false);
    expect(claimable(item({ status: 'done' }), ['agent'], document)).toBe(false);
  });

  it('lets the holder release, and an assigner release and assign whoever holds it', () => {
    const held = view({ assignee: 'wang.fang' });
    expect(holdAbilities(held, { username: 'wang.fang', roles: ['agent'] }, document)).toEqual({ claim: false, release: true, assign: false });
    expect(holdAbilities(held, { username: 'chen.hui', roles: ['agent'] }, document)).toEqual({ claim: false, release: false, assign: false });
    expect(holdAbilities(held, { username: 'li.lei', roles: ['team-lead'] }, document)).toEqual({ claim: false, release: true, assign: true });
  });
});

describe('the actions a bulk selection shares', () => {
  const info: ProcessInfo = { id: 'service-request', version: 1, name: 'Service request', document, model: buildDiagram(document), dataSchema: {}, stateLabels: new Map() };
  const processes = new Map([['service-request', info]]);

  it('offers the events every selected case has in its state, for the user\'s roles, with their forms', () => {
    const actions = sharedEvents([item(), item({ id: 'C2' })], processes, ['agent']);
    expect(actions.map((a) => a.type)).toEqual(['propose', 'cancel']);
    expect(actions[0].input).toMatchObject({ required: ['note'] });
  });

  it('keeps only what cases in different states have in common', () => {
    expect(sharedEvents([item(), item({ id: 'C2', state: 'approving' })], processes, ['team-lead']).map((a) => a.type)).toEqual(['cancel']);
  });

  it('leaves out events the user\'s roles may not send', () => {
    expect(sharedEvents([item({ state: 'approving' })], processes, ['agent']).map((a) => a.type)).toEqual(['cancel']);
  });
});

describe('the timeline\'s sentences for changes of holder', () => {
  const t = translator(en);
  const state = (id: string) => (id === 'waiting' ? 'Waiting' : id);

  it('says who claimed, released and assigned, with the assigner\'s words', () => {
    expect(assignmentText(event({ from: null, to: 'li.na', reason: 'claim' }, 'li.na'), t, state)).toBe('li.na claimed this case');
    expect(assignmentText(event({ from: 'li.na', to: null, reason: 'release' }, 'li.na'), t, state)).toBe('li.na released this case to the queue');
    expect(assignmentText(event({ from: 'li.na', to: 'wang.fang', reason: 'Covering the morning shift' }), t, state)).toBe('Assigned to wang.fang by li.lei: Covering the morning shift');
    expect(assignmentText(event({ from: null, to: 'wang.fang', reason: 'assign' }), t, state)).toBe('Assigned to wang.fang by li.lei');
  });

  it('names the rule that gave a case out: a state, a queue, the least loaded person, an absence, the creator', () => {
    expect(assignmentText(event({ from: null, to: 'wang.fang', reason: 'rule:waiting' }), t, state)).toBe('Given to wang.fang on entering Waiting');
    expect(assignmentText(event({ from: 'li.na', to: null, reason: 'queue:agent' }), t, state)).toBe('Put in the queue of agent');
    expect(assignmentText(event({ from: null, to: 'li.na', reason: 'auto:agent' }), t, state)).toBe('Given to li.na automatically (agent)');
    expect(assignmentText(event({ from: 'li.na', to: 'wang.fang', reason: 'absence' }), t, state)).toBe('Given to wang.fang while li.na is away');
    expect(assignmentText(event({ from: null, to: 'li.na', reason: 'creator' }, 'li.na'), t, state)).toBe('Held by li.na, who opened it');
    expect(assignmentText(event({ from: 'li.na', to: null, reason: 'cannot-act' }), t, state)).toBe('Back in the queue: li.na has no role that acts in Waiting');
  });

  it('reads in Chinese, names people by their display name, with a full-width colon before the reason', () => {
    const zhT = translator(zh);
    const displayName = (username: string) => (username === 'li.na' ? '李娜' : username);
    expect(assignmentText(event({ from: null, to: 'li.na', reason: 'claim' }, 'li.na'), zhT, state, displayName)).toBe('李娜 认领了此工单');
    expect(assignmentText(event({ from: null, to: 'wang.fang', reason: '早班顶岗' }), zhT, state)).toBe('li.lei 将工单分配给 wang.fang：早班顶岗');
  });

  it('says nothing for an event that did not change the holder', () => {
    expect(assignmentText(event(undefined), t, state)).toBeUndefined();
  });
});

describe('the figure beside a decision', () => {
  it('groups a number the way the language does, and shows text as it is', () => {
    expect(formatFigure(12800, 'en')).toBe('12,800');
    expect(formatFigure(12800, 'zh')).toBe('12,800');
    expect(formatFigure('high', 'en')).toBe('high');
    expect(formatFigure(null, 'en')).toBe('—');
  });
});
