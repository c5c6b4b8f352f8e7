/**
 * The demo's story runner: scenes are lists of steps at set times; the runner plays them in time
 * order on an engine with a manual clock, moving the clock to each step so that timers, breaches
 * and escalations fire at their own due times in between.
 */
import type { Actor } from '../engine/compile/types.js';
import { CaseflowError } from '../engine/errors.js';
import type { Engine } from '../engine/runtime/types.js';
import type { Logger } from './log.js';

/** One minute in ms. */
export const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** One day in ms. */
export const DAY = 24 * HOUR;
/** Beijing is UTC+8 all year; the shipped processes keep their calendars there. */
const BEIJING = 8 * HOUR;

/** Times of the story: day 0 is the first of the 14 days before today (Beijing dates). */
export interface StoryTime {
  /** The story's end, the server's now. */
  end: number;
  /** Day `d` (0 = 14 days ago, 14 = today) at hh:mm Beijing time. */
  day(d: number, hh: number, mm?: number): number;
  /** `hours` before the end. */
  ago(hours: number): number;
}

/** The times of a story ending at `end`. */
export function storyTime(end: number): StoryTime {
  const today = end + BEIJING - ((end + BEIJING) % DAY) - BEIJING;
  const first = today - 14 * DAY;
  return {
    end,
    day: (d, hh, mm = 0) => first + d * DAY + hh * HOUR + mm * MINUTE,
    ago: (hours) => end - Math.round(hours * HOUR),
  };
}

/** What a step may do: open cases under a story key, and act on them (or on a case they opened). */
export interface Story {
  open(key: string, process: string, data: Record<string, unknown>, role: string): Promise<void>;
  act(key: string, type: string, role: string, input?: Record<string, unknown>): Promise<void>;
  /** Acts on the newest open case of `process` that the case `key` opened (a warning it raised). */
  actOnChild(key: string, process: string, type: string, role: string, input?: Record<string, unknown>): Promise<void>;
}

/** One thing that happens in the story. */
export interface Step {
  at: number;
  run(story: Story): Promise<void>;
}

/** A step opening a case. */
export const open = (at: number, key: string, process: string, data: Record<string, unknown>, role: string): Step => ({
  at, run: (story) => story.open(key, process, data, role),
});

/** A step sending an event to a case. */
export const act = (at: number, key: string, type: string, role: string, input?: Record<string, unknown>): Step => ({
  at, run: (story) => story.act(key, type, role, input),
});

/** A step sending an event to the warning (or other child) a case raised. */
export const actOnChild = (at: number, key: string, process: string, type: string, role: string, input?: Record<string, unknown>): Step => ({
  at, run: (story) => story.actOnChild(key, process, type, role, input),
});

/** The person acting in a role: the demo user of that name. */
const actorOf = (role: string): Actor => ({ id: role, roles: [role] });
const READER: Actor = { id: 'demo', roles: [] };

/** What playing a story did. */
export interface StoryResult {
  opened: number;
  failures: Array<{ at: number; message: string }>;
}

/**
 * Plays `steps` in time order on `engine` (a manual clock), then moves the clock to `end`.
 * A step that fails is logged and counted, and the story goes on. The first case opened carries
 * `marker` as its idempotency key, so the store remembers that the story was told.
 */
export async function playStory(engine: Engine, steps: Step[], end: number, logger: Logger, marker?: string): Promise<StoryResult> {
  const ids = new Map<string, string>();
  const result: StoryResult = { opened: 0, failures: [] };
  const idOf = (key: string) => {
    const id = ids.get(key);
    if (id === undefined) throw new CaseflowError('not-found', `the story has no case "${key}"`);
    return id;
  };
  const story: Story = {
    async open(key, process, data, role) {
      const idempotencyKey = result.opened === 0 ? marker : undefined;
      const view = await engine.createCase({ process, data, actor: actorOf(role), idempotencyKey });
      ids.set(key, view.id);
      result.opened += 1;
    },
    async act(key, type, role, input) {
      await engine.applyEvent(idOf(key), { type, input }, actorOf(role));
    },
    async actOnChild(key, process, type, role, input) {
      const children = await engine.listCases({ parentId: idOf(key), processId: process, status: 'active', limit: 20 }, READER);
      const newest = [...children.items].sort((a, b) => b.createdAt - a.createdAt)[0];
      if (newest === undefined) throw new CaseflowError('not-found', `case "${key}" has no open ${process} case`);
      await engine.applyEvent(newest.id, { type, input }, actorOf(role));
    },
  };
  const ordered = steps.map((step, index) => ({ step, index })).sort((a, b) => a.step.at - b.step.at || a.index - b.index);
  for (const { step } of ordered) {
    if (step.at > end) continue;
    const wait = step.at - engine.clock.now();
    if (wait > 0) await engine.advanceClock(wait);
    try {
      await step.run(story);
      // Timers due at once (a routing step of zero length) fire before anyone acts again.
      await engine.fireDueTimers();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      result.failures.push({ at: step.at, message });
      logger.warn('demo step failed', { at: new Date(step.at).toISOString(), error: message });
    }
  }
  const rest = end - engine.clock.now();
  if (rest > 0) await engine.advanceClock(rest);
  return result;
}
