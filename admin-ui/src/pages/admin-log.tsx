/** Auditors' view of the administrative audit log: filter by action, person and period; page; export. */
import { useEffect, useState, type FormEvent } from 'react';
import { client, ok } from '../api.js';
import type { components, operations } from '../api-schema.js';
import { Notice, errorText } from '../components/notice.js';
import { useI18n } from '../i18n/index.js';
import type { MessageKey } from '../i18n/en.js';
import { formatTime } from '../lib/clock.js';
import { query } from '../lib/query-string.js';
import { Link } from '../router.js';

/** One entry of the administrative log. */
type AdminLogEntry = components['schemas']['AdminLogEntry'];
/** An administrative action. */
type AdminAction = AdminLogEntry['action'];
/** The query of `GET /api/audit/log`. */
type LogQuery = NonNullable<operations['adminLog']['parameters']['query']>;

/** The label of each action; the compiler checks that every action has one. */
const ACTION_LABELS: Record<AdminAction, MessageKey> = {
  'user.create': 'adminLog.action.userCreate',
  'user.roles': 'adminLog.action.userRoles',
  'user.disable': 'adminLog.action.userDisable',
  'user.enable': 'adminLog.action.userEnable',
  'user.password': 'adminLog.action.userPassword',
  'user.units': 'adminLog.action.userUnits',
  'user.absence': 'adminLog.action.userAbsence',
  'user.totp': 'adminLog.action.userTotp',
  'token.create': 'adminLog.action.tokenCreate',
  'token.revoke': 'adminLog.action.tokenRevoke',
  'unit.create': 'adminLog.action.unitCreate',
  'unit.update': 'adminLog.action.unitUpdate',
  'org.import': 'adminLog.action.orgImport',
  'process.publish': 'adminLog.action.processPublish',
  'process.draft': 'adminLog.action.processDraft',
  'process.approve': 'adminLog.action.processApprove',
  'process.return': 'adminLog.action.processReturn',
  'process.migrate-cases': 'adminLog.action.processMigrate',
  'calendar.publish': 'adminLog.action.calendarPublish',
  'clock.advance': 'adminLog.action.clockAdvance',
  'audit.checkpoint': 'adminLog.action.auditCheckpoint',
};
const ACTIONS = Object.keys(ACTION_LABELS);
const isAdminAction = (action: string): action is AdminAction => Object.hasOwn(ACTION_LABELS, action);
const DAY = 86_400_000;
const PAGE = 50;

/** The filters as the form holds them. */
interface Filters {
  action: string;
  actor: string;
  from: string;
  to: string;
}

const NO_FILTERS: Filters = { action: '', actor: '', from: '', to: '' };

/** Start of a day picked in a date field, in the browser's time zone (epoch ms). */
function localDay(date: string): number | undefined {
  const time = new Date(`${date}T00:00`).getTime();
  return date === '' || Number.isNaN(time) ? undefined : time;
}

/** The query of a request for these filters; `to` includes its whole day. */
function logQuery(filters: Filters, extra: Pick<LogQuery, 'limit' | 'before' | 'format'> = {}): LogQuery {
  const from = localDay(filters.from);
  const to = localDay(filters.to);
  return {
    action: isAdminAction(filters.action) ? filters.action : undefined,
    actor: filters.actor.trim() || undefined,
    from: from === undefined ? undefined : String(from),
    to: to === undefined ? undefined : String(to + DAY),
    ...extra,
  };
}

/** The query string of a download of the log for these filters. */
function filterQuery(filters: Filters, format: 'csv' | 'json'): string {
  return query(logQuery(filters, { format }));
}

/** Reads a page of the log. */
function readLog(params: LogQuery, signal?: AbortSignal) {
  return ok(client.GET('/api/audit/log', { params: { query: params }, signal }));
}

/** The administrative audit log page. */
export function AdminLogPage() {
  const { t, language } = useI18n();
  const [form, setForm] = useState<Filters>(NO_FILTERS);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [rows, setRows] = useState<AdminLogEntry[]>([]);
  const [nextBefore, setNextBefore] = useState<number>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    readLog(logQuery(filters, { limit: PAGE }), controller.signal)
      .then((page) => {
        setRows(page.items);
        setNextBefore(page.nextBefore);
        setError(undefined);
      })
      .catch((caught: unknown) => {
        if (!controller.signal.aborted) setError(caught);
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [filters]);

  const older = async () => {
    try {
      const page = await readLog(logQuery(filters, { limit: PAGE, before: nextBefore }));
      setRows((current) => [...current, ...page.items]);
      setNextBefore(page.nextBefore);
    } catch (caught) {
      setError(caught);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFilters(form);
  };
  const label = (action: string) => (isAdminAction(action) ? t(ACTION_LABELS[action]) : action);

  return (
    <section aria-labelledby="admin-log-title">
      <div className="page-head">
        <div>
          <p><Link to="/audit">{t('common.back')}</Link></p>
          <h1 id="admin-log-title">{t('audit.adminLog')}</h1>
          <p className="muted">{t('adminLog.intro')}</p>
        </div>
        <div className="input-row page-actions">
          <a className="button" href={`/api/audit/log${filterQuery(filters, 'csv')}`} download>{t('adminLog.exportCsv')}</a>
          <a className="button" href={`/api/audit/log${filterQuery(filters, 'json')}`} download>{t('adminLog.exportJson')}</a>
        </div>
      </div>
      <form className="filters" onSubmit={submit} role="search" aria-label={t('adminLog.filters')}>
        <div className="field">
          <label htmlFor="log-action">{t('adminLog.action')}</label>
          <select id="log-action" value={form.action} onChange={(e) => setForm({ ...form, action: e.target.value })}>
            <option value="">{t('common.all')}</option>
            {ACTIONS.map((action) => <option key={action} value={action}>{label(action)}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="log-actor">{t('adminLog.actor')}</label>
          <input id="log-actor" value={form.actor} onChange={(e) => setForm({ ...form, actor: e.target.value })} placeholder={t('login.username')} />
        </div>
        <div className="field">
          <label htmlFor="log-from">{t('adminLog.from')}</label>
          <input id="log-from" type="date" value={form.from} onChange={(e) => setForm({ ...form, from: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="log-to">{t('adminLog.to')}</label>
          <input id="log-to" type="date" value={form.to} onChange={(e) => setForm({ ...form, to: e.target.value })} />
        </div>
        <div className="field field-inline">
          <button type="submit" className="button-primary">{t('filter.apply')}</button>
        </div>
      </form>
      <div aria-live="polite">{error !== undefined && <Notice kind="error">{errorText(error)}</Notice>}</div>
      {!loading && rows.length === 0 && error === undefined && <p className="empty">{t('adminLog.empty')}</p>}
      {rows.length > 0 && (
        <div className="table-scroll">
          <table className="cases admin-log">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{t('adminLog.at')}</th>
                <th scope="col">{t('adminLog.actor')}</th>
                <th scope="col">{t('adminLog.action')}</th>
                <th scope="col">{t('adminLog.target')}</th>
                <th scope="col">{t('adminLog.details')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((entry) => (
                <tr key={entry.seq}>
                  <td className="nowrap">{entry.seq}</td>
                  <td className="nowrap">{formatTime(entry.at, language)}</td>
                  <td>{entry.actorName}</td>
                  <td>{label(entry.action)}</td>
                  <td className="case-id">{entry.target}</td>
                  <td>
                    <code>{JSON.stringify(entry.details)}</code>
                    <div className="muted" title={entry.hash}>{t('adminLog.hash', { hash: entry.hash.slice(0, 12) })}</div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {nextBefore !== undefined && (
        <div className="list-foot"><span /><button type="button" onClick={() => void older()}>{t('adminLog.older')}</button></div>
      )}
    </section>
  );
}
