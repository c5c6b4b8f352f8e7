import { describe, expect, it } from 'vitest';
import { parseProcess } from '../../engine/dsl/index.js';
import { expectProblems, yaml } from './helpers.js';

/** A process whose three review states share one block; `edit` changes the block. */
function reviews(block: string, uses = '{ review: { reviewer: city-reviewer, next: approved } }'): string {
  return yaml`
    id: demo
    name: Demo
    roles: [business-unit, city-reviewer, cs-director]
    data: { properties: { comment: { type: string } } }
    initial: draft
    blocks:
      review:
        params: [reviewer, next]
${block}
    states:
      city-review:
        use: ${uses}
      cs-review:
        use: { review: { reviewer: cs-director, next: approved } }
      approved: { final: true }
      draft:
        deadline: { within: 1d }
        on: { submit: { roles: [business-unit], to: [{ if: 'data.comment == "cs"', to: cs-review }, { to: city-review }] } }
  `;
}

const REVIEW = `        deadline: { within: 3d }
        on:
          approve: { roles: [$reviewer], to: $next }
          return: { roles: [$reviewer], set: { comment: '"returned by $reviewer"' }, to: draft }`;

describe('reusable blocks', () => {
  it('gives each state that uses a block its keys, with the parameters filled in', () => {
    const { definition, diagnostics } = parseProcess(reviews(REVIEW));
    expect(diagnostics).toEqual([]);
    expect(definition?.states['city-review'].on?.approve).toEqual({ roles: ['city-reviewer'], to: 'approved' });
    expect(definition?.states['cs-review'].on?.return).toEqual({ roles: ['cs-director'], set: { comment: '"returned by cs-director"' }, to: 'draft' });
    expect(definition?.states['cs-review'].deadline).toEqual({ within: '3d' });
    expect(definition?.states['cs-review']).not.toHaveProperty('use');
  });

  it('lets the state own keys and events win over the block, and merges the rest by event name', () => {
    const source = reviews(REVIEW, '{ review: { reviewer: city-reviewer, next: approved } }\n        deadline: { within: 1d }\n        on:\n          approve: { roles: [city-reviewer], to: cs-review }');
    const { definition, diagnostics } = parseProcess(source);
    expect(diagnostics).toEqual([]);
    const state = definition?.states['city-review'];
    expect(state?.deadline).toEqual({ within: '1d' });
    expect(state?.on?.approve).toEqual({ roles: ['city-reviewer'], to: 'cs-review' });
    expect(Object.keys(state?.on ?? {})).toEqual(['approve', 'return']);
  });

  it('points a problem inside a used block at the block and at the use', () => {
    const diagnostics = expectProblems(reviews(REVIEW.replace('to: $next', 'to: $next-state')), [
      // Line 11 is the block's `to: $next-state`, which gives 'approved-state' in both uses.
      { line: 11, column: 42, severity: 'error', message: "target 'approved-state' is not a state (did you mean 'approved'?) (in block 'review' used at line 15, column 12)" },
      { line: 11, column: 42, severity: 'error', message: "target 'approved-state' is not a state (did you mean 'approved'?) (in block 'review' used at line 17, column 12)" },
    ]);
    expect(diagnostics[0].related).toEqual([{ line: 15, column: 12, path: 'states.city-review.use.review', message: "in block 'review' used" }]);
    expect(diagnostics[1].related?.[0]).toMatchObject({ line: 17, column: 12, path: 'states.cs-review.use.review' });
  });

  it('reports a block that does not exist, a missing parameter and an unknown one at the use', () => {
    expectProblems(reviews(REVIEW, '{ reveiw: { reviewer: city-reviewer } }'), [
      { line: 15, column: 12, severity: 'error', message: "there is no block 'reveiw' (did you mean 'review'?)" },
    ]);
    expectProblems(reviews(REVIEW, '{ review: { reviewer: city-reviewer, nxet: approved } }'), [
      { line: 15, column: 12, severity: 'error', message: "block 'review' needs the parameter 'next'" },
      { line: 15, column: 47, severity: 'error', message: "block 'review' has no parameter 'nxet' (did you mean 'next'?)" },
    ]);
  });

  it('warns about a parameter the block never uses and a block no state uses', () => {
    expectProblems(reviews(REVIEW.replace('to: $next', 'to: approved')).replace('blocks:\n', 'blocks:\n  spare: { label: Spare }\n'), [
      { line: 7, column: 3, severity: 'warning', message: "block 'spare' is not used by any state or event" },
      { line: 9, column: 24, severity: 'warning', message: "parameter 'next' is not used in block 'review'" },
    ]);
  });

  it('takes one event from a block, the event giving the roles', () => {
    const source = yaml`
      id: demo
      name: Demo
      roles: [agent, team-lead]
      data: { properties: { reason: { type: string } } }
      initial: open
      blocks:
        reject: { label: Reject, set: { reason: '"rejected"' }, to: done }
      states:
        open:
          deadline: { within: 1d }
          on:
            reject: { use: reject, roles: [agent] }
            escalate: { use: reject }
        done: { final: true }
    `;
    const { definition, diagnostics } = parseProcess(source);
    expect(definition).toBeUndefined();
    expect(diagnostics.map(({ line, column, message }) => ({ line, column, message }))).toEqual([
      { line: 13, column: 7, message: "event 'escalate' needs roles (who may send it), written or from a block" },
    ]);
    const fixed = parseProcess(source.replace('escalate: { use: reject }', 'escalate: { use: reject, roles: [team-lead] }'));
    expect(fixed.definition?.states.open.on?.escalate).toEqual({ label: 'Reject', set: { reason: '"rejected"' }, to: 'done', roles: ['team-lead'] });
  });

  it('lets a parameter name the event a clock sends, and points a wrong one at the block and at the use', () => {
    const source = yaml`
      id: demo
      name: Demo
      roles: [agent]
      data: { properties: {} }
      initial: open
      blocks:
        clock:
          params: [overdue]
          deadline: { within: 1h, breach: { send: $overdue } }
      states:
        open:
          use: { clock: { overdue: open-late } }
          on: { open-late: { roles: [], to: late }, answer: { roles: [agent], to: answered } }
        answered:
          use: { clock: { overdue: answer-late } }
          on: { answer-late: { roles: [], to: late } }
        late: { final: true }
    `;
    const { definition, diagnostics } = parseProcess(source);
    expect(diagnostics).toEqual([]);
    expect(definition?.states.open.deadline?.breach?.send).toBe('open-late');
    expect(definition?.states.answered.deadline?.breach?.send).toBe('answer-late');
    const [problem, ...rest] = expectProblems(source.replace('overdue: answer-late', 'overdue: answer-lat'), [
      { line: 9, column: 45, severity: 'error', message: "sends event 'answer-lat', but no state accepts 'answer-lat' (did you mean 'answer' or 'answer-late'?) (in block 'clock' used at line 15, column 12)" },
    ]);
    expect(rest).toEqual([]);
    expect(problem.related).toEqual([{ line: 15, column: 12, path: 'states.answered.use.clock', message: "in block 'clock' used" }]);
  });

  it('takes an input field from the case data by writing data.<field>', () => {
    const source = yaml`
      id: demo
      name: Demo
      roles: [agent]
      data: { properties: { reason: { enum: [price, coverage], title: 原因 Reason } } }
      initial: open
      states:
        open:
          deadline: { within: 1d }
          on:
            close: { roles: [agent], input: { type: object, properties: { reason: data.reason } }, set: { reason: input.reason }, to: done }
        done: { final: true }
    `;
    const { definition } = parseProcess(source);
    expect(definition?.states.open.on?.close.input).toEqual({ type: 'object', properties: { reason: { enum: ['price', 'coverage'], title: '原因 Reason' } } });
    expectProblems(source.replace('reason: data.reason }', 'reason: data.reasno }'), [
      { line: 10, column: 77, severity: 'error', message: "there is no data field reasno (did you mean 'reason'?)" },
    ]);
  });
});
