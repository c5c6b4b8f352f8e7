import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../engine/compile/types.js';
import type { Engine } from '../../engine/runtime/index.js';
import { EngineRig, HOUR, MINUTE } from './engine-harness.js';

const DAY = 24 * HOUR;
const PROCESSES = fileURLToPath(new URL('../../processes', import.meta.url));
const CALENDARS = fileURLToPath(new URL('../../calendars', import.meta.url));
const SHIPPED = ['complaint-handling', 'escalation-warning', 'appointment-confirmation', 'deactivation-retention', 'fee-approval', 'quality-inspection', 'customer-callback'];

/** Epoch ms of a China-local wall time such as `2026-03-02 09:00`. */
const beijing = (local: string) => Date.parse(`${local.replace(' ', 'T')}:00+08:00`);
const as = (role: string, id = role): Actor => ({ id, roles: [role] });

/** Publishes a shipped process with its template files, as `npm start` would. */
async function publishShipped(engine: Engine, id: string): Promise<void> {
  const yaml = readFileSync(join(PROCESSES, `${id}.yaml`), 'utf8');
  const files: Record<string, string> = {};
  const folder = join(PROCESSES, 'templates', id);
  if (existsSync(folder)) for (const name of readdirSync(folder)) files[`templates/${id}/${name}`] = readFileSync(join(folder, name), 'utf8');
  await engine.publish({ yaml, files, publishedBy: 'process-owner' });
}

describe('the shipped processes driven through the engine, with restarts', () => {
  let rig: EngineRig;
  const T0 = beijing('2026-03-02 09:00');

  beforeEach(async () => {
    rig = new EngineRig(T0);
    // The shared calendars first, as `npm start` publishes them before the processes naming them.
    for (const name of readdirSync(CALENDARS)) await rig.engine.publishCalendar({ yaml: readFileSync(join(CALENDARS, name), 'utf8'), publishedBy: 'process-owner' });
    for (const id of SHIPPED) await publishShipped(rig.engine, id);
  });
  afterEach(() => rig.dispose());

  /** Restarts the engine, moves the clock to `at` and fires what fell due meanwhile. */
  async function restartUntil(at: number): Promise<number> {
    await rig.restart();
    rig.clock.set(at);
    return rig.engine.fireDueTimers();
  }

  async function templates(caseId: string): Promise<string[]> {
    return (await rig.store.listOutbox({ caseId, limit: 100 })).map((o) => o.template);
  }

  async function expectSoundHistory(caseId: string): Promise<void> {
    const replay = await rig.engine.replay(caseId);
    expect(replay, JSON.stringify(replay.steps.filter((s) => !s.consistent))).toMatchObject({ consistent: true, chainValid: true });
  }

  it('complaint-handling: a late first reply breaches at 24 h across a restart and opens a linked warning; the complaint then closes', async () => {
    const owner = as('agent', 'agent-wang');
    const complaint = await rig.engine.createCase({
      process: 'complaint-handling',
      data: { customer: { name: '张伟', phone: '13800000000', tier: 'star-3' }, channel: 'phone', category: 'billing', severity: 'normal', unit: 'east-district', description: '流量费用多扣 30 元' },
      actor: owner,
    });
    expect(complaint).toMatchObject({ state: 'received', actionableRoles: expect.arrayContaining(['agent']) });
    expect(complaint.searchText).toContain('张伟');

    expect(await restartUntil(T0 + 24 * HOUR)).toBeGreaterThanOrEqual(2);
    const breached = await rig.engine.getCase(complaint.id, owner);
    expect(breached.snapshot.data.firstReplyBreached).toBe(true);
    expect(await templates(complaint.id)).toEqual(expect.arrayContaining(['complaint-registered', 'first-reply-due-soon', 'first-reply-overdue']));
    const { items: warnings } = await rig.engine.listCases({ parentId: complaint.id, limit: 10 }, owner);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ processId: 'escalation-warning', parentId: complaint.id, state: 'raised', createdBy: 'system' });
    expect(warnings[0].snapshot.data).toMatchObject({ source: 'overdue-complaint', complaint: complaint.id });
    expect(await rig.engine.fireDueTimers()).toBe(0);

    await rig.engine.applyEvent(complaint.id, { type: 'reply', input: { message: '已核实，正在处理' } }, owner);
    await rig.engine.applyEvent(complaint.id, { type: 'propose', input: { type: 'explain', amount: 0, note: '解释计费规则' } }, owner);
    await rig.engine.applyEvent(complaint.id, { type: 'resolve', input: {} }, owner);
    rig.clock.advance(HOUR);
    const closed = await rig.engine.applyEvent(complaint.id, { type: 'callback', input: { satisfaction: 'satisfied', note: '客户满意' } }, owner);
    expect(closed).toMatchObject({ state: 'closed', status: 'done', actionableRoles: [] });
    expect(await rig.engine.timers(complaint.id)).toEqual([]);
    await expectSoundHistory(complaint.id);
    await expectSoundHistory(warnings[0].id);
  });

  it('escalation-warning: an unacknowledged warning climbs blue → yellow → orange across restarts, then is resolved and closed', async () => {
    const warning = await rig.engine.createCase({
      process: 'escalation-warning',
      data: { source: 'batch-complaints', level: 'blue', title: '城东片区宽带批量投诉', unit: 'east-district', category: 'network' },
      actor: as('agent', 'agent-wang'),
    });
    expect(warning.actionableRoles).toContain('team-lead');
    await restartUntil(T0 + 4 * HOUR);
    const yellow = await rig.engine.getCase(warning.id, as('center-manager'));
    expect(yellow.snapshot.data).toMatchObject({ level: 'yellow', climbs: 1 });
    expect(yellow.actions.map((a) => a.type)).toContain('acknowledge');
    expect(yellow.actionableRoles).toContain('center-manager');
    await restartUntil(T0 + 6 * HOUR);
    const orange = await rig.engine.getCase(warning.id, as('cs-director'));
    expect(orange.snapshot.data.level).toBe('orange');
    const outbox = await rig.store.listOutbox({ caseId: warning.id, limit: 10 });
    expect(outbox.map((o) => o.to[0])).toEqual(['team-lead', 'center-manager', 'cs-director']);

    const director = as('cs-director', 'director-sun');
    await rig.engine.applyEvent(warning.id, { type: 'acknowledge', input: {} }, director);
    await rig.engine.applyEvent(warning.id, { type: 'resolve', input: { resolution: '光缆已修复，逐户回访' } }, director);
    const closed = await rig.engine.applyEvent(warning.id, { type: 'pass-review', input: { score: 92 } }, as('quality-inspector', 'qa-chen'));
    expect(closed).toMatchObject({ state: 'closed', status: 'done' });
    await expectSoundHistory(warning.id);
  });

  it('appointment-confirmation: the confirmation call falls due exactly 2 days before the slot after a restart; a callback complaint opens a linked case', async () => {
    const agent = as('agent', 'agent-wang');
    const advisor = as('service-advisor', 'advisor-liu');
    const slot = Date.parse('2026-03-12T10:30:00+08:00');
    const appointment = await rig.engine.createCase({
      process: 'appointment-confirmation',
      data: { customer: { name: '李娜', phone: '13900000000' }, subject: '浙B·12345', serviceType: 'minor-repair' },
      actor: agent,
    });
    const booked = await rig.engine.applyEvent(appointment.id, { type: 'book', input: { slot: '2026-03-12T10:30:00+08:00', advisor: 'advisor-liu', partsNeeded: false } }, agent);
    expect(booked.snapshot.value).toMatchObject({ booked: { confirmation: 'call-scheduled' } });
    await rig.engine.applyEvent(appointment.id, { type: 'prepared', input: {} }, advisor);

    await restartUntil(slot - 2 * DAY - 1);
    expect((await rig.store.getCase(appointment.id))?.state).toBe('booked');
    await restartUntil(slot - 2 * DAY);
    const due = await rig.engine.getCase(appointment.id, agent);
    expect(due.state).toBe('awaiting-confirmation');
    const call = (await rig.engine.history(appointment.id)).find((e) => e.to === 'awaiting-confirmation');
    expect(call).toMatchObject({ type: '$timer', actor: 'system', at: slot - 2 * DAY });
    await rig.engine.applyEvent(appointment.id, { type: 'confirm', input: {} }, agent);

    await restartUntil(slot + 10 * MINUTE);
    expect((await rig.store.getCase(appointment.id))?.state).toBe('confirmed');
    await rig.engine.applyEvent(appointment.id, { type: 'check-in', input: {} }, advisor);
    rig.clock.advance(6 * HOUR);
    const followUp = await rig.engine.applyEvent(appointment.id, { type: 'complete', input: {} }, advisor);
    expect(followUp.state).toBe('follow-up');
    await rig.engine.applyEvent(appointment.id, { type: 'report-complaint', input: { category: 'product-quality', description: '更换的刹车片异响' } }, agent);
    const { items: linked } = await rig.engine.listCases({ parentId: appointment.id, limit: 10 }, agent);
    expect(linked).toHaveLength(1);
    expect(linked[0]).toMatchObject({ processId: 'complaint-handling', state: 'received', createdBy: 'agent-wang' });
    expect(linked[0].snapshot.data).toMatchObject({ linkedCase: appointment.id, channel: 'callback' });
    expect(linked[0].snapshot.assignee).toBe('agent-wang');
    const done = await rig.engine.applyEvent(appointment.id, { type: 'callback-done', input: { note: '车况良好' } }, agent);
    expect(done.state).toBe('completed');
    await expectSoundHistory(appointment.id);
    await expectSoundHistory(linked[0].id);
  });

  it('deactivation-retention: routed at once, deactivated with consent, and released for resale 90 days later across a restart', async () => {
    const frontDesk = as('front-desk', 'desk-zhang');
    const retention = await rig.engine.createCase({
      process: 'deactivation-retention',
      data: { customer: { id: 'CU-88', name: '陈静', number: '13012345678', tier: 'star-3', member: true }, source: 'store-request', unit: 'east-district' },
      actor: frontDesk,
    });
    expect(retention.state).toBe('intake');
    expect(await rig.engine.fireDueTimers()).toBe(1);
    expect((await rig.engine.getCase(retention.id, frontDesk)).state).toBe('front-desk-retention');
    await rig.engine.applyEvent(retention.id, { type: 'decline', input: { reason: 'competitor-offer' } }, frontDesk);
    await rig.engine.applyEvent(retention.id, { type: 'customer-insists', input: { note: '已携号转网意向明确' } }, as('retention-specialist', 'keeper-wu'));
    const refused = rig.engine.applyEvent(retention.id, { type: 'deactivate', input: { consent: true } }, frontDesk);
    await expect(refused).rejects.toMatchObject({ code: 'invalid-input' });
    const deactivated = await rig.engine.applyEvent(retention.id, { type: 'deactivate', input: { consent: true, certificateNo: 'XH-2026-0315' } }, frontDesk);
    expect(deactivated.snapshot.data).toMatchObject({ outcome: 'deactivated', penaltyGeneralManager: 10, penaltyCenterDirector: 10 });
    const deactivatedAt = rig.clock.now();

    await restartUntil(deactivatedAt + 90 * DAY - 1);
    expect((await rig.store.getCase(retention.id))?.state).toBe('deactivated');
    await restartUntil(deactivatedAt + 90 * DAY);
    const released = await rig.engine.getCase(retention.id, frontDesk);
    expect(released).toMatchObject({ state: 'released-for-resale', status: 'done' });
    expect(released.snapshot.data.releasedAt).toBe(new Date(deactivatedAt + 90 * DAY).toISOString());
    await expectSoundHistory(retention.id);
  });

  it('fee-approval: the review reminder and escalation fall on business days across restarts; reimbursement needs a summary', async () => {
    const unit = as('business-unit', 'unit-east');
    const friday = beijing('2026-03-06 15:00');
    rig.clock.set(friday);
    const fee = await rig.engine.createCase({ process: 'fee-approval', data: { unit: 'east-district', feeType: 'activity', title: '春节客户答谢活动' }, actor: unit });
    const submitted = await rig.engine.applyEvent(fee.id, { type: 'submit', input: { plan: '营业厅答谢活动方案：礼品 200 份', budget: 10_000 } }, unit);
    expect(submitted.state).toBe('city-review');
    expect(submitted.deadlines.find((d) => d.id === 'city-review')?.dueAt).toBe(beijing('2026-03-11 15:00'));

    expect(await restartUntil(beijing('2026-03-10 14:59'))).toBe(0);
    await restartUntil(beijing('2026-03-10 15:00'));
    expect(await templates(fee.id)).toContain('review-reminder');
    expect(await templates(fee.id)).not.toContain('review-escalation');
    await restartUntil(beijing('2026-03-11 15:00'));
    const escalation = (await rig.store.listOutbox({ caseId: fee.id, limit: 20 })).find((o) => o.template === 'review-escalation');
    expect(escalation).toMatchObject({ to: ['general-manager'], createdAt: beijing('2026-03-11 15:00') });

    await rig.engine.applyEvent(fee.id, { type: 'approve', input: { comment: '同意' } }, as('city-reviewer', 'reviewer-he'));
    await rig.engine.applyEvent(fee.id, { type: 'execute', input: {} }, unit);
    const executedAt = rig.clock.now();
    await restartUntil(executedAt + 30 * DAY);
    expect(await templates(fee.id)).toContain('summary-reminder');
    const finance = as('finance', 'finance-qian');
    await expect(rig.engine.applyEvent(fee.id, { type: 'reimburse', input: {} }, finance)).rejects.toMatchObject({ code: 'event-not-allowed' });
    await rig.engine.applyEvent(fee.id, { type: 'submit-summary', input: { summary: '活动覆盖客户 420 人', actualSpend: 9_800 } }, unit);
    const reimbursed = await rig.engine.applyEvent(fee.id, { type: 'reimburse', input: {} }, finance);
    expect(reimbursed).toMatchObject({ state: 'reimbursed', status: 'done' });
    await expectSoundHistory(fee.id);
    expect((await rig.engine.verifyAll()).valid).toBe(true);
  });
});
