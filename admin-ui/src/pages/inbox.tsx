/**
 * Staff inbox: cases the user's roles can act on (or all), filtered by process, state and
 * overdue, searched by customer, each named by its title and with its next deadline counting down.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { api, query } from '../api.js';
import { CaseName } from '../components/case-name.js';
import { Countdown } from '../components/countdown.js';
import { Notice, errorText } from '../components/notice.js';
import { pickLabel, useI18n } from '../i18n/index.js';
import { formatTime } from '../lib/clock.js';
import { useProcessDefinitions, useProcessSummaries } from '../lib/processes.js';
import { Link, navigate, useLocation } from '../router.js';
import type { CaseList, CaseListItem } from '../types.js';

interface Filters {
  scope: 'mine' | 'all';
  process: string;
  state: string;
  status: string;
  overdue: boolean;
  search: string;
}

function filtersFrom(search: URLSearchParams): Filters {
  return {
    scope: search.get('scope') === 'all' ? 'all' : 'mine',
    process: search.get('process') ?? '',
    state: search.get('state') ?? '',
    status: search.get('status') ?? 'active',
    overdue: search.get('overdue') === 'true',
    search: search.get('search') ?? '',
  };
}

/** The inbox page. */
export function InboxPage() {
  const { t, language } = useI18n();
  const location = useLocation();
  const filters = filtersFrom(location.search);
  const [searchText, setSearchText] = useState(filters.search);
  const { processes } = useProcessSummaries();
  const [items, setItems] = useState<CaseListItem[]>([]);
  const [cursor, setCursor] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(true);

  const apiQuery = (after?: string) => query({
    process: filters.process || undefined,
    state: filters.state || undefined,
    status: filters.status === 'any' ? undefined : filters.status || undefined,
    overdue: filters.overdue || undefined,
    search: filters.search || undefined,
    mine: filters.scope === 'mine' || undefined,
    cursor: after,
    limit: 50,
  });
  const key = apiQuery();

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    api<CaseList>(`/api/cases${key}`, { signal: controller.signal })
      .then((page) => {
        setItems(page.items);
        setCursor(page.nextCursor ?? undefined);
        setError(undefined);
      })
      .catch((caught: unknown) => { if (!controller.signal.aborted) setError(caught); })
      .finally(() => { if (!controller.signal.aborted) setLoading(false); });
    return () => controller.abort();
  }, [key]);

  const loadMore = async () => {
    if (!cursor) return;
    try {
      const page = await api<CaseList>(`/api/cases${apiQuery(cursor)}`);
      setItems((previous) => [...previous, ...page.items]);
      setCursor(page.nextCursor ?? undefined);
    } catch (caught) {
      setError(caught);
    }
  };

  const update = (change: Partial<Filters>) => {
    const next = { ...filters, ...change };
    if (change.process !== undefined) next.state = '';
    navigate(`/inbox${query({ ...next, overdue: next.overdue || undefined, scope: next.scope === 'mine' ? undefined : 'all', status: next.status === 'active' ? undefined : next.status })}`, { replace: true });
  };
  const submitSearch = (event: FormEvent) => {
    event.preventDefault();
    update({ search: searchText.trim() });
  };

  const byId = useProcessDefinitions([...items.map((item) => item.processId), ...(filters.process ? [filters.process] : [])]);
  const names = new Map(processes.map((p) => [p.processId, p.name]));
  const selected = filters.process ? byId.get(filters.process) : undefined;
  const states = selected ? selected.model.states.filter((s) => !s.parent) : [];

  return (
    <section aria-labelledby="inbox-title">
      <div className="page-head">
        <h1 id="inbox-title">{t('inbox.title')}</h1>
        <Link to="/new" className="button button-primary">{t('nav.newCase')}</Link>
      </div>
      <p className="muted">{t('inbox.intro')}</p>
      <form className="filters" onSubmit={submitSearch} role="search">
        <div className="field">
          <label htmlFor="f-scope">{t('inbox.scope')}</label>
          <select id="f-scope" value={filters.scope} onChange={(e) => update({ scope: e.target.value === 'all' ? 'all' : 'mine' })}>
            <option value="mine">{t('inbox.scopeMine')}</option>
            <option value="all">{t('inbox.scopeAll')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-process">{t('filter.process')}</label>
          <select id="f-process" value={filters.process} onChange={(e) => update({ process: e.target.value })}>
            <option value="">{t('common.all')}</option>
            {processes.map((p) => <option key={p.processId} value={p.processId}>{pickLabel(p.name, language)}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-state">{t('filter.state')}</label>
          <select id="f-state" value={filters.state} disabled={!selected} onChange={(e) => update({ state: e.target.value })}>
            <option value="">{t('common.all')}</option>
            {states.map((s) => <option key={s.id} value={s.id}>{pickLabel(s.label, language)}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-status">{t('filter.status')}</label>
          <select id="f-status" value={filters.status} onChange={(e) => update({ status: e.target.value })}>
            <option value="any">{t('common.all')}</option>
            <option value="active">{t('status.active')}</option>
            <option value="done">{t('status.done')}</option>
          </select>
        </div>
        <div className="field field-inline">
          <input id="f-overdue" type="checkbox" checked={filters.overdue} onChange={(e) => update({ overdue: e.target.checked })} />
          <label htmlFor="f-overdue">{t('filter.overdue')}</label>
        </div>
        <div className="field field-search">
          <label htmlFor="f-search">{t('filter.search')}</label>
          <div className="input-row">
            <input id="f-search" type="search" value={searchText} placeholder={t('filter.searchPlaceholder')} onChange={(e) => setSearchText(e.target.value)} />
            <button type="submit">{t('filter.go')}</button>
          </div>
        </div>
      </form>
      {error !== undefined && <Notice kind="error">{errorText(error)}</Notice>}
      {loading && items.length === 0 ? <p>{t('common.loading')}</p> : items.length === 0 ? (
        <p className="empty">{t('inbox.empty')}</p>
      ) : (
        <div className="table-scroll">
          <table className="cases">
            <thead>
              <tr>
                <th scope="col">{t('col.case')}</th>
                <th scope="col">{t('col.process')}</th>
                <th scope="col">{t('col.state')}</th>
                <th scope="col">{t('col.due')}</th>
                <th scope="col">{t('col.updated')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => {
                const process = byId.get(item.processId);
                const hasDeadline = item.status === 'active' && item.nextDueAt !== undefined;
                return (
                  <tr key={item.id} className={item.status === 'done' ? 'row-done' : undefined}>
                    <td className="case-cell"><CaseName item={item} to={`/cases/${encodeURIComponent(item.id)}`} /></td>
                    <td>{pickLabel(names.get(item.processId) ?? item.processId, language)}</td>
                    <td><span className="state-pill">{pickLabel(process?.stateLabels.get(item.state) ?? item.state, language)}</span></td>
                    <td>{hasDeadline ? <Countdown dueAt={item.nextDueAt} /> : t('common.none')}</td>
                    <td>{formatTime(item.updatedAt, language)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <div className="list-foot">
        <span className="muted">{t('inbox.count', { n: items.length })}</span>
        {cursor && <button type="button" onClick={() => void loadMore()}>{t('inbox.loadMore')}</button>}
      </div>
    </section>
  );
}
