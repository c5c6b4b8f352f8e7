import { describe, expect, it } from 'vitest';
import { buildCelEnvironment, tierRowFields } from '../../engine/dsl/cel-env.js';
import { jsonType } from '../../engine/dsl/schema-properties.js';
import type { ProcessDefinition } from '../../engine/dsl/types.js';

const definition: ProcessDefinition = {
  id: 'fee-approval',
  name: 'Fee approval',
  roles: ['business-unit'],
  settings: { threshold: 50000, tolerance: 0.1, timezone: 'Asia/Shanghai' },
  data: {
    type: 'object',
    properties: {
      budget: { type: 'number' },
      count: { type: 'integer' },
      slot: { type: 'string', format: 'date-time' },
      customer: { type: 'object', properties: { tier: { enum: ['normal', 'gold'] } } },
      receipts: { type: 'array', items: { type: 'object', properties: { ref: { type: 'string' } } } },
    },
  },
  tiers: { level: { field: 'level', rows: { blue: { responder: 'team-lead', ack: '4h' }, red: { responder: 'general-manager', ack: '30m' } } } },
  initial: 'draft',
  states: { draft: { final: true } },
};

describe('the CEL environment of a process', () => {
  const env = buildCelEnvironment(definition, { input: { properties: { plan: { type: 'string' } } } });

  it('types data fields from the data schema, so a misspelt field fails the check', () => {
    expect(env.check('data.budget > settings.threshold').type).toBe('bool');
    expect(env.check('data.budjet > 1.0').valid).toBe(false);
    expect(env.check('data.customer.tier == "gold"').valid).toBe(true);
    expect(env.check('data.customer.tyer == "gold"').valid).toBe(false);
  });

  it('types input from the event input schema, and has no input outside events', () => {
    expect(env.check('input.plan.size() > 0').valid).toBe(true);
    expect(env.check('input.plna').valid).toBe(false);
    expect(buildCelEnvironment(definition).check('input.plan').valid).toBe(false);
  });

  it('gives tiers their columns plus id, next and top', () => {
    expect(env.check('tiers.level.responder').type).toBe('string');
    expect(env.check('tiers.level.top').type).toBe('bool');
    expect(env.check('duration(tiers.level.ack)').type).toBe('google.protobuf.Duration');
    expect(env.check('tiers.level.colour').valid).toBe(false);
  });

  it('gives now as a timestamp and actor and case as objects', () => {
    expect(env.check('timestamp(data.slot) - duration("48h") < now').type).toBe('bool');
    expect(env.check('"business-unit" in actor.roles && case.id != ""').type).toBe('bool');
  });

  it('evaluates with the runtime values the compiler passes', () => {
    const context = {
      data: { budget: 60000, count: 2n, customer: { tier: 'gold' }, receipts: [{ ref: 'R1' }] },
      settings: { threshold: 50000n, tolerance: 0.1, timezone: 'Asia/Shanghai' },
      now: new Date('2025-01-01T00:00:00Z'),
    };
    expect(env.evaluate('data.budget > settings.threshold && data.customer.tier == "gold"', context)).toBe(true);
    expect(env.evaluate('data.count + 1', context)).toBe(3n);
    expect(env.evaluate('data.receipts[0].ref', context)).toBe('R1');
  });

  it('lets int and double mix in arithmetic only with mixedNumbers, as processes run', () => {
    expect(env.check('data.budget * (1 + settings.tolerance)').valid).toBe(false);
    const mixed = buildCelEnvironment(definition, { mixedNumbers: true });
    expect(mixed.check('data.budget * (1 + settings.tolerance)').type).toBe('double');
    expect(mixed.check('data.count / 2.0').type).toBe('double');
    expect(mixed.evaluate('data.count * 1.5', { data: { count: 3n } })).toBe(4.5);
    expect(mixed.evaluate('settings.threshold - data.budget', { data: { budget: 0.5 }, settings: { threshold: 2n } })).toBe(1.5);
  });
});

describe('the JSON type of a schema', () => {
  it('reads type, a nullable type, enum and const', () => {
    expect(jsonType({ type: 'integer' })).toBe('integer');
    expect(jsonType({ type: ['string', 'null'] })).toBe('string');
    expect(jsonType({ type: ['string', 'number'] })).toBeUndefined();
    expect(jsonType({ enum: [1, 2, 3] })).toBe('integer');
    expect(jsonType({ enum: [1, 2.5] })).toBeUndefined();
    expect(jsonType({ const: 'gold' })).toBe('string');
    expect(jsonType({ properties: {} })).toBe('object');
    expect(jsonType('not a schema')).toBeUndefined();
  });

  it('types a tier column int only when every cell is a whole number', () => {
    const fields = tierRowFields({ rows: { blue: { rank: 1, weight: 1, ack: '4h' }, red: { rank: 2, weight: 2.5, ack: '30m' } } });
    expect(fields).toEqual({ rank: 'int', weight: 'dyn', ack: 'string', id: 'string', next: 'string', top: 'bool' });
  });
});
