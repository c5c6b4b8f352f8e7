import { describe, expect, it } from 'vitest';
import { describePath, diffDefinitions } from '../../engine/dsl/definition-diff.js';

describe('what changed between two versions, read from their definitions', () => {
  const before = {
    roles: ['finance'],
    settings: { gmThreshold: 50000, currency: 'CNY' },
    states: {
      review: { on: { approve: { roles: ['finance'], to: 'paid' } } },
      paid: { final: true },
    },
  };
  const after = {
    roles: ['finance', 'general-manager'],
    settings: { gmThreshold: 30000 },
    states: {
      review: { on: { approve: { roles: ['finance'], to: 'gm-review' }, reject: { to: 'paid' } } },
      'gm-review': { on: { approve: { roles: ['general-manager'], to: 'paid' } } },
      paid: { final: true },
    },
  };

  it('names each change as staff say it, in document order', () => {
    expect(diffDefinitions(before, after).map((change) => change.text)).toEqual([
      'roles [finance] → [finance, general-manager]',
      'settings.gmThreshold 50000 → 30000',
      'settings.currency removed',
      'event approve in state review: to paid → gm-review',
      'event reject in state review added',
      'state gm-review added',
    ]);
  });

  it('keeps the values and paths for the UI', () => {
    expect(diffDefinitions(before, after)[1]).toEqual({ change: 'changed', path: 'settings.gmThreshold', before: 50000, after: 30000, text: 'settings.gmThreshold 50000 → 30000' });
    expect(diffDefinitions(before, before)).toEqual([]);
  });

  it('reads nested states by their own name', () => {
    expect(describePath(['states', 'handling', 'states', 'reply', 'deadline', 'within'])).toBe('state reply: deadline.within');
  });
});
