import { describe, expect, it } from 'vitest';
import { ExpressionCompiler, type ExpressionScope } from '../../engine/compile/expressions.js';
import type { ProcessDefinition } from '../../engine/dsl/types.js';
import { as, process } from './helpers.js';

const definition: ProcessDefinition = process({
  initial: 'open',
  states: { open: {} },
  settings: { threshold: 50000, tolerance: 0.1, label: 'x' },
  tiers: { level: { field: 'level', rows: { blue: { acknowledge: '4h', rank: 1 }, yellow: { acknowledge: '2h', rank: 2 }, red: { acknowledge: '30m', rank: 3 } } } },
  data: {
    type: 'object',
    properties: {
      budget: { type: 'number' },
      count: { type: 'integer' },
      feeType: { enum: ['activity', 'gift', 'other'] },
      slot: { type: 'string', format: 'date-time' },
      offers: { type: 'array', items: { type: 'object', properties: { amount: { type: 'number' } } } },
      level: { enum: ['blue', 'yellow', 'red'] },
      customer: { type: 'object', properties: { name: { type: 'string' }, tier: { type: 'string' } } },
    },
  },
});

const compiler = new ExpressionCompiler(definition, 3);
const scope = (data: Record<string, unknown>, extra: Partial<ExpressionScope> = {}): ExpressionScope => ({
  data,
  actor: as('general-manager', 'agent'),
  now: Date.UTC(2024, 4, 1, 8),
  caseId: 'case-7',
  ...extra,
});
const value = (source: string, data: Record<string, unknown>, extra?: Partial<ExpressionScope>) => compiler.compile(source).value(scope(data, extra));

describe('CEL expressions over JSON data', () => {
  it('compares JSON numbers with integer settings', () => {
    expect(value('data.budget > settings.threshold', { budget: 60000 })).toBe(true);
    expect(value('data.budget > settings.threshold', { budget: 50000 })).toBe(false);
  });

  it('does arithmetic on integer fields and gives plain JSON numbers back', () => {
    const result = value('data.count + 1', { count: 2 });
    expect(result).toBe(3);
    expect(typeof result).toBe('number');
  });

  it('mixes doubles and ints as JSON numbers do', () => {
    expect(value('data.budget * (1 + settings.tolerance)', { budget: 1000 })).toBeCloseTo(1100);
    expect(value('data.offers[0].amount + 1', { offers: [{ amount: 5 }] })).toBe(6);
  });

  it('reads a whole-number enum or a nullable integer field as an int, as the validator types it', () => {
    const typed = new ExpressionCompiler(
      process({ initial: 'open', states: { open: {} }, data: { type: 'object', properties: { stars: { enum: [1, 3, 5] }, tenure: { type: ['integer', 'null'] } } } }),
      1,
    );
    expect(typed.compile('data.stars % 2 + data.tenure % 5').value(scope({ stars: 5, tenure: 12 }))).toBe(3);
    expect(typed.compile('data.stars * 0.5').value(scope({ stars: 3 }))).toBe(1.5);
  });

  it('looks up map and list settings with their entries typed like single settings', () => {
    const tuned = new ExpressionCompiler(
      process({
        initial: 'open',
        states: { open: {} },
        settings: { firstReplyWithin: { billing: '12h', network: '24h' }, limits: { east: 200, west: 150 }, rates: [0.5, 1.5], units: ['east'] },
        data: { type: 'object', properties: { category: { enum: ['billing', 'network'] }, unit: { type: 'string' }, count: { type: 'integer' } } },
      }),
      1,
    );
    const run = (source: string, data: Record<string, unknown>) => tuned.compile(source).value(scope(data));
    expect(run('settings.firstReplyWithin[data.category]', { category: 'billing' })).toBe('12h');
    expect(run('duration(settings.firstReplyWithin[data.category])', { category: 'network' })).toBe('86400s');
    expect(run('settings.limits[data.unit] % 7 + data.count', { unit: 'east', count: 1 })).toBe(5);
    expect(run('settings.rates[1] * 2.0', {})).toBe(3);
    expect(run('data.unit in settings.units', { unit: 'west' })).toBe(false);
  });

  it('tests membership in a literal list', () => {
    expect(value('data.feeType in ["activity", "gift"]', { feeType: 'gift' })).toBe(true);
    expect(value('data.feeType in ["activity", "gift"]', { feeType: 'other' })).toBe(false);
  });

  it('computes a time two days before a slot', () => {
    expect(value('timestamp(data.slot) - duration("48h")', { slot: '2024-05-10T09:00:00Z' })).toBe('2024-05-08T09:00:00.000Z');
  });

  it('counts a list with size() as a plain number', () => {
    expect(value('size(data.offers)', { offers: [{ amount: 1 }, { amount: 2 }] })).toBe(2);
  });

  it('reads the current tier row with its next id', () => {
    expect(value('tiers.level.next', { level: 'blue' })).toBe('yellow');
    expect(value('tiers.level.next', { level: 'red' })).toBe('red');
    expect(value('tiers.level.top', { level: 'red' })).toBe(true);
    expect(value('tiers.level.rank + 1', { level: 'yellow' })).toBe(3);
    expect(value('tiers.level.acknowledge', {})).toBe('4h');
  });

  it('checks the actor roles and sees now as a timestamp', () => {
    expect(value('"general-manager" in actor.roles', {})).toBe(true);
    expect(value('now', {})).toBe('2024-05-01T08:00:00.000Z');
    expect(value('now > timestamp("2024-01-01T00:00:00Z")', {})).toBe(true);
  });

  it('sees the case id, process and version', () => {
    expect(value('case.id + "/" + case.process + "/" + string(case.version)', {})).toBe('case-7/test-process/3');
  });

  it('returns nested objects and lists as plain JSON', () => {
    expect(value('data.customer', { customer: { name: 'Li' } })).toEqual({ name: 'Li' });
    expect(value('[data.count, 2.5]', { count: 1 })).toEqual([1, 2.5]);
  });

  it('reads event input only where an input schema is declared', () => {
    const schema = { type: 'object', properties: { amount: { type: 'integer' } } };
    expect(compiler.compile('input.amount * 2', schema).value(scope({}, { input: { amount: 21 } }))).toBe(42);
    expect(() => compiler.compile('input.amount')).toThrow(/input/);
  });

  it('treats a condition over a missing field as not holding', () => {
    const guard = compiler.compile('data.customer.tier == "gold"');
    expect(guard.holds(scope({ customer: { name: 'Li' } }))).toBe(false);
    expect(compiler.compile('has(data.customer.tier)').holds(scope({ customer: {} }))).toBe(false);
  });

  it('reads a field holding null as absent', () => {
    expect(value('has(data.customer.tier)', { customer: { name: 'Li', tier: null } })).toBe(false);
    expect(value('has(data.budget)', { budget: null })).toBe(false);
  });

  it('compiles each expression once', () => {
    expect(compiler.compile('data.count + 1')).toBe(compiler.compile('data.count + 1'));
  });

  it('refuses an expression that does not parse or names an unknown field', () => {
    expect(() => compiler.compile('data.budget >')).toThrow(expect.objectContaining({ code: 'invalid-definition' }));
    expect(() => compiler.compile('data.budjet > 1')).toThrow(expect.objectContaining({ code: 'invalid-definition' }));
  });
});
