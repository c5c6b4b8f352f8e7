import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CaseflowError } from '../../engine/errors.js';
import { complaintData, DAY, HOUR, PeopleRig, T0 } from './people-harness.js';

async function refusal(promise: Promise<unknown>): Promise<CaseflowError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CaseflowError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('assignment in the shipped processes', () => {
  let rig: PeopleRig;
  beforeEach(async () => {
    rig = new PeopleRig();
    await rig.publishShipped('complaint-handling', 'escalation-warning', 'deactivation-retention', 'fee-approval', 'appointment-confirmation');
  });
  afterEach(() => rig.dispose());

  const as = (id: string) => rig.people.actor(id, rig.clock.now());

  async function registered(unit = 'east', agent = 'li.na') {
    return rig.engine.createCase({ process: 'complaint-handling', data: complaintData(unit), actor: as(agent) });
  }

  it('gives a complaint to the agent who registers it (首问负责), recorded on its first event', async () => {
    const complaint = await registered();
    expect(complaint).toMatchObject({ unit: 'east', assignee: 'li.na' });
    const [start] = await rig.engine.history(complaint.id);
    expect(start.assignment).toEqual({ from: null, to: 'li.na', reason: 'creator' });
  });

  it('refuses another agent of the unit with 403 naming the holder, and lets the holder and an assigner act', async () => {
    const complaint = await registered();
    const refused = await refusal(rig.engine.applyEvent(complaint.id, { type: 'reply', input: { message: '您好' } }, as('wang.wei')));
    expect(refused.code).toBe('held-by-another');
    expect(refused.message).toContain('李娜');
    const view = await rig.engine.getCase(complaint.id, as('wang.wei'));
    expect(view).toMatchObject({ heldByOther: true, actions: [] });
    const replied = await rig.engine.applyEvent(complaint.id, { type: 'reply', input: { message: '您好' } }, as('li.na'));
    expect(replied.state).toBe('investigating');
    const transferred = await rig.engine.applyEvent(complaint.id, { type: 'transfer', input: { department: '计费中心' } }, as('lead.east'));
    expect(transferred).toMatchObject({ state: 'awaiting-department', assignee: 'li.na' });
  });

  it('keeps a compensation above the limit waiting on a team lead, with the amount beside the decision', async () => {
    const complaint = await registered();
    await rig.engine.applyEvent(complaint.id, { type: 'reply', input: { message: '已核实' } }, as('li.na'));
    const proposed = await rig.engine.applyEvent(complaint.id, { type: 'propose', input: { type: 'compensate', amount: 500, note: '补偿' } }, as('li.na'));
    expect(proposed).toMatchObject({ state: 'resolution-proposed', assignee: 'li.na', waitingOn: ['team-lead', 'center-manager', 'cs-director'] });
    expect(proposed.approval).toMatchObject({ figure: 500, label: '补偿金额 Compensation' });
    const waiting = await rig.engine.listCases({ roles: ['team-lead'], waiting: true, status: 'active', limit: 10 }, as('lead.east'));
    expect(waiting.items.map((c) => c.id)).toEqual([complaint.id]);
    const westLead = await rig.engine.listCases({ roles: ['team-lead'], waiting: true, status: 'active', limit: 10 }, as('lead.west'));
    expect(westLead.items).toEqual([]);
    const notices = await rig.engine.notices(as('lead.east'), { limit: 10 });
    expect(notices.items.map((n) => n.kind)).toContain('approval');
    const approved = await rig.engine.applyEvent(complaint.id, { type: 'approve-compensation' }, as('lead.east'));
    expect(approved.waitingOn).toBeUndefined();
    const after = await rig.engine.listCases({ roles: ['team-lead'], waiting: true, status: 'active', limit: 10 }, as('lead.east'));
    expect(after.items).toEqual([]);
  });

  it('a small compensation waits on nobody', async () => {
    const complaint = await registered();
    await rig.engine.applyEvent(complaint.id, { type: 'reply', input: { message: '已核实' } }, as('li.na'));
    const proposed = await rig.engine.applyEvent(complaint.id, { type: 'propose', input: { type: 'compensate', amount: 50 } }, as('li.na'));
    expect(proposed.approval).toBeUndefined();
  });

  it('assigns and reassigns only through assigners, and only to people who can act in the case unit', async () => {
    const complaint = await registered();
    const notAssigner = await refusal(rig.engine.assign(complaint.id, 'wang.wei', as('li.na')));
    expect(notAssigner.code).toBe('role-not-allowed');
    const otherUnit = await refusal(rig.engine.assign(complaint.id, 'zhao.min', as('lead.east')));
    expect(otherUnit).toMatchObject({ code: 'invalid-input' });
    expect(otherUnit.message).toContain('赵敏');
    const lacksRole = await refusal(rig.engine.assign(complaint.id, 'spec.east', as('lead.east')));
    expect(lacksRole.code).toBe('invalid-input');
    expect(lacksRole.message).toMatch(/郑专员 has none of the roles/);
    const unknown = await refusal(rig.engine.assign(complaint.id, 'nobody', as('lead.east')));
    expect(unknown.code).toBe('invalid-input');
    const moved = await rig.engine.assign(complaint.id, 'wang.wei', as('lead.east'), '李娜休假');
    expect(moved.assignee).toBe('wang.wei');
    const events = await rig.engine.history(complaint.id);
    expect(events.at(-1)).toMatchObject({ type: '$assign', actor: 'lead.east', assignment: { from: 'li.na', to: 'wang.wei', reason: '李娜休假' } });
    const notices = await rig.engine.notices(as('wang.wei'), { limit: 5 });
    expect(notices).toMatchObject({ unread: 1, items: [{ kind: 'assigned', caseId: complaint.id }] });
    expect(await rig.engine.markNoticesRead(as('wang.wei'))).toBe(1);
    expect((await rig.engine.notices(as('wang.wei'), { limit: 5 })).unread).toBe(0);
  });

  it('puts a declined retention case in the specialists’ queue: one claims it, the next claim is 409 naming the holder, release puts it back', async () => {
    const retention = await rig.engine.createCase({
      process: 'deactivation-retention',
      data: { customer: { id: 'CU-1', name: '陈静', number: '13012345678', tier: 'star-3', member: false }, source: 'store-request', unit: 'east' },
      actor: as('desk.east'),
    });
    await rig.engine.fireDueTimers();
    await rig.engine.applyEvent(retention.id, { type: 'decline', input: { reason: 'price' } }, as('desk.east'));
    const queued = await rig.engine.getCase(retention.id, as('spec.east'));
    expect(queued).toMatchObject({ state: 'specialist-retention' });
    expect(queued.assignee).toBeUndefined();
    const queue = await rig.engine.listCases({ roles: ['retention-specialist'], queued: true, status: 'active', limit: 10 }, as('spec.east'));
    expect(queue.items.map((c) => c.id)).toEqual([retention.id]);
    const claimed = await rig.engine.claim(retention.id, as('spec.east'));
    expect(claimed.assignee).toBe('spec.east');
    const second = await refusal(rig.engine.claim(retention.id, as('spec.east2')));
    expect(second.code).toBe('conflict');
    expect(second.message).toContain('郑专员');
    expect((await rig.engine.listCases({ roles: ['retention-specialist'], queued: true, status: 'active', limit: 10 }, as('spec.east2'))).items).toEqual([]);
    const mine = await rig.engine.listCases({ assignee: 'spec.east', limit: 10 }, as('spec.east'));
    expect(mine.items.map((c) => c.id)).toEqual([retention.id]);
    const released = await rig.engine.release(retention.id, as('spec.east'));
    expect(released.assignee).toBeUndefined();
    const cannotClaim = await refusal(rig.engine.claim(retention.id, as('li.na')));
    expect(cannotClaim.code).toBe('role-not-allowed');
  });

  it('gives a warning to the least loaded team lead of its unit, taking turns, and to the centre manager when it climbs', async () => {
    const raise = () => rig.engine.createCase({
      process: 'escalation-warning', data: { source: 'batch-complaints', level: 'blue', title: '城东宽带批量投诉', unit: 'east', category: 'network' }, actor: as('li.na'),
    });
    const first = await raise();
    const second = await raise();
    expect(new Set([first.assignee, second.assignee])).toEqual(new Set(['lead.east', 'lead.east2']));
    rig.people.setAbsence('lead.east', { from: T0, until: T0 + 7 * DAY, delegateId: 'lead.east2' });
    const third = await raise();
    expect(third.assignee).toBe('lead.east2');
    await rig.engine.advanceClock(4 * HOUR + 1);
    const climbed = await rig.engine.getCase(first.id, as('manager.east'));
    expect(climbed.snapshot.data.level).toBe('yellow');
    expect(climbed.assignee).toBe('manager.east');
    const events = await rig.engine.history(first.id);
    expect(events.some((e) => e.assignment?.to === 'manager.east' && e.assignment.reason === 'auto:center-manager')).toBe(true);
  });

  it('lets the delegate of an absent holder act on their behalf, and hands an absent person’s cases over', async () => {
    const a = await registered();
    const b = await registered();
    rig.people.setAbsence('li.na', { from: T0, until: T0 + 3 * DAY, delegateId: 'wang.wei' });
    const replied = await rig.engine.applyEvent(a.id, { type: 'reply', input: { message: '代为回复' } }, as('wang.wei'));
    expect(replied.state).toBe('investigating');
    expect((await rig.engine.history(a.id)).at(-1)).toMatchObject({ actor: 'wang.wei', onBehalfOf: 'li.na' });
    const outcomes = await rig.engine.handOver('li.na', 'delegate', as('lead.east'));
    expect(outcomes.map((o) => o.ok)).toEqual([true, true]);
    expect((await rig.engine.getCase(b.id, as('wang.wei'))).assignee).toBe('wang.wei');
    expect((await rig.engine.history(b.id)).at(-1)?.assignment).toEqual({ from: 'li.na', to: 'wang.wei', reason: 'absence' });
  });

  it('hides a case of another unit as if it did not exist, in every engine call', async () => {
    const east = await registered();
    const west = as('zhao.min');
    for (const call of [
      () => rig.engine.getCase(east.id, west),
      () => rig.engine.applyEvent(east.id, { type: 'reply', input: { message: 'x' } }, west),
      () => rig.engine.history(east.id, west),
      () => rig.engine.timers(east.id, west),
      () => rig.engine.replay(east.id, west),
      () => rig.engine.claim(east.id, west),
      () => rig.engine.release(east.id, west),
      () => rig.engine.assign(east.id, 'zhao.min', as('lead.west')),
      () => rig.engine.addNote(east.id, '看看', west),
    ]) {
      expect((await refusal(call())).code).toBe('not-found');
    }
    expect((await rig.engine.listCases({ limit: 50 }, west)).items).toEqual([]);
    expect((await rig.engine.listCases({ limit: 50 }, as('director'))).items.map((c) => c.id)).toEqual([east.id]);
    expect((await rig.engine.getCase(east.id, as('auditor'))).id).toBe(east.id);
    const wrongUnit = await refusal(rig.engine.createCase({ process: 'complaint-handling', data: complaintData('east'), actor: west }));
    expect(wrongUnit.code).toBe('invalid-input');
    const noSuchUnit = await refusal(rig.engine.createCase({ process: 'complaint-handling', data: complaintData('north'), actor: as('director') }));
    expect(noSuchUnit).toMatchObject({ code: 'invalid-input', details: [{ field: 'unit' }] });
  });

  it('tells the holder and the team leads of the case unit in-app when a deadline warns, and nobody of another unit', async () => {
    const complaint = await registered();
    await rig.engine.advanceClock(DAY + 1);
    const mine = await rig.engine.notices(as('li.na'), { limit: 20 });
    expect(mine.items.filter((n) => n.kind === 'message' && n.caseId === complaint.id).length).toBeGreaterThan(0);
    const lead = await rig.engine.notices(as('lead.east'), { limit: 20 });
    expect(lead.items.some((n) => n.kind === 'message' && n.caseId === complaint.id && n.text.includes('张伟'))).toBe(true);
    expect((await rig.engine.notices(as('lead.west'), { limit: 20 })).items).toEqual([]);
    rig.people.setAbsence('lead.east2', { from: rig.clock.now(), until: rig.clock.now() + DAY, delegateId: 'manager.east' });
    await rig.engine.advanceClock(3 * DAY);
    const standIn = await rig.engine.notices(as('manager.east'), { limit: 50 });
    expect(standIn.items.some((n) => n.kind === 'message' && n.caseId === complaint.id)).toBe(true);
  });

  it('adds notes to the timeline without changing the case, and replays every assignment consistently', async () => {
    const complaint = await registered();
    const noted = await rig.engine.addNote(complaint.id, '客户要求书面回复', as('wang.wei'));
    expect(noted).toMatchObject({ state: 'received', revision: 2, assignee: 'li.na' });
    await rig.engine.assign(complaint.id, 'wang.wei', as('lead.east'));
    await rig.engine.release(complaint.id, as('lead.east'));
    await rig.engine.claim(complaint.id, as('li.na'));
    const empty = await refusal(rig.engine.addNote(complaint.id, '   ', as('li.na')));
    expect(empty.code).toBe('invalid-input');
    const replay = await rig.engine.replay(complaint.id);
    expect(replay).toMatchObject({ consistent: true, chainValid: true });
    expect(replay.steps.map((s) => s.type)).toEqual(['$start', '$note', '$assign', '$release', '$claim']);
    expect(await rig.engine.verifyAll()).toMatchObject({ valid: true });
  });

  it('runs a bulk action case by case and says per case what happened', async () => {
    const a = await registered();
    const b = await registered();
    const west = await registered('west', 'zhao.min');
    const outcomes = await rig.engine.bulk([a.id, b.id, west.id, 'C-missing'], { action: 'assign', to: 'wang.wei' }, as('lead.east'));
    expect(outcomes).toMatchObject([
      { caseId: a.id, ok: true, assignee: 'wang.wei' },
      { caseId: b.id, ok: true, assignee: 'wang.wei' },
      { caseId: west.id, ok: false, code: 'not-found' },
      { caseId: 'C-missing', ok: false, code: 'not-found' },
    ]);
    const load = await rig.engine.workload(as('lead.east'), T0 + DAY + 1);
    expect(load).toEqual([{ assignee: 'wang.wei', open: 2, overdue: 0, dueToday: 2 }]);
    const cityLoad = await rig.engine.workload(as('director'), T0 + DAY);
    expect(cityLoad.map((r) => r.assignee)).toEqual(['wang.wei', 'zhao.min']);
  });

  it('gives an appointment to the service advisor named in the booking, and again when the booking names another', async () => {
    rig.people.add('advisor.chen', ['service-advisor'], ['after-sales'], '陈顾问');
    rig.people.add('advisor.liu', ['service-advisor'], ['after-sales'], '刘顾问');
    rig.people.add('agent.as', ['agent'], ['after-sales'], '售后客服');
    const appointment = await rig.engine.createCase({
      process: 'appointment-confirmation', data: { customer: { name: '李娜', phone: '13900000000' }, subject: '浙B·12345', serviceType: 'minor-repair' }, actor: as('agent.as'),
    });
    expect(appointment.unit).toBe('after-sales');
    const booked = await rig.engine.applyEvent(appointment.id, { type: 'book', input: { slot: '2026-03-12T10:30:00+08:00', advisor: 'advisor.chen', partsNeeded: false } }, as('agent.as'));
    expect(booked).toMatchObject({ state: 'booked', assignee: 'advisor.chen' });
    const [event] = (await rig.engine.history(appointment.id)).slice(-1);
    expect(event.assignment).toEqual({ from: 'agent.as', to: 'advisor.chen', reason: 'rule:booked' });
    expect((await rig.engine.notices(as('advisor.chen'), { limit: 5 })).items[0]).toMatchObject({ kind: 'assigned', caseId: appointment.id });
  });
});
