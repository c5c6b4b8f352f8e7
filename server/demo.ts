/**
 * `npm run demo`: a user per role, and two weeks of believable history told by real events. The
 * story is played by a second engine over the same store on a manual clock that starts before the
 * story and moves to the server's now, so events, timers, breaches, escalations, messages and
 * report figures carry real times; the server then fires whatever falls due after.
 */
import type { AccountStore } from '../engine/accounts/types.js';
import { createEngine, manualClock } from '../engine/runtime/index.js';
import type { Store } from '../engine/runtime/store.js';
import type { Engine } from '../engine/runtime/types.js';
import { KNOWN_ROLES } from './auth/roles.js';
import { addUser } from './auth/users.js';
import { complaintSteps, warningSteps } from './demo-complaints.js';
import { appointmentSteps, feeSteps, retentionSteps } from './demo-services.js';
import { MINUTE, playStory, storyTime, type Step, type StoryResult, type StoryTime } from './demo-story.js';
import { summarize } from './definitions.js';
import type { Logger } from './log.js';

/** Users named after each role (`agent`, `team-lead`…), password `demo-<role>`; `admin` is left alone. */
export async function createDemoUsers(accounts: AccountStore, engine: Engine): Promise<Array<{ username: string; password: string }>> {
  const roles = new Set<string>(KNOWN_ROLES);
  for (const record of await engine.listProcesses()) for (const role of summarize(record).roles) roles.add(role);
  roles.delete('admin');
  const created: Array<{ username: string; password: string }> = [];
  for (const role of [...roles].sort()) {
    if (await accounts.findUserByUsername(role)) continue;
    const password = `demo-${role}`.padEnd(10, '!');
    await addUser(accounts, { username: role, password, roles: [role] });
    created.push({ username: role, password });
  }
  return created;
}

/** The idempotency key of the story's first case: present once the demo has been seeded. */
const DEMO_MARKER = 'caseflow-demo:story-v1';

/** Every step of the story ending at `time.end`. */
function demoSteps(time: StoryTime): Step[] {
  return [...retentionSteps(time), ...complaintSteps(time), ...warningSteps(time), ...appointmentSteps(time), ...feeSteps(time)];
}

/**
 * Seeds the story into `store` (once: a database holding the marker is left alone), ending at
 * `end` (the serving engine's now). Returns undefined when the story was already there.
 */
export async function seedDemoStory(store: Store, end: number, logger: Logger): Promise<StoryResult | undefined> {
  if (await store.findIdempotency(DEMO_MARKER)) return undefined;
  const steps = demoSteps(storyTime(end));
  const first = steps.reduce((earliest, step) => Math.min(earliest, step.at), end);
  const engine = createEngine({ store, clock: manualClock(first - MINUTE) });
  try {
    return await playStory(engine, steps, end, logger, DEMO_MARKER);
  } finally {
    await engine.stop();
  }
}

/** Opens the demo cases through the serving engine's store and clock (`npm run demo`); 0 when already seeded. */
export async function createDemoCases(engine: Engine, logger: Logger, store?: Store): Promise<number> {
  if (store === undefined) throw new Error('the demo story needs the store under the engine');
  const result = await seedDemoStory(store, engine.clock.now(), logger);
  return result?.opened ?? 0;
}
