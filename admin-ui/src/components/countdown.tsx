/** A deadline counting down live against the server's clock, marked when overdue. */
import { formatSpan, useNow } from '../lib/clock.js';
import { useI18n } from '../i18n/index.js';

/** Props: when it falls due, or a paused/stopped clock's remaining time. */
export interface CountdownProps {
  dueAt?: number;
  status?: 'running' | 'paused' | 'stopped';
  remainingMs?: number;
  /** The server's own verdict, trusted over the browser's arithmetic when set. */
  overdue?: boolean;
}

/** Shows `Due in 1d 02:03:04` or `Overdue by 00:12:00`. */
export function Countdown({ dueAt, status = 'running', remainingMs, overdue }: CountdownProps) {
  const { t, language } = useI18n();
  const now = useNow();
  if (status === 'stopped') return <span className="due due-stopped">{t('due.stopped')}</span>;
  if (status === 'paused') return <span className="due due-paused">{t('due.paused', { time: formatSpan(remainingMs ?? 0, language) })}</span>;
  if (dueAt === undefined) return <span className="due">{t('common.none')}</span>;
  const left = dueAt - now;
  const late = left < 0 || overdue === true;
  return (
    <span className={`due ${late ? 'due-overdue' : left < 4 * 3600_000 ? 'due-soon' : ''}`}>
      {late ? <><span aria-hidden="true">⚠ </span>{t('due.overdue', { time: formatSpan(Math.min(left, 0), language) })}</> : t('due.in', { time: formatSpan(left, language) })}
    </span>
  );
}
