import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, GENESIS_HASH, hashEvent } from '../../engine/runtime/hash-chain.js';
import { canonicalStoredJson, isCanonicalJson } from '../../engine/runtime/canonical-text.js';
import { ChainWalk, eventFromText, joinChainChecks, type CaseRowHead, type EventText } from '../../engine/runtime/chain-walk.js';

/** A chain of `n` events of one case, stored with inputs written in their own key order. */
function storedChain(caseId: string, inputs: Array<Record<string, unknown> | null>, timerAt?: number): EventText[] {
  let prevHash = GENESIS_HASH;
  return inputs.map((input, i) => {
    const timer = i === timerAt ? { key: 'deadline:first-reply', count: 1 } : undefined;
    const fields = {
      caseId, seq: i + 1, type: i === 0 ? '$start' : 'note', actor: 'agent-li', actorRoles: ['agent'], at: 1_700_000_000_000 + i,
      from: i === 0 ? null : 'open', to: 'open', input, ...(timer ? { timer } : {}),
    };
    const hash = hashEvent(prevHash, fields);
    const row: EventText = [
      caseId, i + 1, fields.type, 'agent-li', '["agent"]', fields.at, fields.from, 'open',
      input === null ? null : JSON.stringify(input), timer ? JSON.stringify(timer) : null, prevHash, hash, null, null,
    ];
    prevHash = hash;
    return row;
  });
}

function check(rows: EventText[]) {
  const checker = new ChainWalk();
  checker.check(rows);
  return checker.result();
}

describe('chain check over stored rows', () => {
  it('gives the canonical text of any stored JSON, or leaves it to the parsing path', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (value, spaced) => {
        const text = spaced ? JSON.stringify(value, null, 1) : JSON.stringify(value);
        const fast = canonicalStoredJson(text);
        if (fast !== undefined) expect(fast).toBe(canonicalJson(JSON.parse(text)));
      }),
      { numRuns: 3000 },
    );
  });

  it('reads common inputs in any key order without parsing them', () => {
    const input = { customer: { phone: '138', name: 'Wang "Fang"\n' }, amount: 20.5, tags: ['a', 'b'], ok: true, none: null, n: -3 };
    const text = JSON.stringify(input);
    expect(isCanonicalJson(text)).toBe(false);
    expect(canonicalStoredJson(text)).toBe(canonicalJson(input));
    expect(isCanonicalJson(canonicalJson(input))).toBe(true);
  });

  it('refuses to take texts that only look canonical: other number forms, spaces, repeated keys', () => {
    for (const text of ['{"a":1.0}', '{"a":1e3}', '{"a":-0}', '{"a":0.0000001}', '{"a": 1}', '{"a":1,"a":2}', '{"a":"\\u0041"}', '{"a":12345678901234567}']) {
      expect(canonicalStoredJson(text)).toBeUndefined();
    }
    expect(canonicalStoredJson('{"b":1,"a":0.5}')).toBe('{"a":0.5,"b":1}');
  });

  it('passes untouched chains, with inputs in any key order and fired timers', () => {
    const rows = [
      ...storedChain('C1', [{ customer: { name: 'Li', phone: '1' }, channel: 'phone' }, { text: 'hi' }, null], 2),
      ...storedChain('C2', [{ b: 1, a: [1, { d: 2, c: 3 }] }, {}]),
    ];
    expect(check(rows)).toEqual({ valid: true, casesChecked: 2, eventsChecked: 5 });
  });

  it('still passes a row whose stored input was rewritten in another key order (same value)', () => {
    const rows = storedChain('C1', [{ a: 1, b: 2 }, { x: 'y' }]);
    rows[0][8] = '{ "b": 2, "a": 1 }';
    expect(check(rows).valid).toBe(true);
  });

  it('names the first event whose input, state or link was changed', () => {
    const rows = storedChain('C1', [{ a: 1 }, { text: 'customer called' }, { text: 'fixed' }]);
    rows[1][8] = '{"text":"nobody called"}';
    expect(check(rows)).toEqual({ valid: false, casesChecked: 1, eventsChecked: 1, firstBroken: { caseId: 'C1', seq: 2, reason: 'hash does not match the event' } });
    const relinked = storedChain('C1', [{ a: 1 }, { b: 2 }]);
    relinked[1][10] = relinked[1][11];
    expect(check(relinked).firstBroken).toMatchObject({ seq: 2, reason: expect.stringContaining('prevHash') });
    const gap = storedChain('C1', [{ a: 1 }, { b: 2 }]);
    gap[1][1] = 3;
    expect(check(gap).firstBroken).toMatchObject({ seq: 3, reason: 'expected seq 2, found 3' });
  });

  it('walks records as it walks their text, comparing each chain with its case row', () => {
    const rows = [...storedChain('C1', [{ a: 1 }, { b: 2 }, { c: 3 }]), ...storedChain('C2', [{ d: 4 }])];
    const heads: CaseRowHead[] = [['C1', 3, rows[2][11]], ['C2', 1, rows[3][11]]];
    const walkBoth = (events: EventText[]) => {
      const text = new ChainWalk(true);
      text.expectCases(heads.slice(0, 1));
      text.check(events);
      const records = new ChainWalk(true);
      records.expectCases(heads.slice(0, 1));
      records.checkRecords(events.map(eventFromText));
      return { text: text.finish(heads.slice(1)), records: records.finish(heads.slice(1)) };
    };
    const whole = walkBoth(rows);
    expect(whole.text).toEqual({ valid: true, casesChecked: 2, eventsChecked: 4 });
    expect(whole.records).toEqual(whole.text);
    const tailless = walkBoth([rows[0], rows[1], rows[3]]);
    expect(tailless.text).toMatchObject({ valid: false, firstBroken: { caseId: 'C1', seq: 3, reason: 'the case row is at revision 3 but its events end at seq 2 (events were removed)' } });
    expect(tailless.records).toEqual(tailless.text);
  });

  it('joins the checks of consecutive ranges: counts up to the first broken range', () => {
    const broken = { valid: false, casesChecked: 2, eventsChecked: 5, firstBroken: { caseId: 'C9', seq: 2, reason: 'x' } };
    expect(joinChainChecks([{ valid: true, casesChecked: 3, eventsChecked: 7 }, broken, { ...broken, firstBroken: { caseId: 'D1', seq: 1, reason: 'y' } }]))
      .toEqual({ valid: false, casesChecked: 5, eventsChecked: 12, firstBroken: { caseId: 'C9', seq: 2, reason: 'x' } });
    expect(joinChainChecks([{ valid: true, casesChecked: 3, eventsChecked: 7 }, { valid: true, casesChecked: 1, eventsChecked: 1 }]))
      .toEqual({ valid: true, casesChecked: 4, eventsChecked: 8 });
  });
});
