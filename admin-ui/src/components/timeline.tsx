/**
 * A case's history as a timeline: each event with who, when, from and to, and its input; a
 * change of holder and a note read as sentences ("li.na claimed this case"), never as `$claim`.
 */
import { showBidiControls } from '../../../engine/display-text.js';
import { useI18n, type Translate } from '../i18n/index.js';
import { formatTime } from '../lib/clock.js';
import type { CaseWords } from '../lib/case-words.js';
import { useNames } from '../lib/people.js';
import type { EventRecord } from '../types.js';

/** Props: the events, and the words of the process (labels of states, events, timers, input). */
export interface TimelineProps {
  events: EventRecord[];
  words: CaseWords;
}

/** Events people send about the holder or the history, not the process. */
const STAFF_EVENTS = new Set(['$assign', '$claim', '$release', '$note']);

/** One sentence for a change of holder: who took it, who gave it to whom and why. */
export function assignmentText(event: EventRecord, t: Translate, state: (id: string) => string, person: (username: string) => string = (username) => username): string | undefined {
  const change = event.assignment;
  if (!change) return undefined;
  const from = change.from === null ? null : person(change.from);
  const to = change.to === null ? null : person(change.to);
  const { reason } = change;
  const by = person(event.actor);
  if (reason === 'claim') return t('history.claimed', { user: to ?? by });
  if (reason === 'release') return t('history.released', { user: by });
  if (reason === 'creator' && to) return t('history.creator', { to });
  if (reason === 'cannot-act') return t('history.cannotAct', { from: from ?? '—', state: state(event.to) });
  if (reason === 'absence' && to) return t('history.absence', { to, from: from ?? '—' });
  if (reason.startsWith('queue:')) return t('history.queued', { role: reason.slice('queue:'.length) });
  if (reason.startsWith('auto:') && to) return t('history.auto', { to, role: reason.slice('auto:'.length) });
  if (reason.startsWith('rule:') && to) return t('history.rule', { to, state: state(reason.slice('rule:'.length)) });
  const words = reason === 'assign' || /^(rule|queue|auto):/.test(reason) ? '' : t('work.because', { reason: showBidiControls(reason) });
  if (to) return `${t('history.assignedBy', { to, by })}${words}`;
  return `${t('history.unassignedBy', { from: from ?? '—', by })}${words}`;
}

/** The history timeline, oldest first. */
export function Timeline({ events, words }: TimelineProps) {
  const { t, language } = useI18n();
  const names = useNames();
  if (events.length === 0) return <p className="muted">{t('history.empty')}</p>;
  const state = words.state;
  return (
    <ol className="timeline">
      {events.map((event) => {
        const staff = STAFF_EVENTS.has(event.type);
        const note = event.type === '$note' && typeof event.input?.text === 'string' ? event.input.text : undefined;
        const assignment = assignmentText(event, t, state, names.person);
        const kind = event.type === '$note' ? ' timeline-note' : staff ? ' timeline-staff' : event.timer ? ' timeline-timer' : '';
        return (
          <li key={event.seq} className={`timeline-item${kind}`} data-type={event.type}>
            <div className="timeline-head">
              <span className="timeline-seq">#{event.seq}</span>
              {event.type === '$note' ? <strong>{t('history.noteBy', { user: names.person(event.actor) })}</strong>
                : staff ? <strong>{assignment ?? t('history.assignment')}</strong>
                  : <strong>{words.event(event.type)}</strong>}
              {!staff && (
                <span className="timeline-move">
                  {event.from ? <>{state(event.from)} → {state(event.to)}</> : t('history.opened', { to: state(event.to) })}
                </span>
              )}
            </div>
            <div className="timeline-meta">
              <time dateTime={new Date(event.at).toISOString()}>{formatTime(event.at, language)}</time>
              {' · '}
              {event.timer ? t('history.timer', { what: words.timer(event.timer.key), count: event.timer.count }) : t('history.by', { actor: names.person(event.actor) })}
              {event.actorRoles.length > 0 && !event.timer && <span className="muted"> ({event.actorRoles.join(', ')})</span>}
              {event.onBehalfOf && <span className="timeline-behalf"> · {t('history.onBehalfOf', { user: names.person(event.onBehalfOf) })}</span>}
            </div>
            {!staff && assignment && <p className="timeline-assignment">{assignment}</p>}
            {note !== undefined && <p className="timeline-note-text">{showBidiControls(note)}</p>}
            {!staff && event.input && Object.keys(event.input).length > 0 && (
              <dl className="timeline-input">
                {words.input(event.type, event.input).map(([title, value]) => (
                  <div key={title}><dt>{title}</dt><dd>{value}</dd></div>
                ))}
              </dl>
            )}
          </li>
        );
      })}
    </ol>
  );
}
