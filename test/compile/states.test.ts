import { describe, expect, it } from 'vitest';
import { as, compile, MONDAY, process } from './helpers.js';

const nested = process({
  initial: 'received',
  states: {
    received: { on: { accept: { roles: ['agent'], to: 'working' } } },
    working: {
      initial: 'analysing',
      on: { withdraw: { roles: ['agent'], to: 'withdrawn' } },
      states: {
        analysing: { on: { handOver: { roles: ['agent'], to: 'atDepartment' } } },
        atDepartment: { on: { answer: { roles: ['lead'], to: 'analysing' }, finish: { roles: ['agent'], to: 'wrapUp' } } },
        wrapUp: { final: true },
      },
      onDone: 'closed',
    },
    withdrawn: { final: true },
    closed: { final: true },
  },
});

describe('nested states', () => {
  const compiled = compile(nested);
  const start = () => compiled.start({ data: {}, actor: as('agent'), now: MONDAY, caseId: 'c1' });

  it('enters the initial child of a compound state', () => {
    const opened = start();
    const next = compiled.step(opened.snapshot, { type: 'accept', actor: as('agent') }, MONDAY + 1, 'c1');
    expect(next.snapshot.value).toEqual({ working: 'analysing' });
    expect(next.state).toBe('working');
  });

  it('handles an event of the parent from any child', () => {
    let s = start().snapshot;
    s = compiled.step(s, { type: 'accept', actor: as('agent') }, MONDAY, 'c1').snapshot;
    s = compiled.step(s, { type: 'handOver', actor: as('agent') }, MONDAY, 'c1').snapshot;
    const out = compiled.step(s, { type: 'withdraw', actor: as('agent') }, MONDAY, 'c1');
    expect(out.snapshot.value).toBe('withdrawn');
    expect(out.snapshot.status).toBe('done');
  });

  it('follows onDone when the compound state reaches its final child', () => {
    let s = start().snapshot;
    for (const [type, role] of [['accept', 'agent'], ['handOver', 'agent'], ['finish', 'agent']]) {
      s = compiled.step(s, { type, actor: as(role) }, MONDAY, 'c1').snapshot;
    }
    expect(s.value).toBe('closed');
    expect(s.status).toBe('done');
  });
});

const booking = process({
  initial: 'booked',
  states: {
    booked: {
      parallel: true,
      states: {
        preparation: {
          initial: 'preparing',
          states: {
            preparing: { on: { prepared: { roles: ['agent'], to: 'prepared' } } },
            prepared: { final: true },
          },
        },
        parts: {
          initial: 'waitingParts',
          states: {
            waitingParts: { on: { partsArrived: { roles: ['agent'], to: 'partsReady' } } },
            partsReady: { final: true },
          },
        },
      },
      onDone: 'ready',
    },
    ready: { final: true },
  },
});

describe('parallel states', () => {
  const compiled = compile(booking);
  const opened = () => compiled.start({ data: {}, actor: as('agent'), now: MONDAY, caseId: 'c2' }).snapshot;

  it('runs regions side by side', () => {
    expect(opened().value).toEqual({ booked: { preparation: 'preparing', parts: 'waitingParts' } });
  });

  it('stays until every region is final, then follows onDone', () => {
    const one = compiled.step(opened(), { type: 'partsArrived', actor: as('agent') }, MONDAY, 'c2');
    expect(one.snapshot.value).toEqual({ booked: { preparation: 'preparing', parts: 'partsReady' } });
    expect(one.state).toBe('booked');
    const both = compiled.step(one.snapshot, { type: 'prepared', actor: as('agent') }, MONDAY, 'c2');
    expect(both.snapshot.value).toBe('ready');
    expect(both.snapshot.status).toBe('done');
  });

  it('lists the events of every region', () => {
    expect(compiled.availableEvents(opened(), as('agent'), MONDAY, 'c2').map((e) => e.type).sort()).toEqual(['partsArrived', 'prepared']);
  });
});

const fees = process({
  initial: 'draft',
  roles: ['unit', 'reviewer'],
  settings: { threshold: 50000 },
  data: {
    type: 'object',
    properties: {
      feeType: { enum: ['gift', 'activity', 'other'] },
      budget: { type: 'number' },
      plan: { type: 'string' },
      submissions: { type: 'integer' },
      route: { type: 'string' },
      secondApproval: { type: 'boolean' },
    },
  },
  states: {
    draft: {
      on: {
        submit: {
          roles: ['unit'],
          input: { type: 'object', required: ['plan', 'budget'], properties: { plan: { type: 'string', minLength: 1 }, budget: { type: 'number', minimum: 0 } } },
          set: { plan: 'input.plan', budget: 'input.budget', submissions: 'has(data.submissions) ? data.submissions + 1 : 1', route: '"event"' },
          to: [
            { if: 'data.feeType in ["activity", "gift"]', to: 'cityReview', set: { route: '"city"', secondApproval: 'input.budget > settings.threshold' } },
            { to: 'csReview', set: { route: '"cs"' } },
          ],
        },
      },
    },
    cityReview: { on: { approve: { roles: ['reviewer'], to: 'approved' } } },
    csReview: { on: { approve: { roles: ['reviewer'], if: 'data.budget < 100000.0', to: 'approved' } } },
    approved: { final: true },
  },
});

describe('guarded branches and data updates', () => {
  const compiled = compile(fees);
  const open = (data: Record<string, unknown>) => compiled.start({ data, actor: as('unit'), now: MONDAY, caseId: 'f1' }).snapshot;
  const submit = (data: Record<string, unknown>, budget: number) =>
    compiled.step(open(data), { type: 'submit', actor: as('unit'), input: { plan: 'Spring fair', budget } }, MONDAY, 'f1');

  it('takes the first branch whose condition holds', () => {
    expect(submit({ feeType: 'gift' }, 100).state).toBe('cityReview');
    expect(submit({ feeType: 'other' }, 100).state).toBe('csReview');
  });

  it('evaluates every set against the data before the event, branch set after event set', () => {
    const { snapshot } = submit({ feeType: 'activity', submissions: 2 }, 60000);
    expect(snapshot.data).toEqual({ feeType: 'activity', submissions: 3, plan: 'Spring fair', budget: 60000, route: 'city', secondApproval: true });
  });

  it('writes plain JSON numbers into the data', () => {
    const { snapshot } = submit({ feeType: 'gift', submissions: 1 }, 10);
    expect(typeof snapshot.data.submissions).toBe('number');
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot);
  });

  it('refuses an event whose condition does not hold, naming the state', () => {
    const { snapshot } = submit({ feeType: 'other' }, 200000);
    expect(() => compiled.step(snapshot, { type: 'approve', actor: as('reviewer') }, MONDAY, 'f1')).toThrow(
      expect.objectContaining({ code: 'guard-refused', details: expect.objectContaining({ state: 'csReview' }) }),
    );
  });

  it('hides an event whose condition does not hold from the available events', () => {
    const blocked = submit({ feeType: 'other' }, 200000).snapshot;
    expect(compiled.availableEvents(blocked, as('reviewer'), MONDAY, 'f1')).toEqual([]);
    const open = submit({ feeType: 'other' }, 100).snapshot;
    expect(compiled.availableEvents(open, as('reviewer'), MONDAY, 'f1')).toEqual([{ type: 'approve' }]);
  });

  it('offers a form with its input schema to the right role only', () => {
    const draft = open({ feeType: 'gift' });
    expect(compiled.availableEvents(draft, as('unit'), MONDAY, 'f1')).toEqual([{ type: 'submit', input: fees.states.draft.on?.submit.input }]);
    expect(compiled.availableEvents(draft, as('reviewer'), MONDAY, 'f1')).toEqual([]);
  });

  it('never mutates the snapshot it is given', () => {
    const before = open({ feeType: 'gift', submissions: 1 });
    const copy = structuredClone(before);
    compiled.step(before, { type: 'submit', actor: as('unit'), input: { plan: 'p', budget: 1 } }, MONDAY, 'f1');
    expect(before).toEqual(copy);
  });
});
