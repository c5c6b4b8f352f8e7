/**
 * `npm run demo`: two weeks of believable history told by real events, each sent by a person of
 * the demo's organisation (`demo-people.ts`). The story is played by a second engine over the same
 * store and directory on a manual clock that starts before the story and moves to the server's
 * now, so events, timers, breaches, escalations, messages and report figures carry real times;
 * the server then fires whatever falls due after.
 */
import type { AccountStore } from '../engine/accounts/types.js';
import { createEngine, manualClock } from '../engine/runtime/index.js';
import type { Store } from '../engine/runtime/store.js';
import type { Engine } from '../engine/runtime/types.js';
import { peopleDirectory } from './auth/people-directory.js';
import { complaintSteps, warningSteps } from './demo-complaints.js';
import { callbackSteps } from './demo-callbacks.js';
import { qualitySteps } from './demo-quality.js';
import { appointmentSteps, feeSteps, retentionSteps } from './demo-services.js';
import { MINUTE, playStory, storyTime, type Step, type StoryResult, type StoryTime } from './demo-story.js';
import { publishDemoSubscribers, storyMonths } from './demo-subscribers.js';
import type { Logger } from './log.js';

/** The idempotency key of the story's first case: present once the demo has been seeded. */
const DEMO_MARKER = 'caseflow-demo:story-v1';

/** Every step of the story ending at `time.end`. */
function demoSteps(time: StoryTime): Step[] {
  return [...retentionSteps(time), ...complaintSteps(time), ...warningSteps(time), ...appointmentSteps(time), ...feeSteps(time), ...qualitySteps(time), ...callbackSteps(time)];
}

/**
 * Seeds the story into `store` (once: a database holding the marker is left alone), ending at
 * `end` (the serving engine's now). Returns undefined when the story was already there.
 */
export async function seedDemoStory(store: Store, accounts: AccountStore, end: number, logger: Logger): Promise<StoryResult | undefined> {
  if (await store.findIdempotency(DEMO_MARKER)) return undefined;
  const steps = demoSteps(storyTime(end));
  const first = steps.reduce((earliest, step) => Math.min(earliest, step.at), end);
  const engine = createEngine({ store, clock: manualClock(first - MINUTE), people: peopleDirectory(accounts) });
  try {
    await publishDemoSubscribers(engine, storyMonths(first, end), 'cao.yang');
    return await playStory(engine, accounts, steps, end, logger, DEMO_MARKER);
  } finally {
    await engine.stop();
  }
}

/** Opens the demo cases through the serving engine's store and clock (`npm run demo`); 0 when already seeded. */
export async function createDemoCases(engine: Engine, accounts: AccountStore, logger: Logger, store?: Store): Promise<number> {
  if (store === undefined) throw new Error('the demo story needs the store under the engine');
  const result = await seedDemoStory(store, accounts, engine.clock.now(), logger);
  return result?.opened ?? 0;
}
