/**
 * The demo's story runner: scenes are lists of steps at set times; the runner plays them in time
 * order on an engine with a manual clock, moving the clock to each step so that timers, breaches
 * and escalations fire at their own due times in between.
 */
import type { AccountStore } from '../engine/accounts/types.js';
import type { Actor } from '../engine/compile/types.js';
import { CaseflowError } from '../engine/errors.js';
import type { Engine } from '../engine/runtime/types.js';
import { enforcedScope } from './auth/scope.js';
import { absenceAt } from './auth/users.js';
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

/** Who acts in a step: a demo username, or `HOLDER` for whoever holds the case then. */
export type Who = string;

/** Acts as the person holding the case (a warning given to the least loaded responder of its unit). */
export const HOLDER: Who = '@holder';

/** What a step may do: open cases under a story key, act on them (or on a case they opened), claim, note, and hand over. */
export interface Story {
  open(key: string, process: string, data: Record<string, unknown>, who: Who): Promise<void>;
  act(key: string, type: string, who: Who, input?: Record<string, unknown>): Promise<void>;
  /** Acts on the newest open case of `process` that the case `key` opened (a warning it raised). */
  actOnChild(key: string, process: string, type: string, who: Who, input?: Record<string, unknown>): Promise<void>;
  claim(key: string, who: Who): Promise<void>;
  /** Puts a held case back in its queue. */
  release(key: string, who: Who, reason: string): Promise<void>;
  note(key: string, who: Who, text: string): Promise<void>;
  /** Records that `username` is away from `from` to `until`, `delegate` standing in. */
  absent(username: string, from: number, until: number, delegate: string, reason: string): Promise<void>;
  /** Hands the absent `username`'s cases to their delegate, by `who`. */
  handOver(username: string, who: Who): Promise<void>;
}

/** One thing that happens in the story. */
export interface Step {
  at: number;
  run(story: Story): Promise<void>;
}

/** A step opening a case. */
export const open = (at: number, key: string, process: string, data: Record<string, unknown>, who: Who): Step => ({
  at, run: (story) => story.open(key, process, data, who),
});

/** A step sending an event to a case. */
export const act = (at: number, key: string, type: string, who: Who, input?: Record<string, unknown>): Step => ({
  at, run: (story) => story.act(key, type, who, input),
});

/** A step sending an event to the warning (or other child) a case raised. */
export const actOnChild = (at: number, key: string, process: string, type: string, who: Who, input?: Record<string, unknown>): Step => ({
  at, run: (story) => story.actOnChild(key, process, type, who, input),
});

/** A step taking a queued case. */
export const claim = (at: number, key: string, who: Who): Step => ({ at, run: (story) => story.claim(key, who) });

/** A step putting a held case back in its queue. */
export const release = (at: number, key: string, who: Who, reason: string): Step => ({ at, run: (story) => story.release(key, who, reason) });

/** A step adding an internal note. */
export const note = (at: number, key: string, who: Who, text: string): Step => ({ at, run: (story) => story.note(key, who, text) });

/** A step recording an absence. */
export const absent = (at: number, username: string, until: number, delegate: string, reason: string): Step => ({
  at, run: (story) => story.absent(username, at, until, delegate, reason),
});

/** A step handing an absent person's cases to their delegate. */
export const handOver = (at: number, username: string, who: Who): Step => ({ at, run: (story) => story.handOver(username, who) });

const READER: Actor = { id: 'demo', roles: [] };

/** The actor a demo user is at `now`: their roles, the units they see, the absent people they stand in for. */
async function actorOf(accounts: AccountStore, username: string, now: number): Promise<Actor> {
  const user = await accounts.findUserByUsername(username);
  if (!user) throw new CaseflowError('not-found', `the story has no person "${username}"`);
  const scope = enforcedScope(user, await accounts.getDirectory());
  const away = (await accounts.listUsersDelegatingTo(user.id)).filter((other) => absenceAt(other, now) !== undefined).map((other) => other.username);
  return { id: user.username, roles: [...user.roles], ...(scope === undefined ? {} : { scope }), ...(away.length > 0 ? { delegateFor: away } : {}) };
}

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
export async function playStory(engine: Engine, accounts: AccountStore, steps: Step[], end: number, logger: Logger, marker?: string): Promise<StoryResult> {
  const ids = new Map<string, string>();
  const result: StoryResult = { opened: 0, failures: [] };
  const idOf = (key: string) => {
    const id = ids.get(key);
    if (id === undefined) throw new CaseflowError('not-found', `the story has no case "${key}"`);
    return id;
  };
  const now = () => engine.clock.now();
  /** The actor `who` is on case `caseId` (its holder for `HOLDER`). */
  const actor = async (who: Who, caseId?: string): Promise<Actor> => {
    if (who !== HOLDER) return actorOf(accounts, who, now());
    const holder = caseId === undefined ? undefined : (await engine.getCase(caseId, READER)).assignee;
    if (holder === undefined) throw new CaseflowError('conflict', `case ${caseId ?? ''} has no holder to act`);
    return actorOf(accounts, holder, now());
  };
  const story: Story = {
    async open(key, process, data, who) {
      const idempotencyKey = result.opened === 0 ? marker : undefined;
      const view = await engine.createCase({ process, data, actor: await actor(who), idempotencyKey });
      ids.set(key, view.id);
      result.opened += 1;
    },
    async act(key, type, who, input) {
      const id = idOf(key);
      await engine.applyEvent(id, { type, input }, await actor(who, id));
    },
    async actOnChild(key, process, type, who, input) {
      const children = await engine.listCases({ parentId: idOf(key), processId: process, status: 'active', limit: 20 }, READER);
      const newest = [...children.items].sort((a, b) => b.createdAt - a.createdAt)[0];
      if (newest === undefined) throw new CaseflowError('not-found', `case "${key}" has no open ${process} case`);
      await engine.applyEvent(newest.id, { type, input }, await actor(who, newest.id));
    },
    async claim(key, who) {
      await engine.claim(idOf(key), await actor(who));
    },
    async release(key, who, reason) {
      const id = idOf(key);
      await engine.release(id, await actor(who, id), reason);
    },
    async note(key, who, text) {
      const id = idOf(key);
      await engine.addNote(id, text, await actor(who, id));
    },
    async absent(username, from, until, delegate, reason) {
      const [user, stand] = await Promise.all([accounts.findUserByUsername(username), accounts.findUserByUsername(delegate)]);
      if (!user || !stand) throw new CaseflowError('not-found', `the story has no person "${user ? delegate : username}"`);
      await accounts.updateUser(user.id, { absence: { from, until, delegateId: stand.id, reason } });
    },
    async handOver(username, who) {
      const outcomes = await engine.handOver(username, 'delegate', await actor(who));
      const failed = outcomes.find((outcome) => !outcome.ok);
      if (failed) throw new CaseflowError('conflict', `handing over case ${failed.caseId} failed`);
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
