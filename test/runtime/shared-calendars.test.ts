import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { agent, EngineRig, MONDAY } from './engine-harness.js';

/** A shared calendar in UTC, 09:00–17:00 Monday to Friday, with the given holidays. */
const office = (holidays: string[]) => `
id: office
name: 办公日 Office days
timezone: UTC
workHours: { start: "09:00", end: "17:00" }
holidays: [${holidays.join(', ')}]
`;

const TICKET = `
id: ticket
name: Ticket
roles: [agent]
calendar: office
data: { type: object, properties: { topic: { type: string } } }
initial: open
states:
  open:
    deadline: { within: 2 business days }
    on: { close: { roles: [agent], to: done } }
  done: { final: true }
`;

const TUESDAY_17 = Date.UTC(2025, 0, 7, 17);
const WEDNESDAY_17 = Date.UTC(2025, 0, 8, 17);

describe('shared calendars', () => {
  let rig: EngineRig;
  beforeEach(() => {
    rig = new EngineRig(MONDAY);
  });
  afterEach(() => rig.dispose());

  const open = async () => rig.engine.createCase({ process: 'ticket', data: { topic: 'x' }, actor: agent });

  it('publishes calendars in versions, and keeps with each process version the calendar versions it was published on', async () => {
    expect(await rig.engine.publishCalendar({ yaml: office([]), publishedBy: 'owner' })).toMatchObject({ calendarId: 'office', version: 1, name: '办公日 Office days' });
    const first = await rig.engine.publish({ yaml: TICKET, publishedBy: 'owner' });
    expect(first.calendars).toEqual({ office: 1 });
    const before = await open();
    expect(before.deadlines[0].dueAt).toBe(TUESDAY_17);

    // Tuesday becomes a holiday: cases of the version published before keep the calendar they started with.
    expect(await rig.engine.publishCalendar({ yaml: office(['2025-01-07']), publishedBy: 'owner' })).toMatchObject({ version: 2 });
    expect((await open()).deadlines[0].dueAt).toBe(TUESDAY_17);

    const second = await rig.engine.publish({ yaml: TICKET, publishedBy: 'owner' });
    expect(second.calendars).toEqual({ office: 2 });
    expect((await open()).deadlines[0].dueAt).toBe(WEDNESDAY_17);

    // After a restart the first case still runs, and replays, on version 1 of the calendar.
    await rig.restart();
    const again = await rig.engine.getCase(before.id, agent);
    expect(again.deadlines[0].dueAt).toBe(TUESDAY_17);
    expect(await rig.engine.replay(before.id)).toMatchObject({ consistent: true, chainValid: true });
  });

  it('marks a deadline due after the last date its calendar covers, in the case view and at validation', async () => {
    await rig.engine.publishCalendar({ yaml: `${office([])}coversUntil: 2025-01-07\n`, publishedBy: 'owner' });
    await rig.engine.publish({ yaml: TICKET, publishedBy: 'owner' });
    const view = await open();
    expect(view.deadlines[0].dueAt).toBe(TUESDAY_17);
    expect(view.deadlines[0]).not.toHaveProperty('beyondCalendar');
    await rig.engine.publishCalendar({ yaml: `${office([])}coversUntil: 2025-01-06\n`, publishedBy: 'owner' });
    await rig.engine.publish({ yaml: TICKET, publishedBy: 'owner' });
    expect((await open()).deadlines[0]).toMatchObject({ dueAt: TUESDAY_17, beyondCalendar: '2025-01-06' });
    expect(rig.engine.validate(TICKET)).toEqual([
      expect.objectContaining({ line: 10, column: 25, severity: 'warning', message: expect.stringContaining('2 business days from 2025-01-06 ends after 2025-01-06, the last date calendar office lists holidays for') }),
    ]);
  });

  it('refuses a process naming a calendar that is neither declared nor published, at its line and column', async () => {
    const refusal = await rig.engine.publish({ yaml: TICKET, publishedBy: 'owner' }).catch((error: unknown) => error);
    expect(refusal).toMatchObject({
      code: 'invalid-definition',
      details: [expect.objectContaining({ line: 5, column: 11, message: expect.stringContaining("calendar 'office' is not declared in calendars nor published as a shared calendar") })],
    });
  });

  it('refuses a calendar file with errors, with diagnostics at line and column', async () => {
    const refusal = await rig.engine.publishCalendar({ yaml: office(['2025-02-30']), publishedBy: 'owner' }).catch((error: unknown) => error);
    expect(refusal).toMatchObject({ code: 'invalid-definition', details: [expect.objectContaining({ line: 6, column: 12, message: "'2025-02-30' is not a real date" })] });
    expect(await rig.engine.listCalendars()).toEqual([]);
  });
});
