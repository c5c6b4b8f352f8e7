import { describe, expect, it } from 'vitest';
import { CaseflowError } from '../../engine/errors.js';
import { as, compile, MONDAY, process } from './helpers.js';

const fee = process({
  initial: 'draft',
  roles: ['unit', 'reviewer'],
  starters: ['unit'],
  data: { type: 'object', required: ['unit'], properties: { unit: { type: 'string' }, budget: { type: 'number' } } },
  states: {
    draft: {
      on: {
        submit: {
          roles: ['unit'],
          input: {
            type: 'object',
            required: ['plan', 'budget'],
            properties: { plan: { type: 'string', minLength: 1 }, budget: { type: 'number', minimum: 0 }, items: { type: 'array', items: { type: 'object', required: ['name'] } } },
          },
          set: { budget: 'input.budget' },
          to: 'review',
        },
      },
    },
    review: {
      on: {
        approve: { roles: ['reviewer'], if: 'data.budget < 1000.0', to: 'approved' },
        'approve-small': { roles: ['reviewer'], if: 'data.budget < 100.0', ifLabel: '小额 A small budget', to: 'approved' },
        ping: { roles: [], to: 'review' },
      },
    },
    approved: { final: true },
  },
});

function caught(run: () => unknown): CaseflowError {
  try {
    run();
  } catch (error) {
    if (error instanceof CaseflowError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('refusals', () => {
  const compiled = compile(fee);
  const draft = () => compiled.start({ data: { unit: 'Pudong' }, actor: as('unit'), now: MONDAY, caseId: 'f1' }).snapshot;
  const inReview = (budget: number) =>
    compiled.step(draft(), { type: 'submit', actor: as('unit'), input: { plan: 'p', budget } }, MONDAY, 'f1').snapshot;

  it('refuses case data that fails the schema, field by field', () => {
    const error = caught(() => compiled.start({ data: { budget: 'lots' }, actor: as('unit'), now: MONDAY, caseId: 'f1' }));
    expect(error.code).toBe('invalid-input');
    expect(error.details).toEqual([
      { field: 'unit', message: 'is required' },
      { field: 'budget', message: 'must be number' },
    ]);
  });

  it('refuses to open a case for a role that is not a starter', () => {
    expect(caught(() => compiled.start({ data: { unit: 'x' }, actor: as('reviewer'), now: MONDAY, caseId: 'f1' })).code).toBe('role-not-allowed');
  });

  it('refuses an event the actor’s roles may never send', () => {
    expect(caught(() => compiled.step(draft(), { type: 'submit', actor: as('reviewer'), input: { plan: 'p', budget: 1 } }, MONDAY, 'f1')).code).toBe('role-not-allowed');
  });

  it('refuses an event from people that only timers send', () => {
    expect(caught(() => compiled.step(inReview(1), { type: 'ping', actor: as('unit', 'reviewer') }, MONDAY, 'f1')).code).toBe('role-not-allowed');
  });

  it('refuses an event not accepted in the current state, naming the state', () => {
    const error = caught(() => compiled.step(draft(), { type: 'approve', actor: as('reviewer') }, MONDAY, 'f1'));
    expect(error.code).toBe('event-not-allowed');
    expect(error.message).toContain('draft');
    expect(error.details).toEqual({ state: 'draft' });
  });

  it('refuses an event the process does not know', () => {
    expect(caught(() => compiled.step(draft(), { type: 'teleport', actor: as('unit') }, MONDAY, 'f1')).code).toBe('event-not-allowed');
  });

  it('refuses missing and invalid input, naming each field', () => {
    const error = caught(() => compiled.step(draft(), { type: 'submit', actor: as('unit'), input: { budget: -5, items: [{}] } }, MONDAY, 'f1'));
    expect(error.code).toBe('invalid-input');
    expect(error.details).toEqual([
      { field: 'plan', message: 'is required' },
      { field: 'budget', message: 'must be >= 0' },
      { field: 'items.0.name', message: 'is required' },
    ]);
  });

  it('names the label of a condition that does not hold, when the process gives one', () => {
    const error = caught(() => compiled.step(inReview(5000), { type: 'approve-small', actor: as('reviewer') }, MONDAY, 'f1'));
    expect(error.code).toBe('guard-refused');
    expect(error.details).toEqual({ state: 'review', condition: '小额 A small budget' });
  });

  it('refuses an event whose condition does not hold', () => {
    const error = caught(() => compiled.step(inReview(5000), { type: 'approve', actor: as('reviewer') }, MONDAY, 'f1'));
    expect(error.code).toBe('guard-refused');
    expect(error.message).toContain('data.budget < 1000.0');
    expect(error.details).toEqual({ state: 'review', condition: 'data.budget < 1000.0' });
  });

  it('refuses any event once the case is closed', () => {
    const done = compiled.step(inReview(10), { type: 'approve', actor: as('reviewer') }, MONDAY, 'f1').snapshot;
    expect(done.status).toBe('done');
    expect(caught(() => compiled.step(done, { type: 'approve', actor: as('reviewer') }, MONDAY, 'f1')).code).toBe('event-not-allowed');
    expect(compiled.availableEvents(done, as('reviewer'), MONDAY, 'f1')).toEqual([]);
  });

  it('refuses a definition that targets a state that does not exist', () => {
    const broken = process({ initial: 'a', states: { a: { on: { go: { roles: ['agent'], to: 'nowhere' } } } } });
    expect(caught(() => compile(broken)).code).toBe('invalid-definition');
  });
});
