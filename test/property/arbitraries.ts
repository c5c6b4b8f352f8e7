/**
 * fast-check arbitraries of small, valid process definitions (states with guarded, role-checked
 * events, inputs, data updates, branches, timers and deadlines) and of what happens to a case:
 * events from various actors with good and bad inputs, and time passing.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';

/** Roles of every generated process; `outsider` is a role no process declares. */
export const ROLES = ['clerk', 'lead'] as const;

type Json = Record<string, unknown>;

const roleList = fc.subarray([...ROLES], { minLength: 1 });
const duration = fc.constantFrom('30m', '1h', '2h', '5h');

const NOTE_INPUT = { type: 'object', required: ['text'], properties: { text: { type: 'string', minLength: 1 } } };

/** One non-final state `s<i>` of `count` (the next one, or `done` after the last). */
function stateArbitrary(i: number, count: number): fc.Arbitrary<Json> {
  const names = [...Array.from({ length: count }, (_, k) => `s${k}`), 'done'];
  const next = names[i + 1];
  const anyState = fc.constantFrom(...names);
  return fc
    .record({
      advanceRoles: roleList,
      note: fc.option(roleList, { nil: undefined }),
      bump: fc.option(fc.record({ roles: roleList, limit: fc.integer({ min: 1, max: 4 }) }), { nil: undefined }),
      branch: fc.option(fc.record({ roles: roleList, when: fc.integer({ min: 0, max: 3 }), high: anyState, low: anyState }), { nil: undefined }),
      timer: fc.option(fc.record({ in: duration, to: fc.option(anyState, { nil: undefined }), repeat: fc.boolean() }), { nil: undefined }),
      deadline: fc.option(fc.record({ within: fc.constantFrom('3h', '6h'), warn: fc.constantFrom('1h', '2h') }), { nil: undefined }),
      entryCount: fc.boolean(),
    })
    .map((c) => {
      const on: Json = { advance: { roles: c.advanceRoles, to: next } };
      if (c.note) on.note = { roles: c.note, input: NOTE_INPUT, set: { note: 'input.text' } };
      if (c.bump) on.bump = { roles: c.bump.roles, if: `data.count < ${c.bump.limit}`, set: { count: 'data.count + 1' } };
      if (c.branch) on.branch = { roles: c.branch.roles, to: [{ if: `data.count > ${c.branch.when}`, to: c.branch.high }, { to: c.branch.low }] };
      const state: Json = { on };
      if (c.entryCount) state.entry = [{ set: { visits: 'has(data.visits) ? data.visits + 1 : 1' } }];
      if (c.timer) {
        state.timers = [{ id: `t${i}`, in: c.timer.in, send: 'tick', ...(c.timer.repeat ? { every: c.timer.in, max: 3 } : {}) }];
        on.tick = { roles: [], set: { flag: 'true' }, ...(c.timer.to ? { to: c.timer.to } : {}) };
      }
      if (c.deadline) {
        state.deadline = {
          within: c.deadline.within,
          warn: { at: c.deadline.warn, actions: [{ set: { flag: 'true' } }] },
          breach: { actions: [{ set: { count: 'data.count + 10' } }] },
        };
      }
      return state;
    });
}

/** A small valid process definition as YAML text. */
export const definitionArbitrary: fc.Arbitrary<string> = fc
  .integer({ min: 2, max: 5 })
  .chain((count) => fc.tuple(...Array.from({ length: count }, (_, i) => stateArbitrary(i, count))))
  .map((states) => {
    const definition = {
      id: 'property-process',
      name: 'Property process',
      roles: [...ROLES],
      data: {
        type: 'object',
        required: ['count'],
        properties: {
          count: { type: 'integer' },
          visits: { type: 'integer' },
          note: { type: 'string' },
          flag: { type: 'boolean' },
        },
      },
      initial: 's0',
      states: { ...Object.fromEntries(states.map((state, i) => [`s${i}`, state])), done: { final: true } },
    };
    return stringify(definition);
  });

/** Something that happens to the case. */
export type CaseCommand =
  | { kind: 'event'; type: string; roles: string[]; input: Json | undefined }
  | { kind: 'time'; ms: number };

const inputArbitrary = fc.constantFrom<Json | undefined>(
  undefined, {}, { text: 'a note' }, { text: '' }, { text: 42 }, { text: 'x', extra: true }, { text: '💥\u0000' },
);

/** A list of events (some refused: wrong state, role, input or name) and time passing. */
export const commandsArbitrary: fc.Arbitrary<CaseCommand[]> = fc.array(
  fc.oneof(
    { weight: 4, arbitrary: fc.record({
      kind: fc.constant('event' as const),
      type: fc.constantFrom('advance', 'note', 'bump', 'branch', 'tick', 'unknown-event', '$timer'),
      roles: fc.oneof(
        { weight: 3, arbitrary: fc.constant<string[]>(['clerk', 'lead']) },
        { weight: 2, arbitrary: fc.subarray(['clerk', 'lead', 'outsider', 'system']) },
      ),
      input: inputArbitrary,
    }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('time' as const), ms: fc.integer({ min: 60_000, max: 6 * 3_600_000 }) }) },
  ),
  { maxLength: 30 },
);
