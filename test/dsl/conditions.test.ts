import { describe, expect, it } from 'vitest';
import { compileProcess } from '../../engine/compile/index.js';
import { parseProcess } from '../../engine/dsl/index.js';
import { CaseflowError } from '../../engine/errors.js';
import { expectProblems, yaml } from './helpers.js';

const SPEND = yaml`
  id: demo
  name: Demo
  roles: [unit, finance, cs-director, city-reviewer]
  settings: { tolerance: 0.1 }
  data: { properties: { budget: { type: number }, spend: { type: number }, feeType: { enum: [gift, other] } } }
  values:
    reviewer: 'data.feeType == "gift" ? "city-reviewer" : "cs-director"'
  conditions:
    within-budget: { if: data.spend <= data.budget * (1.0 + settings.tolerance), label: 超出预算容差 Over the budget tolerance }
    has-budget: has(data.budget)
    by-reviewer: values.reviewer in actor.roles
  initial: review
  states:
    review:
      deadline: { within: 1d }
      on:
        reimburse: { roles: [finance, cs-director, city-reviewer], if: [has-budget, within-budget, by-reviewer], to: done }
        notify-reviewer:
          roles: [unit]
          actions: [{ notify: ping, to: { expr: '[values.reviewer]' } }]
    done: { final: true }
  templates: { ping: "Please review" }
`;

describe('named conditions and values', () => {
  it('reads a named condition in if as the rule it encodes, and a named value as its expression', () => {
    const { definition, diagnostics } = parseProcess(SPEND);
    expect(diagnostics).toEqual([]);
    const reimburse = definition?.states.review.on?.reimburse;
    expect(reimburse?.if).toBe('(has(data.budget)) && (data.spend <= data.budget * (1.0 + settings.tolerance)) && ((data.feeType == "gift" ? "city-reviewer" : "cs-director") in actor.roles)');
    expect(reimburse?.rules?.map((rule) => [rule.name, rule.label])).toEqual([
      ['has-budget', undefined],
      ['within-budget', '超出预算容差 Over the budget tolerance'],
      ['by-reviewer', undefined],
    ]);
    expect(definition?.states.review.on?.['notify-reviewer'].actions).toEqual([
      { notify: 'ping', to: { expr: '[(data.feeType == "gift" ? "city-reviewer" : "cs-director")]' } },
    ]);
    expect(definition).not.toHaveProperty('conditions');
    expect(definition).not.toHaveProperty('values');
  });

  it('says which rule refused an event, with its label in the refusal details', () => {
    const { definition } = parseProcess(SPEND);
    if (!definition) throw new Error('the process does not validate');
    const compiled = compileProcess(definition);
    const finance = { id: 'fay', roles: ['finance', 'cs-director'] };
    const { snapshot } = compiled.start({ data: { budget: 1000, spend: 1200, feeType: 'other' }, actor: { id: 'u', roles: ['unit'] }, now: 0, caseId: 'c1' });
    let refusal: unknown;
    try {
      compiled.step(snapshot, { type: 'reimburse', actor: finance }, 1, 'c1');
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(CaseflowError);
    expect(refusal).toMatchObject({
      code: 'guard-refused',
      message: 'reimburse is not allowed now: 超出预算容差 Over the budget tolerance does not hold in state review',
      details: { state: 'review', condition: '超出预算容差 Over the budget tolerance', rules: [{ name: 'within-budget', label: '超出预算容差 Over the budget tolerance' }] },
    });
    const within = compiled.start({ data: { budget: 1000, spend: 1050, feeType: 'gift' }, actor: { id: 'u', roles: ['unit'] }, now: 0, caseId: 'c2' });
    expect(() => compiled.step(within.snapshot, { type: 'reimburse', actor: finance }, 1, 'c2')).toThrow('reimburse is not allowed now: by-reviewer does not hold');
    expect(compiled.step(within.snapshot, { type: 'reimburse', actor: { id: 'cy', roles: ['city-reviewer'] } }, 1, 'c2').snapshot.status).toBe('done');
  });

  it('reports an unknown condition and an unknown value where they are used', () => {
    expectProblems(SPEND.replace('[has-budget, within-budget, by-reviewer]', '[has-budget, within-budjet]'), [
      { line: 9, column: 3, severity: 'warning', message: "condition 'within-budget' is not used by any if" },
      { line: 11, column: 3, severity: 'warning', message: "condition 'by-reviewer' is not used by any if" },
      { line: 17, column: 83, severity: 'error', message: "there is no condition 'within-budjet' in conditions (did you mean 'within-budget'?)" },
    ]);
    expectProblems(SPEND.replace("expr: '[values.reviewer]'", "expr: '[values.reveiwer]'"), [
      { line: 20, column: 49, severity: 'error', message: "there is no value 'reveiwer' in values (did you mean 'reviewer'?)" },
    ]);
  });

  it('points an expression problem inside a condition at the condition, and names the use', () => {
    const source = SPEND.replace('has-budget: has(data.budget)', 'has-budget: has(data.budgte)').replace('[has-budget, within-budget, by-reviewer]', 'has-budget');
    const diagnostics = expectProblems(source, [
      { line: 9, column: 3, severity: 'warning', message: "condition 'within-budget' is not used by any if" },
      // `data.budgte` in the condition's text, and the `if` that uses it.
      { line: 10, column: 24, severity: 'error', message: "data field 'budgte' is not declared in data.properties (did you mean 'budget'?) (in condition 'has-budget' used at line 17, column 66)" },
      { line: 11, column: 3, severity: 'warning', message: "condition 'by-reviewer' is not used by any if" },
    ]);
    expect(diagnostics[1].related).toEqual([{ line: 17, column: 66, path: 'states.review.on.reimburse.if', message: "in condition 'has-budget' used" }]);
  });

  it('refuses a value defined by itself', () => {
    expectProblems(SPEND.replace(`reviewer: 'data.feeType`, `reviewer: 'values.reviewer == "" || data.feeType`), [
      { line: 7, column: 13, severity: 'error', message: "value 'reviewer' is defined by itself: reviewer → reviewer" },
    ]);
  });
});

describe('platform roles', () => {
  it.each(['admin', 'process-owner', 'auditor', 'system'])('refuses %s as a process role, at the role', (role) => {
    expectProblems(
      yaml`
        id: demo
        name: Demo
        roles: [business-unit, ${role}]
        data: { properties: {} }
        initial: open
        states:
          open:
            deadline: { within: 1d }
            on: { close: { roles: [${role}], to: done } }
          done: { final: true }
      `,
      [{ line: 3, column: 24, severity: 'error', message: `'${role}' is a platform role, not a process role` }],
    );
  });
});
