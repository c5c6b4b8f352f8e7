import { describe, it } from 'vitest';
import { expectProblems, yaml } from './helpers.js';

describe('states and transitions', () => {
  it('names a missing target and suggests the close state name', () => {
    expectProblems(
      yaml`
        id: demo
        name: Demo
        roles: [agent, team-lead]
        data: { properties: { budget: { type: number } } }
        initial: open
        states:
          open:
            deadline: { within: 24h }
            on:
              close: { roles: [agent], to: dnoe }
              review: { roles: [agent], to: [{ if: "true", to: reveiw }, { to: done }] }
          done: { final: true }
      `,
      [
        { line: 10, column: 36, severity: 'error', message: "target 'dnoe' is not a state (did you mean 'done'?)" },
        { line: 11, column: 56, severity: 'error', message: "target 'reveiw' is not a state (states: open, done)" },
      ],
    );
  });

  it('reports a state name used twice across nesting, at the second one', () => {
    expectProblems(
      yaml`
        id: demo
        name: Demo
        roles: [agent]
        data: { properties: {} }
        initial: open
        states:
          open:
            deadline: { within: 24h }
            initial: first
            states:
              first:
                on:
                  go: { roles: [agent], to: done }
              done: { final: true }
            onDone: done
          done: { final: true }
      `,
      [{ line: 16, column: 3, severity: 'error', message: "state name 'done' is used twice (also at states.open.states.done)" }],
    );
  });

  it('reports an initial that names no top-level state, and one that names no child', () => {
    expectProblems(
      yaml`
        id: demo
        name: Demo
        roles: [agent]
        data: { properties: {} }
        initial: start
        states:
          open:
            deadline: { within: 24h }
            initial: fist
            states:
              first:
                on:
                  go: { roles: [agent], to: finished }
              finished: { final: true }
            onDone: done
          done: { final: true }
      `,
      [
        { line: 5, column: 10, severity: 'error', message: "initial state 'start' is not a top-level state (top-level states: open, done)" },
        { line: 9, column: 14, severity: 'error', message: "initial 'fist' is not a child of 'open' (did you mean 'first'?) (children: first, finished)" },
      ],
    );
  });

  it('requires a compound state to name its initial child', () => {
    expectProblems(
      yaml`
        id: demo
        name: Demo
        roles: [agent]
        data: { properties: {} }
        initial: open
        states:
          open:
            deadline: { within: 24h }
            states:
              first:
                on:
                  go: { roles: [agent], to: finished }
              finished: { final: true }
            onDone: done
          done: { final: true }
      `,
      [{ line: 7, column: 3, severity: 'error', message: "compound state 'open' needs initial: one of first, finished" }],
    );
  });

  it('refuses onDone on a state that has no children', () => {
    expectProblems(
      yaml`
        id: demo
        name: Demo
        roles: [agent]
        data: { properties: {} }
        initial: open
        states:
          open:
            deadline: { within: 24h }
            on:
              close: { roles: [agent], to: done }
            onDone: done
          done: { final: true }
      `,
      [{ line: 11, column: 5, severity: 'error', message: "onDone on 'open' never fires" }],
    );
  });
});

describe('the flow of a process', () => {
  it('reports a state no transition leads to, and one from which the case can never finish', () => {
    expectProblems(
      yaml`
        id: demo
        name: Demo
        roles: [agent]
        data: { properties: {} }
        initial: open
        states:
          open:
            deadline: { within: 24h }
            on:
              park: { roles: [agent], to: parked }
              close: { roles: [agent], to: done }
          parked:
            deadline: { within: 24h }
            on:
              poke: { roles: [agent] }
          orphan:
            deadline: { within: 24h }
            on:
              close: { roles: [agent], to: done }
          done: { final: true }
      `,
      [
        { line: 12, column: 3, severity: 'error', message: "no final state can be reached from 'parked'" },
        { line: 16, column: 3, severity: 'error', message: "state 'orphan' is unreachable" },
      ],
    );
  });

  it('reports a process without any final state once', () => {
    expectProblems(
      yaml`
        id: demo
        name: Demo
        roles: [agent]
        data: { properties: {} }
        initial: open
        states:
          open:
            deadline: { within: 24h }
            on:
              close: { roles: [agent], to: closed }
          closed:
            deadline: { within: 24h }
            on:
              reopen: { roles: [agent], to: open }
      `,
      [{ line: 6, column: 1, severity: 'error', message: 'no top-level state is final' }],
    );
  });

  it('enters every region of a parallel state when a transition targets one region', () => {
    expectProblems(
      yaml`
        id: demo
        name: Demo
        roles: [agent]
        data: { properties: {} }
        initial: intake
        states:
          intake:
            deadline: { within: 24h }
            on:
              book: { roles: [agent], to: awaiting-parts }
          booked:
            parallel: true
            deadline: { within: 24h }
            onDone: done
            states:
              preparation:
                initial: preparing
                states:
                  preparing:
                    on:
                      prepared: { roles: [agent], to: prepared }
                  prepared: { final: true }
              parts:
                initial: awaiting-parts
                states:
                  awaiting-parts:
                    on:
                      arrived: { roles: [agent], to: parts-ready }
                  parts-ready: { final: true }
          done: { final: true }
      `,
      [],
    );
  });

  it('lets a child finish through the onDone of its compound parent', () => {
    expectProblems(
      yaml`
        id: demo
        name: Demo
        roles: [agent]
        data: { properties: {} }
        initial: work
        states:
          work:
            initial: step-one
            deadline: { within: 1d }
            onDone: done
            states:
              step-one:
                on:
                  next: { roles: [agent], to: step-two }
              step-two:
                on:
                  finish: { roles: [agent], to: step-done }
              step-done: { final: true }
          done: { final: true }
      `,
      [],
    );
  });
});
