import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newCaseId } from '../../engine/runtime/case-id.js';
import { manualClock } from '../../engine/runtime/clock.js';
import { canonicalJson, chainBreak, GENESIS_HASH, hashEvent, sealEvent, type HashedEventFields } from '../../engine/runtime/hash-chain.js';

const event: HashedEventFields = {
  caseId: 'C1', seq: 1, type: '$start', actor: 'ann', actorRoles: ['agent'], at: 1_736_154_000_000, from: null, to: 'received', input: { b: 2, a: { d: [1, 'x'], c: null } },
};

describe('the hash chain', () => {
  it('writes canonical JSON with sorted keys and without undefined members', () => {
    expect(canonicalJson({ b: 1, a: [{ z: 1, y: undefined }, 'é"'], c: undefined })).toBe('{"a":[{"z":1},"é\\""],"b":1}');
    expect(canonicalJson([undefined, null])).toBe('[null,null]');
  });

  it('hashes sha256 of the previous hash and the canonical JSON of the other fields', () => {
    const text = GENESIS_HASH + canonicalJson(event);
    expect(hashEvent(GENESIS_HASH, event)).toBe(createHash('sha256').update(text).digest('hex'));
  });

  it('gives the same hash whatever the key order of the input', () => {
    const reordered = { ...event, input: { a: { c: null, d: [1, 'x'] }, b: 2 } };
    expect(hashEvent(GENESIS_HASH, reordered)).toBe(hashEvent(GENESIS_HASH, event));
  });

  it('seals a new event with the same hash and the canonical JSON of its input and timer', () => {
    const timed = { ...event, timer: { key: 'deadline:reply', count: 2 } };
    const sealed = sealEvent(GENESIS_HASH, timed);
    expect(sealed.event).toEqual({ ...timed, prevHash: GENESIS_HASH, hash: hashEvent(GENESIS_HASH, timed) });
    expect(sealed.json).toEqual({ input: '{"a":{"c":null,"d":[1,"x"]},"b":2}', timer: '{"count":2,"key":"deadline:reply"}', assignment: null });
    expect(chainBreak(sealed.event, 1, GENESIS_HASH)).toBeUndefined();
    const untimed = sealEvent(GENESIS_HASH, { ...event, input: null });
    expect(untimed.json).toEqual({ input: null, timer: null, assignment: null });
    expect(untimed.event.hash).toBe(hashEvent(GENESIS_HASH, { ...event, input: null }));
    const assigned = sealEvent(GENESIS_HASH, { ...event, assignment: { to: 'li.na', from: null, reason: 'claim' } });
    expect(assigned.json.assignment).toBe('{"from":null,"reason":"claim","to":"li.na"}');
    expect(assigned.event.hash).toBe(hashEvent(GENESIS_HASH, assigned.event));
  });

  it('says why a link is broken: sequence, previous hash, or the event itself', () => {
    const hash = hashEvent(GENESIS_HASH, event);
    const stored = { ...event, prevHash: GENESIS_HASH, hash };
    expect(chainBreak(stored, 1, GENESIS_HASH)).toBeUndefined();
    expect(chainBreak(stored, 2, GENESIS_HASH)).toMatch(/seq/);
    expect(chainBreak(stored, 1, 'f'.repeat(64))).toMatch(/prevHash/);
    expect(chainBreak({ ...stored, to: 'closed' }, 1, GENESIS_HASH)).toMatch(/hash does not match/);
    expect(chainBreak({ ...stored, timer: { key: 'k', count: 1 } }, 1, GENESIS_HASH)).toMatch(/hash does not match/);
  });
});

describe('case ids and clocks', () => {
  it('makes case ids that sort by creation time, even within one millisecond', () => {
    const ids = [newCaseId(1000), newCaseId(1000), newCaseId(1000), newCaseId(2000), newCaseId(1_900_000_000_000)];
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids[0]).toMatch(/^C[0-9A-HJKMNP-TV-Z]{26}$/);
  });

  it('moves a manual clock only when told', () => {
    const clock = manualClock(5);
    expect(clock.advance(10)).toBe(15);
    clock.set(100);
    expect(clock.now()).toBe(100);
    expect(() => clock.advance(-1)).toThrow(RangeError);
  });
});
