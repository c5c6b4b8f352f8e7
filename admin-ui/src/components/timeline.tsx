/** A case's history as a timeline: each event with who, when, from and to, and its input. */
import { showBidiControls } from '../../../engine/display-text.js';
import { pickLabel, useI18n } from '../i18n/index.js';
import { formatTime } from '../lib/clock.js';
import type { EventRecord } from '../types.js';

/** Props: the events, and labels of states and events from the process definition. */
export interface TimelineProps {
  events: EventRecord[];
  stateLabel(id: string): string;
  eventLabel(type: string): string;
}

/** The history timeline, oldest first. */
export function Timeline({ events, stateLabel, eventLabel }: TimelineProps) {
  const { t, language } = useI18n();
  if (events.length === 0) return <p className="muted">{t('history.empty')}</p>;
  return (
    <ol className="timeline">
      {events.map((event) => (
        <li key={event.seq} className={`timeline-item${event.timer ? ' timeline-timer' : ''}`}>
          <div className="timeline-head">
            <span className="timeline-seq">#{event.seq}</span>
            <strong>{pickLabel(eventLabel(event.type), language)}</strong>
            <span className="timeline-move">
              {event.from ? <>{pickLabel(stateLabel(event.from), language)} → {pickLabel(stateLabel(event.to), language)}</> : t('history.opened', { to: pickLabel(stateLabel(event.to), language) })}
            </span>
          </div>
          <div className="timeline-meta">
            <time dateTime={new Date(event.at).toISOString()}>{formatTime(event.at, language)}</time>
            {' · '}
            {event.timer ? t('history.timer', { key: event.timer.key, count: event.timer.count }) : t('history.by', { actor: event.actor })}
            {event.actorRoles.length > 0 && !event.timer && <span className="muted"> ({event.actorRoles.join(', ')})</span>}
          </div>
          {event.input && Object.keys(event.input).length > 0 && (
            <dl className="timeline-input">
              {Object.entries(event.input).map(([key, value]) => (
                <div key={key}><dt>{key}</dt><dd>{showBidiControls(typeof value === 'object' ? JSON.stringify(value) : String(value))}</dd></div>
              ))}
            </dl>
          )}
        </li>
      ))}
    </ol>
  );
}
