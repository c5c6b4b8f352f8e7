/**
 * Properties of the engine over random valid definitions and random event sequences: it never
 * crashes (every refusal is a CaseflowError that is not `internal`), a refused event changes
 * nothing, and replaying a case always reaches what the live engine recorded.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseProcess } from '../../engine/dsl/index.js';
import { CaseflowError } from '../../engine/errors.js';
import { createEngine, manualClock } from '../../engine/runtime/index.js';
import type { Engine } from '../../engine/runtime/types.js';
import { openSqliteStore } from '../../engine/store/sqlite/index.js';
import { commandsArbitrary, definitionArbitrary, type CaseCommand } from './arbitraries.js';

const T0 = Date.parse('2025-03-03T01:00:00Z');
const RUNS = 60;

async function stateOf(engine: Engine, caseId: string) {
  const actor = { id: 'observer', roles: ['clerk', 'lead'] };
  const { actions: _actions, deadlines: _deadlines, ...record } = await engine.getCase(caseId, actor);
  return { record, events: await engine.history(caseId), timers: await engine.timers(caseId) };
}

function expectRefusal(error: unknown, command: CaseCommand): void {
  expect(error, `a crash, not a refusal, on ${JSON.stringify(command)}`).toBeInstanceOf(CaseflowError);
  if (error instanceof CaseflowError) expect(error.code, `${error.message} on ${JSON.stringify(command)}`).not.toBe('internal');
}

describe('the engine under random definitions and events', () => {
  it('generates only definitions the validator accepts', () => {
    fc.assert(
      fc.property(definitionArbitrary, (yaml) => {
        const errors = parseProcess(yaml).diagnostics.filter((d) => d.severity === 'error');
        expect(errors, yaml).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });

  it('refuses only with CaseflowErrors, changes nothing on a refusal, and replays to what it recorded', async () => {
    await fc.assert(
      fc.asyncProperty(definitionArbitrary, commandsArbitrary, async (yaml, commands) => {
        const store = openSqliteStore({ file: ':memory:' });
        const clock = manualClock(T0);
        const engine = createEngine({ store, clock });
        try {
          await engine.publish({ yaml, publishedBy: 'property' });
          const opened = await engine.createCase({ process: 'property-process', data: { count: 0 }, actor: { id: 'c1', roles: ['clerk'] } });
          for (const command of commands) {
            if (command.kind === 'time') {
              clock.advance(command.ms);
              await engine.fireDueTimers();
              continue;
            }
            const before = await stateOf(engine, opened.id);
            const event = command.input === undefined ? { type: command.type } : { type: command.type, input: command.input };
            try {
              await engine.applyEvent(opened.id, event, { id: 'someone', roles: command.roles });
            } catch (error) {
              expectRefusal(error, command);
              expect(await stateOf(engine, opened.id), `a refused ${command.type} changed the case`).toEqual(before);
            }
          }
          const replay = await engine.replay(opened.id);
          const live = await stateOf(engine, opened.id);
          expect(replay.steps.filter((s) => !s.consistent), yaml).toEqual([]);
          expect(replay.steps.map((s) => s.replayed.to)).toEqual(live.events.map((e) => e.to));
          expect(replay.steps.at(-1)?.replayed.snapshot).toEqual(live.record.snapshot);
          expect(replay).toMatchObject({ consistent: true, chainValid: true });
          expect(await engine.verifyAll()).toMatchObject({ valid: true });
        } finally {
          await engine.stop();
          await store.close();
        }
      }),
      { numRuns: RUNS },
    );
  }, 180_000);
});
