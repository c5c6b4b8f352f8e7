/**
 * A pending timer named in words, for people: `deadline:received:warn` is 首次回复即将到期提醒 /
 * "First reply: due soon" by the deadline's label, `timer:working:nudge` the timer of its state.
 * The simulation, the timeline and the migration report (in the UI and from the API) all say it so.
 */
import { labelIn } from '../field-rules.js';
import type { LabelLanguage } from './enum-labels.js';
import { isRecord } from './schema-properties.js';

const PHRASES: Record<LabelLanguage, { warn: string; escalate: string; breach: string; state: string }> = {
  zh: { warn: '{deadline}即将到期提醒', escalate: '{deadline}第 {n} 次升级', breach: '{deadline}已超时', state: '{state}定时' },
  en: { warn: '{deadline}: due soon', escalate: '{deadline}: escalation {n}', breach: '{deadline}: overdue', state: 'timer of {state}' },
};

/** Labels of a definition's deadlines (process deadlines and state deadlines, by id) and of its states. */
function labelsOf(definition: unknown): { deadlines: Map<string, string>; states: Map<string, string> } {
  const deadlines = new Map<string, string>();
  const states = new Map<string, string>();
  if (isRecord(definition) && isRecord(definition.deadlines)) {
    for (const [id, deadline] of Object.entries(definition.deadlines)) if (isRecord(deadline) && typeof deadline.label === 'string') deadlines.set(id, deadline.label);
  }
  const walk = (children: unknown) => {
    if (!isRecord(children)) return;
    for (const [id, state] of Object.entries(children)) {
      if (!isRecord(state)) continue;
      if (typeof state.label === 'string') states.set(id, state.label);
      if (isRecord(state.deadline) && typeof state.deadline.label === 'string') deadlines.set(id, state.deadline.label);
      walk(state.states);
    }
  };
  walk(isRecord(definition) ? definition.states : undefined);
  return { deadlines, states };
}

/** Names timer keys of one definition (a process as the engine reads it, or undefined) in `language`. */
export function timerWords(definition: unknown, language: LabelLanguage): (key: string) => string {
  const { deadlines, states } = labelsOf(definition);
  const phrases = PHRASES[language];
  return (key) => {
    const [kind, owner = '', mark = ''] = key.split(':');
    if (kind === 'deadline') {
      const deadline = labelIn(deadlines.get(owner) ?? owner, language);
      if (mark === 'breach') return phrases.breach.replace('{deadline}', deadline);
      if (mark.startsWith('escalate.')) return phrases.escalate.replace('{deadline}', deadline).replace('{n}', String(Number(mark.slice('escalate.'.length)) + 1));
      return phrases.warn.replace('{deadline}', deadline);
    }
    return phrases.state.replace('{state}', labelIn(states.get(owner) ?? owner, language));
  };
}
