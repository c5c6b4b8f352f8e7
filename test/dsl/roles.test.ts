import { describe, it } from 'vitest';
import { expectProblems, yaml } from './helpers.js';

describe('roles', () => {
  it('reports roles used by starters, events and notify that are not declared', () => {
    expectProblems(
      yaml`
        id: demo
        name: Demo
        roles: [agent, team-lead]
        starters: [agnet]
        data: { properties: {} }
        initial: open
        states:
          open:
            deadline: { within: 24h }
            entry:
              - notify: hello
                to: [customer, responder]
            on:
              close: { roles: [agent, teamlead], to: done }
          done: { final: true }
        templates:
          hello: "Hi"
      `,
      [
        { line: 4, column: 12, severity: 'error', message: "role 'agnet' is not declared in roles (did you mean 'agent'?)" },
        { line: 12, column: 24, severity: 'error', message: "recipient 'responder' is not a declared role, 'assignee' or a contact declared in contacts" },
        { line: 14, column: 31, severity: 'error', message: "role 'teamlead' is not declared in roles (did you mean 'team-lead'?)" },
      ],
    );
  });

  it('accepts customer as a notify recipient, and does not take tier columns for roles', () => {
    expectProblems(
      yaml`
        id: demo
        name: Demo
        roles: [agent]
        data: { properties: { level: { enum: [blue, red] } } }
        tiers:
          level:
            field: level
            rows:
              blue: { responder: team-lead, role: center-manager }
              red: { responder: general-manager, role: general-manager }
        initial: open
        states:
          open:
            deadline: { within: 24h }
            entry:
              - notify: hello
                to: [customer, agent]
              - notify: hello
                to: { expr: "[tiers.level.responder]" }
            on:
              close: { roles: { expr: "[tiers.level.role]" }, to: done }
          done: { final: true }
        templates:
          hello: "Hi"
      `,
      [],
    );
  });

  it('does not accept customer as a role that sends events unless declared', () => {
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
              withdraw: { roles: [customer], to: done }
          done: { final: true }
      `,
      [{ line: 10, column: 27, severity: 'error', message: "role 'customer' is not declared in roles" }],
    );
  });

  it('accepts recipients computed from data as user ids, not checked against roles', () => {
    expectProblems(
      yaml`
        id: demo
        name: Demo
        roles: [agent]
        data: { properties: { owner: { type: string }, watchers: { type: array, items: { type: string } } } }
        initial: open
        states:
          open:
            deadline: { within: 24h }
            entry:
              - notify: hello
                to: { expr: "[data.owner]" }
              - notify: hello
                to: { expr: 'data.watchers + [data.owner, "agent"]' }
              - notify: hello
                to: { expr: "[]" }
            on:
              close: { roles: [agent], to: done }
          done: { final: true }
        templates:
          hello: "Hi"
      `,
      [],
    );
  });

  it('refuses recipients that are not a list of text', () => {
    expectProblems(
      yaml`
        id: demo
        name: Demo
        roles: [agent]
        data: { properties: { owner: { type: string }, count: { type: integer } } }
        initial: open
        states:
          open:
            deadline: { within: 24h }
            entry:
              - notify: hello
                to: { expr: "data.owner" }
              - notify: hello
                to: { expr: "[data.count]" }
            on:
              close: { roles: [agent], to: done }
          done: { final: true }
        templates:
          hello: "Hi"
      `,
      [
        { line: 11, column: 21, severity: 'error', message: 'a recipients or roles expression must give a list of role ids or user ids (text), such as [data.owner, "team-lead"], but this one gives text (string)' },
        { line: 13, column: 21, severity: 'error', message: 'but this one gives a list (list<int>)' },
      ],
    );
  });
});
