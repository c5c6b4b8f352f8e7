/**
 * Random assignment operations — assign, claim, release, process events, absences and
 * hand-overs by random people — over cases of the shipped processes never leave an active case
 * held by someone who cannot act on it or works outside its unit, and never change a case that
 * refused the operation.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CaseflowError } from '../../engine/errors.js';
import { worksIn } from '../../engine/runtime/people.js';
import { complaintData, DAY, HOUR, PeopleRig, T0 } from '../people/people-harness.js';

const PEOPLE = ['li.na', 'wang.wei', 'zhao.min', 'lead.east', 'lead.east2', 'lead.west', 'manager.east', 'director', 'spec.east', 'spec.east2', 'desk.east'];

/** Inputs for the process events the walk may send. */
const INPUTS: Record<string, Record<string, unknown>> = {
  reply: { message: '已核实' },
  transfer: { department: '计费中心' },
  'department-replied': { answer: '已退费' },
  propose: { type: 'compensate', amount: 500, note: '补偿' },
  'approve-compensation': {},
  resolve: {},
  decline: { reason: 'price' },
  'customer-insists': { note: '坚持' },
  acknowledge: {},
  retain: { note: '已挽留' },
};

type Op =
  | { kind: 'assign'; caseIndex: number; by: string; to: string }
  | { kind: 'claim'; caseIndex: number; by: string }
  | { kind: 'release'; caseIndex: number; by: string }
  | { kind: 'event'; caseIndex: number; by: string; type: string }
  | { kind: 'absent'; who: string; delegate: string }
  | { kind: 'handover'; who: string }
  | { kind: 'wait'; hours: number };

const person = fc.constantFrom(...PEOPLE);
const caseIndex = fc.nat(5);
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('assign' as const), caseIndex, by: person, to: person }),
  fc.record({ kind: fc.constant('claim' as const), caseIndex, by: person }),
  fc.record({ kind: fc.constant('release' as const), caseIndex, by: person }),
  fc.record({ kind: fc.constant('event' as const), caseIndex, by: person, type: fc.constantFrom(...Object.keys(INPUTS)) }),
  fc.record({ kind: fc.constant('absent' as const), who: person, delegate: person }),
  fc.record({ kind: fc.constant('handover' as const), who: person }),
  fc.record({ kind: fc.constant('wait' as const), hours: fc.integer({ min: 1, max: 30 }) }),
);

describe('assignment under random operations', () => {
  it('never leaves a case held by someone who cannot act on it or works outside its unit', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 5, maxLength: 25 }), async (ops) => {
        const rig = new PeopleRig();
        try {
          await rig.publishShipped('complaint-handling', 'escalation-warning', 'deactivation-retention');
          const as = (id: string) => rig.people.actor(id, rig.clock.now());
          const ids = [
            (await rig.engine.createCase({ process: 'complaint-handling', data: complaintData('east'), actor: as('li.na') })).id,
            (await rig.engine.createCase({ process: 'complaint-handling', data: complaintData('west', '赵六'), actor: as('zhao.min') })).id,
            (await rig.engine.createCase({ process: 'escalation-warning', data: { source: 'manual', level: 'blue', title: '批量', unit: 'east' }, actor: as('li.na') })).id,
            (await rig.engine.createCase({
              process: 'deactivation-retention',
              data: { customer: { id: 'CU-1', name: '陈静', number: '13012345678', tier: 'star-3', member: false }, source: 'store-request', unit: 'east' },
              actor: as('desk.east'),
            })).id,
          ];
          const city = rig.people.actor('director');
          for (const step of ops) {
            const caseId = 'caseIndex' in step ? ids[step.caseIndex % ids.length] : undefined;
            const before = caseId === undefined ? undefined : await rig.engine.getCase(caseId, city);
            try {
              if (step.kind === 'assign' && caseId) await rig.engine.assign(caseId, step.to, as(step.by));
              else if (step.kind === 'claim' && caseId) await rig.engine.claim(caseId, as(step.by));
              else if (step.kind === 'release' && caseId) await rig.engine.release(caseId, as(step.by));
              else if (step.kind === 'event' && caseId) await rig.engine.applyEvent(caseId, { type: step.type, input: INPUTS[step.type] }, as(step.by));
              else if (step.kind === 'absent' && step.who !== step.delegate) rig.people.setAbsence(step.who, { from: rig.clock.now(), until: rig.clock.now() + 2 * DAY, delegateId: step.delegate });
              else if (step.kind === 'handover') await rig.engine.handOver(step.who, 'queue', as('director'));
              else if (step.kind === 'wait') await rig.engine.advanceClock(step.hours * HOUR);
            } catch (error) {
              expect(error).toBeInstanceOf(CaseflowError);
              if (error instanceof CaseflowError) expect(error.code).not.toBe('internal');
              if (before && caseId && step.kind !== 'wait') expect((await rig.engine.getCase(caseId, city)).revision).toBe(before.revision);
            }
            const cityRoles = await rig.people.cityRoles();
            for (const id of ids) {
              const view = await rig.engine.getCase(id, city);
              if (view.status !== 'active' || view.assignee === undefined) continue;
              const holder = rig.people.people.get(view.assignee);
              expect(holder, `${id} held by unknown ${view.assignee}`).toBeDefined();
              if (!holder) continue;
              expect(worksIn(holder, view.unit, cityRoles), `${id} of ${view.unit} held by ${holder.id}`).toBe(true);
              const acting = [...view.actionableRoles, ...(view.waitingOn ?? [])];
              expect(holder.roles.some((role) => acting.includes(role)), `${id} in ${view.state} held by ${holder.id} (${holder.roles}) though ${acting} act`).toBe(true);
            }
          }
          for (const id of ids) expect((await rig.engine.replay(id)).consistent).toBe(true);
        } finally {
          await rig.dispose();
        }
      }),
      { numRuns: 12 },
    );
  }, 240_000);
});
