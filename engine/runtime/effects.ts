/**
 * Turns the effects of a step into the parts of a commit: timer changes, outbox rows, and the
 * linked cases it opens.
 */
import { LEFT_OUT } from '../compile/recipients.js';
import type { Actor, Effect, StartCase } from '../compile/types.js';
import type { CaseCommit } from './store.js';

/** Opens a linked case as part of its parent's commit (given by create-case, to avoid a cycle). */
export type OpenChild = (effect: StartCase, parentId: string, actor: Actor, now: number, depth: number) => Promise<CaseCommit>;

/** The commit parts a step's effects call for. */
export async function commitParts(
  effects: Effect[],
  caseId: string,
  actor: Actor,
  now: number,
  depth: number,
  openChild: OpenChild,
): Promise<Pick<CaseCommit, 'timers' | 'outbox' | 'children'>> {
  const timers: Effect[] = [];
  const outbox: CaseCommit['outbox'] = [];
  const children: CaseCommit[] = [];
  for (const effect of effects) {
    switch (effect.kind) {
      case 'timer.schedule':
      case 'timer.cancel':
        timers.push(effect);
        break;
      case 'notify': {
        const row: CaseCommit['outbox'][number] = {
          channel: effect.channel ?? 'log',
          template: effect.template,
          to: effect.to,
          body: effect.body,
          status: 'pending',
          attempts: 0,
          nextAttemptAt: now,
          createdAt: now,
        };
        if (effect.subject !== undefined) row.subject = effect.subject;
        if (effect.unresolved !== undefined) row.lastError = `${LEFT_OUT}${effect.unresolved.join('; ')}`;
        outbox.push(row);
        break;
      }
      case 'start-case':
        children.push(await openChild(effect, caseId, actor, now, depth + 1));
        break;
    }
  }
  return { timers, outbox, children };
}
