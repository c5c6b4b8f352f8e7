/** The outbox: messages by delivery status, newest first, with a retry button for administrators. */
import { useEffect, useRef, useState } from 'react';
import { client, ok } from '../api.js';
import type { components } from '../api-schema.js';
import { Notice, errorText } from '../components/notice.js';
import type { MessageKey } from '../i18n/en.js';
import { useI18n } from '../i18n/index.js';
import { formatTime } from '../lib/clock.js';
import { Link } from '../router.js';
import { useServerLabels, useSession } from '../session.js';
import { useNames } from '../lib/people.js';
import { messageName, recipientNames } from '../lib/message-words.js';
import './dashboard.css';

/** One message of the outbox. */
type OutboxRecord = components['schemas']['OutboxMessage'];
type Status = OutboxRecord['status'];
const STATUSES: Status[] = ['pending', 'failed', 'dead', 'sent'];

/** Reads a page of the outbox, newest first (before the message `before`, when given). */
function readOutbox(status: Status | undefined, limit: number, before?: number, signal?: AbortSignal) {
  return ok(client.GET('/api/outbox', { params: { query: { status, limit, before } }, signal }));
}

const statusKey = (status: Status): MessageKey => `outbox.status.${status}`;

/** How often the page looks again while a message it shows is waiting to be sent. */
const PENDING_REFRESH_MS = 2000;
const PAGE = 50;
const MAX_PAGE = 200;

/** The first line of a message, shortened, as its summary. */
function firstLine(body: string): string {
  const line = body.split('\n', 1)[0].trim();
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}

/** Where a row's case is: its case page, the digest for the weekly digest, the administrative log for a checkpoint's witness notice. */
function CaseLink({ caseId }: { caseId: string }) {
  if (caseId.startsWith('warning-digest:')) return <Link to="/digest">{caseId}</Link>;
  if (caseId.startsWith('audit-checkpoint:')) return <Link to="/audit/log">{caseId}</Link>;
  return <Link to={`/cases/${encodeURIComponent(caseId)}`}>{caseId}</Link>;
}

/** The outbox page, with retry buttons for those the server lets retry (administrators). */
export function OutboxPage() {
  const canRetry = useSession().user?.rights.retryOutbox ?? false;
  const { t: tr, language } = useI18n();
  const named = useServerLabels();
  const names = useNames();
  const [status, setStatus] = useState<Status | undefined>();
  const [rows, setRows] = useState<OutboxRecord[]>([]);
  const [counts, setCounts] = useState<Record<Status, number>>();
  const [nextBefore, setNextBefore] = useState<number>();
  const [error, setError] = useState<unknown>();
  const [message, setMessage] = useState<string>();
  const [tick, setTick] = useState(0);
  // A refresh reloads as many rows as are shown, so older pages already opened stay open.
  const shownRows = useRef(0);
  shownRows.current = rows.length;

  useEffect(() => {
    const controller = new AbortController();
    const limit = Math.min(Math.max(PAGE, shownRows.current), MAX_PAGE);
    readOutbox(status, limit, undefined, controller.signal)
      .then((answer) => {
        setRows(answer.items);
        setCounts(answer.counts);
        setNextBefore(answer.nextBefore);
        setError(undefined);
      })
      .catch((caught: unknown) => {
        if (!controller.signal.aborted) setError(caught);
      });
    return () => controller.abort();
  }, [status, tick]);

  // A pending message (just written, or sent again by an administrator) changes soon: look again.
  const waiting = rows.some((row) => row.status === 'pending');
  useEffect(() => {
    if (!waiting) return;
    const timer = window.setTimeout(() => setTick((n) => n + 1), PENDING_REFRESH_MS);
    return () => window.clearTimeout(timer);
  }, [waiting, rows]);

  const older = async () => {
    try {
      const answer = await readOutbox(status, PAGE, nextBefore);
      setRows((current) => [...current, ...answer.items]);
      setNextBefore(answer.nextBefore);
    } catch (caught) {
      setError(caught);
    }
  };

  const retry = async (id: number) => {
    setMessage(undefined);
    try {
      await ok(client.POST('/api/outbox/{id}/retry', { params: { path: { id: String(id) } } }));
      setMessage(tr('outbox.retried', { id }));
      setTick((n) => n + 1);
    } catch (caught) {
      setError(caught);
    }
  };

  const total = counts ? STATUSES.reduce((sum, s) => sum + counts[s], 0) : undefined;
  return (
    <section aria-labelledby="outbox-title">
      <div className="page-head">
        <div>
          <h1 id="outbox-title">{tr('nav.outbox')}</h1>
          <p className="muted">{tr('outbox.intro')}</p>
        </div>
        <button type="button" onClick={() => setTick((n) => n + 1)}>{tr('outbox.refresh')}</button>
      </div>
      <div className="outbox-tabs" role="group" aria-label={tr('people.status')}>
        <button type="button" className="button" aria-pressed={status === undefined} onClick={() => setStatus(undefined)}>
          {tr('common.all')}{total === undefined ? '' : ` (${total})`}
        </button>
        {STATUSES.map((s) => (
          <button key={s} type="button" className="button" aria-pressed={status === s} onClick={() => setStatus(s)}>
            {tr(statusKey(s))}{counts ? ` (${counts[s]})` : ''}
          </button>
        ))}
      </div>
      <div aria-live="polite">
        {message && <Notice kind="success">{message}</Notice>}
        {error !== undefined && <Notice kind="error">{errorText(error)}</Notice>}
      </div>
      {rows.length === 0 ? <p className="empty">{tr('outbox.empty')}</p> : (
        <div className="table-scroll">
          <table className="cases outbox-table">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{tr('outbox.created')}</th>
                <th scope="col">{tr('col.case')}</th>
                <th scope="col">{tr('bell.kind.message')}</th>
                <th scope="col">{tr('outbox.to')}</th>
                <th scope="col">{tr('people.status')}</th>
                {canRetry && <th scope="col"><span className="visually-hidden">{tr('outbox.retry')}</span></th>}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id}>
                  <td className="case-id nowrap">{row.id}</td>
                  <td className="nowrap">{formatTime(row.createdAt, language)}</td>
                  <td className="case-id"><CaseLink caseId={row.caseId} /></td>
                  <td>
                    <details className="outbox-body">
                      <summary>{row.subject ?? firstLine(row.body)}</summary>
                      <pre>{row.body}</pre>
                    </details>
                    <span className="muted" data-template={row.template}>{[row.subject === undefined ? messageName(row) : undefined, tr('dash.pair', { label: tr('outbox.channel'), value: row.channel })].filter(Boolean).join(' · ')}</span>
                  </td>
                  <td>{recipientNames(row.to, { role: named.role, person: names.person, customer: tr('recipient.customer'), nobody: tr('recipient.nobody') }, language === 'zh' ? '、' : ', ')}</td>
                  <td className="nowrap">
                    <span className={`outbox-status outbox-status-${row.status}`}>{tr(statusKey(row.status))}</span>
                    <div className="muted">{tr('dash.pair', { label: tr('outbox.attempts'), value: row.attempts })}</div>
                    {row.status === 'failed' && <div className="muted">{tr('outbox.nextAttempt', { time: formatTime(row.nextAttemptAt, language) })}</div>}
                    {row.lastError && row.status !== 'sent' && <div className="outbox-error">{tr('outbox.lastError', { error: row.lastError })}</div>}
                  </td>
                  {canRetry && (
                    <td>{(row.status === 'failed' || row.status === 'dead') && (
                      <button type="button" onClick={() => void retry(row.id)} aria-label={`${tr('outbox.retry')} #${row.id}`}>{tr('outbox.retry')}</button>
                    )}</td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {nextBefore !== undefined && (
        <div className="list-foot"><span /><button type="button" onClick={() => void older()}>{tr('outbox.older')}</button></div>
      )}
    </section>
  );
}
