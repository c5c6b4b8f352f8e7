import { describe, expect, it } from 'vitest';
import { as, beijing, CaseRun, DAY, HOUR, loadProcess, MINUTE } from './harness.js';

const appointment = loadProcess('appointment-confirmation');
const T0 = beijing('2026-03-02 09:00');
const SLOT = '2026-03-12T10:30:00+08:00';
const slotMs = Date.parse(SLOT);
const agent = as('agent', 'agent-wang');
const advisor = as('service-advisor', 'advisor-liu');

function request(serviceType = 'minor-repair'): CaseRun {
  return new CaseRun(appointment, {
    data: { customer: { name: '李娜', phone: '13900000000' }, subject: '浙B·12345', serviceType },
    actor: agent,
    now: T0,
    caseId: 'A-42',
  });
}

function book(options: { slot?: string; partsNeeded?: boolean; serviceType?: string } = {}): CaseRun {
  const run = request(options.serviceType);
  run.send('book', agent, { slot: options.slot ?? SLOT, advisor: 'advisor-liu', partsNeeded: options.partsNeeded ?? false });
  return run;
}

/** Booked, prepared, and through the confirmation call to a confirmed appointment. */
function confirmed(serviceType = 'minor-repair'): CaseRun {
  const run = book({ serviceType });
  run.send('prepared', advisor);
  run.advanceTo(slotMs - 2 * DAY);
  run.send('confirm', agent);
  return run;
}

describe('appointment-confirmation: booking', () => {
  it('books a slot on the 15-minute grid with advisor preparation and parts arrival side by side', () => {
    const run = book({ partsNeeded: true });
    expect(run.state).toBe('booked');
    expect(run.snapshot.value).toEqual({ booked: { confirmation: 'call-scheduled', preparation: 'preparing', parts: 'awaiting-parts' } });
    expect(run.sent('booking-made')[0].to).toEqual(['customer']);
    expect(run.sent('booking-made')[0].body).toContain('浙B·12345（小修）已预约于 2026-03-12 10:30 入厂');

    run.send('prepared', advisor);
    run.send('parts-arrived', advisor);
    expect(run.snapshot.value).toEqual({ booked: { confirmation: 'call-scheduled', preparation: 'prepared', parts: 'parts-ready' } });
    expect(run.state).toBe('booked');
  });

  it('starts the parts region as ready when no parts are needed', () => {
    expect(book().snapshot.value).toEqual({ booked: { confirmation: 'call-scheduled', preparation: 'preparing', parts: 'parts-ready' } });
  });

  it('refuses a slot off the 15-minute grid or in the past', () => {
    const run = request();
    const offGrid = run.refusal('book', agent, { slot: '2026-03-12T10:20:00+08:00', advisor: 'advisor-liu', partsNeeded: false });
    expect(offGrid.code).toBe('guard-refused');
    expect(offGrid.message).toContain('slotGridMinutes');
    expect(run.refusal('book', agent, { slot: '2026-03-01T10:30:00+08:00', advisor: 'advisor-liu', partsNeeded: false }).code).toBe('guard-refused');
    const missing = run.refusal('book', agent, { slot: SLOT, partsNeeded: false });
    expect(missing.code).toBe('invalid-input');
    expect(missing.details).toEqual([{ field: 'advisor', message: 'is required' }]);
    expect(run.refusal('book', as('team-lead'), { slot: SLOT, advisor: 'advisor-liu', partsNeeded: false }).code).toBe('role-not-allowed');
  });

  it('allows a slot in the busy morning or evening hours but flags it', () => {
    expect(book({ slot: '2026-03-12T09:00:00+08:00' }).data.busySlot).toBe(true);
    expect(book({ slot: '2026-03-12T17:45:00+08:00' }).data.busySlot).toBe(true);
    expect(book().data.busySlot).toBe(false);
  });

  it('reminds the advisor to prepare three days before the slot', () => {
    const run = book();
    run.advanceTo(slotMs - 3 * DAY);
    expect(run.sent('preparation-reminder')[0]).toMatchObject({ to: ['service-advisor'], at: slotMs - 3 * DAY });
  });
});

describe('appointment-confirmation: the confirmation call', () => {
  it('gets its confirmation call exactly 2 days before the slot', () => {
    const run = book();
    run.send('prepared', advisor);
    expect(run.timer('confirmation-call').dueAt).toBe(slotMs - 2 * DAY);
    run.advanceTo(slotMs - 2 * DAY - 1);
    expect(run.state).toBe('booked');
    run.advance(1);
    expect(run.state).toBe('awaiting-confirmation');
    expect(run.snapshot.value).toEqual({ 'awaiting-confirmation': 'calling' });
    const [sms] = run.sent('confirmation-request');
    expect(sms).toMatchObject({ to: ['customer'], at: slotMs - 2 * DAY });
    expect(sms.body).toContain('【预约确认】尊敬的李娜，您的车辆 浙B·12345 预约于 2026-03-12 10:30 入厂');
    expect(run.sent('confirmation-call')[0].to).toEqual(['agent']);
    expect(run.sent('preparation-missing')).toHaveLength(0);
  });

  it('texts the customer the slot in Beijing time when it was booked as a UTC timestamp', () => {
    const run = book({ slot: '2026-03-12T02:30:00.000Z' });
    run.send('prepared', advisor);
    run.advanceTo(slotMs - 2 * DAY);
    const [sms] = run.sent('confirmation-request');
    expect(sms.to).toEqual(['customer']);
    expect(sms.body).toBe('【预约确认】尊敬的李娜，您的车辆 浙B·12345 预约于 2026-03-12 10:30 入厂（小修），服务顾问 刘洋 已为您做好准备。我们将致电与您确认；如需改约或取消，请拨打 0571-8888 6666。\n');
    expect(appointment.title(run.data)).toBe('李娜 · 浙B·12345 · 2026-03-12 10:30');
  });

  it('texts an unprepared customer only what is true and tells the caller the preparation is missing', () => {
    const run = book();
    run.advanceTo(slotMs - 2 * DAY);
    const [sms] = run.sent('confirmation-request');
    expect(sms.body).toBe('【预约确认】尊敬的李娜，您的车辆 浙B·12345 预约于 2026-03-12 10:30 入厂（小修），服务顾问 刘洋。我们将致电与您确认；如需改约或取消，请拨打 0571-8888 6666。\n');
    expect(sms.body).not.toContain('准备');
    const [call] = run.sent('confirmation-call');
    expect(call.body).toContain('尚未完成：服务顾问预约准备，请先与 刘洋 核实，勿向客户承诺已准备就绪。');
    expect(call.body).not.toContain('订货零件');

    run.send('prepared', advisor);
    expect(run.data.prepared).toBe(true);
    expect(run.refusal('prepared', advisor).code).toBe('guard-refused');
    run.send('no-answer', agent);
    run.advance(4 * HOUR);
    expect(run.sent('confirmation-call').at(-1)?.body).toContain('服务顾问预约准备：已完成。');
  });

  it('promises no reply by text: the customer is told the centre will call, and its number', () => {
    const run = confirmed();
    for (const template of ['booking-made', 'confirmation-request', 'confirmed']) {
      const [message] = run.sent(template);
      expect(message.body).not.toMatch(/回复|短信确认/);
    }
    expect(run.sent('confirmed')[0].body).toContain('如需改约，请提前拨打 0571-8888 6666。');
  });

  it('tells the caller the ordered parts have arrived when they were late and came in after all', () => {
    const run = book({ partsNeeded: true });
    run.send('prepared', advisor);
    run.advanceTo(slotMs - 2 * DAY);
    expect(run.state).toBe('parts-delayed');
    run.send('parts-arrived', advisor);
    expect(run.state).toBe('awaiting-confirmation');
    const [call] = run.sent('confirmation-call');
    expect(call.body).toContain('服务顾问预约准备：已完成。');
    expect(call.body).toContain('订货零件：已到货。');
    expect(run.sent('confirmation-request')[0].body).toContain('服务顾问 刘洋 已为您做好准备。');
  });

  it('tells the advisor when the call falls due before the preparation is done', () => {
    const run = book();
    run.advanceTo(slotMs - 2 * DAY);
    expect(run.state).toBe('awaiting-confirmation');
    expect(run.sent('preparation-missing')[0].to).toEqual(['service-advisor']);
  });

  it('retries an unanswered call every 4 hours and marks it unconfirmed after three tries', () => {
    const run = book();
    run.advanceTo(slotMs - 2 * DAY);
    run.send('no-answer', agent);
    expect(run.snapshot.value).toEqual({ 'awaiting-confirmation': 'retry-wait' });
    run.advance(4 * HOUR);
    expect(run.snapshot.value).toEqual({ 'awaiting-confirmation': 'calling' });
    expect(run.sent('confirmation-call').at(-1)?.body).toContain('已拨打 1 次未接通');
    run.send('no-answer', agent);
    run.advance(4 * HOUR);
    run.send('no-answer', agent);
    expect(run.state).toBe('unconfirmed');
    expect(run.sent('confirmation-call')).toHaveLength(3);
    expect(run.sent('confirmation-call').map((m) => m.at - (slotMs - 2 * DAY))).toEqual([0, 4 * HOUR, 8 * HOUR]);
    const [flag] = run.sent('unconfirmed-advisor');
    expect(flag.to).toEqual(['service-advisor']);
    expect(flag.body).toContain('致电 3 次均未接通');
    expect(run.data).toMatchObject({ callAttempts: 3, unconfirmedFlag: true });
  });

  it('tells the team lead when a due call is not made within 4 hours', () => {
    const run = book();
    run.advanceTo(slotMs - 2 * DAY + 4 * HOUR);
    expect(run.sent('confirmation-call-overdue')[0].to).toEqual(['team-lead']);
  });

  it('moves to a new slot on reschedule and calls again 2 days before it', () => {
    const run = book();
    run.advanceTo(slotMs - 2 * DAY);
    const next = '2026-03-19T14:15:00+08:00';
    run.send('reschedule', agent, { slot: next });
    expect(run.state).toBe('booked');
    expect(run.sent('rescheduled')[0].to).toEqual(['customer', 'service-advisor']);
    expect(run.timer('confirmation-call').dueAt).toBe(Date.parse(next) - 2 * DAY);
  });

  it('times the call from the new slot when rescheduled before the call, and asks the advisor to prepare again', () => {
    const run = book({ partsNeeded: true });
    run.send('prepared', advisor);
    run.send('parts-arrived', advisor);
    const next = '2026-03-20T09:30:00+08:00';
    run.send('reschedule', as('service-advisor', 'advisor-liu'), { slot: next });
    expect(run.snapshot.value).toEqual({ booked: { confirmation: 'call-scheduled', preparation: 'preparing', parts: 'parts-ready' } });
    expect(run.data).toMatchObject({ slot: next, prepared: false, partsArrived: true, busySlot: true });
    expect(run.timer('confirmation-call').dueAt).toBe(Date.parse(next) - 2 * DAY);
    run.advanceTo(slotMs - 2 * DAY);
    expect(run.state).toBe('booked');
  });

  it('cancels on the customer’s request and tells the advisor', () => {
    const run = book();
    run.advanceTo(slotMs - 2 * DAY);
    run.send('cancel', agent, { reason: '临时出差' });
    expect(run.state).toBe('cancelled');
    const [notice] = run.sent('cancelled-advisor');
    expect(notice.to).toEqual(['service-advisor']);
    expect(notice.body).toContain('已取消 2026-03-12 10:30 的预约，车辆 浙B·12345。原因：临时出差');
  });
});

describe('appointment-confirmation: parts', () => {
  it('tells the customer and proposes a new slot when the advisor reports the parts late', () => {
    const run = book({ partsNeeded: true });
    run.send('parts-late', advisor, { eta: '2026-03-15T12:00:00+08:00' });
    expect(run.state).toBe('parts-delayed');
    const [notice] = run.sent('parts-delay');
    expect(notice.to).toEqual(['customer']);
    expect(notice.body).toContain('所需零件不能在预约入厂日（2026-03-12）前到货，预计 2026-03-15 12:00 到货。建议您更改预约时间');
    run.send('reschedule', agent, { slot: '2026-03-17T10:00:00+08:00' });
    expect(run.snapshot.value).toEqual({ booked: { confirmation: 'call-scheduled', preparation: 'preparing', parts: 'awaiting-parts' } });
  });

  it('asks the advisor to check parts that have not arrived 3 days before the slot', () => {
    const run = book({ partsNeeded: true });
    run.advanceTo(slotMs - 3 * DAY);
    expect(run.sent('parts-check')[0]).toMatchObject({ to: ['service-advisor'], at: slotMs - 3 * DAY });
  });

  it('finds parts still missing at confirmation time and treats them as late', () => {
    const run = book({ partsNeeded: true });
    run.advanceTo(slotMs - 2 * DAY);
    expect(run.state).toBe('parts-delayed');
    expect(run.sent('parts-delay')).toHaveLength(1);
    run.advance(DAY);
    expect(run.sent('parts-delay-unhandled')[0].to).toEqual(['team-lead']);
  });
});

describe('appointment-confirmation: the day of the slot', () => {
  it('confirms, reminds 2 hours before and checks the customer in', () => {
    const run = confirmed();
    expect(run.state).toBe('confirmed');
    expect(run.sent('confirmed')[0].body).toContain('预约已确认：2026-03-12 10:30 入厂');
    run.advanceTo(slotMs - 2 * HOUR);
    expect(run.sent('reminder')[0]).toMatchObject({ to: ['customer'], at: slotMs - 2 * HOUR });
    run.advanceTo(slotMs + 10 * MINUTE);
    run.send('check-in', advisor);
    expect(run.state).toBe('in-service');
    run.advance(DAY);
    expect(run.state).toBe('in-service');
  });

  it('marks a no-show when nobody checks in 30 minutes after the slot', () => {
    const run = confirmed();
    run.advanceTo(slotMs + 30 * MINUTE - 1);
    expect(run.state).toBe('confirmed');
    run.advance(1);
    expect(run.state).toBe('no-show');
    expect(run.snapshot.status).toBe('done');
    expect(run.sent('no-show-customer')[0].body).toContain('您预约于 2026-03-12 10:30 入厂的车辆 浙B·12345 未能到店');
    expect(run.sent('no-show-advisor')[0].to).toEqual(['service-advisor']);
  });

  it('still lets an unconfirmed customer check in, and marks a no-show otherwise', () => {
    const run = book();
    run.advanceTo(slotMs - 2 * DAY);
    for (let i = 0; i < 3; i++) {
      run.send('no-answer', agent);
      run.advance(4 * HOUR);
    }
    expect(run.state).toBe('unconfirmed');
    run.advanceTo(slotMs + 30 * MINUTE);
    expect(run.state).toBe('no-show');
  });
});

describe('appointment-confirmation: follow-up calls after the service', () => {
  function serviced(serviceType: string): { run: CaseRun; done: number } {
    const run = confirmed(serviceType);
    run.advanceTo(slotMs);
    run.send('check-in', advisor);
    run.advance(6 * HOUR);
    run.send('complete', advisor);
    return { run, done: run.now };
  }

  it('follows a minor repair up within 3 days', () => {
    const { run, done } = serviced('minor-repair');
    expect(run.state).toBe('follow-up');
    expect(run.sent('callback-task')[0].body).toContain('，小修，');
    run.advanceTo(done + 3 * DAY);
    expect(run.sent('callback-overdue')[0]).toMatchObject({ to: ['team-lead', 'agent'], at: done + 3 * DAY });
    run.send('callback-done', agent, { note: '车况良好' });
    expect(run.state).toBe('completed');
  });

  it('follows level-2 maintenance up within 10 days', () => {
    const { run, done } = serviced('level-2-maintenance');
    expect(run.timer('callback-due').dueAt).toBe(done + 10 * DAY);
  });

  it('follows an overhaul up three times, by 10, 30 and 90 days after it leaves', () => {
    const { run, done } = serviced('overhaul');
    expect(run.timer('callback-due').dueAt).toBe(done + 10 * DAY);
    run.advance(5 * DAY);
    run.send('callback-done', agent, { note: '第一次回访' });
    expect(run.state).toBe('follow-up');
    expect(run.timer('callback-due').dueAt).toBe(done + 30 * DAY);
    run.advance(20 * DAY);
    run.send('callback-done', agent, { note: '第二次回访' });
    expect(run.timer('callback-due').dueAt).toBe(done + 90 * DAY);
    run.send('callback-done', agent, { note: '第三次回访' });
    expect(run.state).toBe('completed');
    expect(run.data.callbacksDone).toBe(3);
  });

  it('raises the complaint in an after-sales category the complaint process times, never a telecom one', () => {
    const { run } = serviced('minor-repair');
    expect(run.refusal('report-complaint', agent, { category: 'billing', description: '流量费用' }).code).toBe('invalid-input');
    run.send('report-complaint', agent, { category: 'repair-quality', description: '保养后发动机异响' });
    const complaint = loadProcess('complaint-handling');
    const child = new CaseRun(complaint, { data: run.started[0].data, actor: agent, now: run.now, caseId: 'C-10' });
    expect(complaint.title(child.data)).toBe('李娜 13900000000 · 维修质量 Repair quality');
    expect(child.sent('complaint-registered')[0].body).toContain('（维修质量，县/区级）');
    expect(child.sent('complaint-registered')[0].body).toContain('请在 1天 内首次回复客户，3天 内闭环。');
  });

  it('starts a linked complaint-handling case, owned by the calling agent, when the customer complains', () => {
    const { run } = serviced('minor-repair');
    run.send('report-complaint', agent, { category: 'product-quality', description: '更换的刹车片异响' });
    expect(run.state).toBe('follow-up');
    expect(run.data.complaints).toBe(1);
    const [linked] = run.started;
    expect(linked).toEqual({
      kind: 'start-case',
      process: 'complaint-handling',
      data: {
        customer: { name: '李娜', phone: '13900000000' },
        channel: 'callback',
        category: 'product-quality',
        severity: 'normal',
        unit: 'after-sales',
        description: '更换的刹车片异响',
        commissionOrder: '浙B·12345',
        linkedCase: 'A-42',
      },
    });
    const complaint = loadProcess('complaint-handling');
    expect(complaint.validateData(linked.data)).toEqual([]);
    const child = new CaseRun(complaint, { data: linked.data, actor: { id: 'system', roles: ['system'] }, now: run.now, caseId: 'C-9' });
    expect(child.state).toBe('received');
    expect(child.data.owner).toBeUndefined();
  });
});
