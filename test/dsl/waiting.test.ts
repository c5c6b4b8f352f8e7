import { describe, it } from 'vitest';
import { expectProblems, yaml } from './helpers.js';

describe('states that wait for people', () => {
  it('warns about a state where people act with no deadline and no timer', () => {
    expectProblems(
      yaml`
        id: demo
        name: Demo
        roles: [agent]
        data: { properties: {} }
        initial: open
        states:
          open:
            on:
              close: { roles: [agent], to: done }
          done: { final: true }
      `,
      [{ line: 7, column: 3, severity: 'warning', message: "state 'open' waits for people with no deadline or timer" }],
    );
  });

  it('counts a timer, a deadline of an enclosing state, or a process deadline running in the state', () => {
    expectProblems(
      yaml`
        id: demo
        name: Demo
        roles: [agent]
        data: { properties: {} }
        deadlines:
          close: { within: 3d, activeIn: [review] }
        initial: open
        states:
          open:
            timers: [{ id: nudge, in: 4h, send: nudge }]
            on:
              nudge: { roles: [] }
              next: { roles: [agent], to: work }
          work:
            deadline: { within: 1d }
            initial: step
            onDone: review
            states:
              step:
                on:
                  finish: { roles: [agent], to: step-done }
              step-done: { final: true }
          review:
            on:
              close: { roles: [agent], to: done }
          done: { final: true }
      `,
      [],
    );
  });

  it('does not count a process deadline that is paused in the state, nor wait for a timer-only state', () => {
    expectProblems(
      yaml`
        id: demo
        name: Demo
        roles: [agent]
        data: { properties: {} }
        deadlines:
          close: { within: 3d, pausedIn: [waiting-for-customer] }
        initial: open
        states:
          open:
            on:
              ask: { roles: [agent], to: waiting-for-customer }
              close: { roles: [agent], to: done }
          waiting-for-customer:
            on:
              answered: { roles: [agent], to: open }
          automatic:
            on:
              tick: { roles: [], to: done }
          done: { final: true }
      `,
      [
        { line: 13, column: 3, severity: 'warning', message: "state 'waiting-for-customer' waits for people with no deadline or timer" },
        { line: 16, column: 3, severity: 'error', message: "state 'automatic' is unreachable" },
      ],
    );
  });
});
