/**
 * What a trial case shows besides its actions: deadlines and pending timers on the trial clock,
 * and the activity so far (steps, fired timers, rendered messages, linked cases), newest first.
 */
import { pickLabel, useI18n } from '../i18n/index.js';
import { formatSpan, formatTime } from '../lib/clock.js';
import type { SimulationEntry, SimulationFrame } from '../lib/simulation.js';
import { useServerLabels } from '../session.js';
import { useNames } from '../lib/people.js';
import { messageName, recipientNames } from '../lib/message-words.js';

/** Deadlines measured at the trial clock's now. */
export function SimDeadlines({ frame }: { frame: SimulationFrame }) {
  const { t, language } = useI18n();
  if (frame.deadlines.length === 0) return <p className="muted">{t('case.noDeadlines')}</p>;
  return (
    <ul className="deadlines">
      {frame.deadlines.map((deadline) => {
        const left = deadline.withinMs - deadline.elapsedMs;
        const status = deadline.status === 'stopped' ? t('due.stopped')
          : deadline.status === 'paused' ? t('due.paused', { time: formatSpan(left, language) })
            : deadline.overdue ? t('due.overdue', { time: formatSpan(Math.min(left, 0), language) }) : t('due.in', { time: formatSpan(left, language) });
        return (
          <li key={deadline.id} className={deadline.overdue ? 'deadline-overdue' : undefined}>
            <span className="deadline-label">{pickLabel(deadline.label ?? deadline.id, language)}</span>
            <span className={`due${deadline.overdue ? ' due-overdue' : ''}`}>{deadline.overdue && deadline.status !== 'stopped' ? '⚠ ' : ''}{status}</span>
            {deadline.dueAt !== undefined && deadline.status === 'running' && <span className="muted">{t('sim.dueAt', { time: formatTime(deadline.dueAt, language) })}</span>}
          </li>
        );
      })}
    </ul>
  );
}

/** Pending timers, soonest first, with how long until each falls due. */
export function SimTimers({ frame, timerLabel }: { frame: SimulationFrame; timerLabel(key: string): string }) {
  const { t, language } = useI18n();
  if (frame.timers.length === 0) return <p className="muted">{t('sim.noTimers')}</p>;
  return (
    <ul className="sim-timers">
      {frame.timers.map((timer) => (
        <li key={timer.key}>
          <span className="sim-timer-name">{timerLabel(timer.key)}{timer.count > 1 ? ` #${timer.count}` : ''}</span>
          <span className="due">{t('due.in', { time: formatSpan(timer.dueAt - frame.now, language) })}</span>
          <span className="muted">{formatTime(timer.dueAt, language)}</span>
        </li>
      ))}
    </ul>
  );
}

/** Props: the entries, and labels of states, events and timers from the draft. */
export interface SimActivityProps {
  entries: SimulationEntry[];
  stateLabel(id: string): string;
  eventLabel(type: string): string;
  /** A timer key (`deadline:received:breach`) as words. */
  timerLabel(key: string): string;
}

/** The trial's activity, newest first. */
export function SimActivity({ entries, stateLabel, eventLabel, timerLabel }: SimActivityProps) {
  const { t, language } = useI18n();
  const named = useServerLabels();
  const names = useNames();
  /** A message's line: its name (never its template id) and its recipients by name. */
  const messageLine = (message: SimulationFrame['notifications'][number]) => {
    const to = recipientNames(message.to, { role: named.role, person: names.person, customer: t('recipient.customer'), nobody: t('recipient.nobody') }, language === 'zh' ? '、' : ', ');
    const name = messageName(message);
    return name === undefined ? t('sim.notificationTo', { to }) : t('sim.notification', { template: name, to });
  };
  const opening = entries[0]?.frame.now ?? 0;
  const title = (entry: SimulationEntry) => {
    const step = entry.step;
    if (!step) return t('sim.opened', { role: named.roles(entry.roles) });
    if ('advance' in step) return t('sim.moved', { by: step.advance });
    return t('sim.sent', { event: pickLabel(eventLabel(step.type), language), role: named.roles(step.roles ?? entry.roles) });
  };
  return (
    <ol className="timeline sim-activity" reversed>
      {entries.map((entry, i) => ({ entry, i })).reverse().map(({ entry, i }) => {
        const { frame, step } = entry;
        return (
          <li key={i} className={`timeline-item${step && 'advance' in step ? ' timeline-timer' : ''}${frame.error ? ' sim-refused' : ''}`} data-entry={i}>
            <div className="timeline-head">
              <span className="timeline-seq">#{i}</span>
              <strong>{title(entry)}</strong>
              <span className="timeline-move">→ {pickLabel(stateLabel(frame.state), language)}</span>
            </div>
            <div className="timeline-meta">
              <time dateTime={new Date(frame.now).toISOString()}>{formatTime(frame.now, language)}</time>
              {i > 0 && <> · {t('sim.sinceOpening', { span: formatSpan(frame.now - opening, language) })}</>}
            </div>
            {frame.error && <p className="field-error">{t('sim.refused', { code: frame.error.code, message: frame.error.message })}</p>}
            {step && 'advance' in step && frame.fired.length === 0 && !frame.error && <p className="muted">{t('sim.nothingFired')}</p>}
            <ul className="sim-effects">
              {frame.fired.map((timer, j) => (
                <li key={`f${j}`} className="sim-fired">
                  <span aria-hidden="true">↻ </span>{t('sim.fired', { key: timerLabel(timer.key) })}
                  <span className="muted"> · {formatTime(timer.firedAt, language)}</span>
                </li>
              ))}
              {frame.notifications.map((message, j) => (
                <li key={`n${j}`} className="sim-message" data-template={message.template}>
                  <div><span aria-hidden="true">✉ </span>{messageLine(message)}
                    <span className="muted"> · {formatTime(message.at, language)}</span></div>
                  {message.subject && <strong className="sim-subject">{message.subject}</strong>}
                  <pre className="sim-body">{message.body}</pre>
                </li>
              ))}
              {frame.linkedCases.map((linked, j) => (
                <li key={`l${j}`} className="sim-linked"><span aria-hidden="true">↗ </span>{t('sim.linked', { process: linked.process })}</li>
              ))}
            </ul>
          </li>
        );
      })}
    </ol>
  );
}
