/**
 * Recipients in the definition language: literal `to` entries name roles, `assignee` or a
 * declared contact (an address is an error with its line and column); contacts are checked at
 * publish time; `assignee` reaches the case's assignee and nobody when it has none.
 */
import { describe, expect, it } from 'vitest';
import type { Notify } from '../../engine/compile/types.js';
import { compile, process } from '../compile/helpers.js';
import { expectProblems, yaml } from '../dsl/helpers.js';

describe('recipients in a process definition', () => {
  it('reports an address written as a recipient, an unknown recipient, and contacts that clash or are not text', () => {
    expectProblems(
      yaml`
        id: demo
        name: Demo
        roles: [agent, team-lead]
        contacts:
          customer: { email: data.email, phone: data.count }
          agent: { email: data.email }
        data:
          type: object
          properties:
            email: { type: string }
            count: { type: integer }
        initial: open
        states:
          open:
            deadline: { within: 24h }
            entry:
              - notify: hello
                to: [someone@outside.example, custmer, assignee, customer]
            on:
              close: { roles: [agent], to: done }
          done: { final: true }
        templates:
          hello: "Hi"
      `,
      [
        { line: 5, column: 41, severity: 'error', message: "the phone of contact 'customer' must be text, such as data.customer.phone, but this expression gives int" },
        { line: 6, column: 3, severity: 'error', message: "contact 'agent' has the name of a role" },
        { line: 18, column: 14, severity: 'error', message: "recipient 'someone@outside.example' is an address; name a role, 'assignee' or a contact declared in contacts instead" },
        { line: 18, column: 39, severity: 'error', message: "recipient 'custmer' is not a declared role, 'assignee' or a contact declared in contacts (did you mean 'customer'?)" },
      ],
    );
  });

  it("sends to the case's assignee, and records that there is none", () => {
    const compiled = compile(process({
      initial: 'open',
      states: {
        open: { on: { ping: { roles: ['agent'], actions: [{ notify: 'ping', to: ['assignee', 'lead'] }] } } },
      },
      templates: { ping: 'ping' },
    }));
    const actor = { id: 'user-1', roles: ['agent'] };
    const opened = compiled.start({ data: {}, actor, now: 0, caseId: 'case-1' });
    const notices = (snapshot: typeof opened.snapshot): Notify[] =>
      compiled.step(snapshot, { type: 'ping', actor }, 1, 'case-1').effects.filter((effect): effect is Notify => effect.kind === 'notify');

    expect(notices({ ...opened.snapshot, assignee: 'agent-wang' })).toMatchObject([{ to: ['agent-wang', 'lead'] }]);
    const [unassigned] = notices(opened.snapshot);
    expect(unassigned.to).toEqual(['lead']);
    expect(unassigned.unresolved).toEqual(['assignee: the case has no assignee']);
  });
});
