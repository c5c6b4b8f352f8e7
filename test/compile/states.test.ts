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
