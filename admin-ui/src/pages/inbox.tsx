/**
 * Staff inbox, as views: cases assigned to me, my roles' queues, waiting on my decision, and all
 * I can see; filtered by process, state, status and overdue, sorted by due time, searched by
 * case id or customer. Rows are selected for bulk actions; queued rows can be claimed.
 */
import { useEffect, useState, type FormEvent, type KeyboardEvent } from 'react';
import { client, ok } from '../api.js';
import type { operations } from '../api-schema.js';
import { BulkBar, BulkOutcomeList } from '../components/bulk-bar.js';
import { CaseTable } from '../components/case-table.js';
import { Notice, errorText } from '../components/notice.js';
import { SavedFilters } from '../components/saved-filters.js';
import { pickLabel, useI18n } from '../i18n/index.js';
import type { MessageKey } from '../i18n/en.js';
import { useNames } from '../lib/people.js';
import { query } from '../lib/query-string.js';
import { useProcessDefinitions, useProcessSummaries } from '../lib/processes.js';
import { claimCase, type BulkAnswer } from '../lib/work.js';
import { Link, navigate, useLocation } from '../router.js';
import { useServerLabels, useSession } from '../session.js';
import type { CaseListItem } from '../types.js';

/** The inbox views, in tab order. */
const VIEWS = ['assigned', 'queue', 'waiting', 'all'] as const;
type View = (typeof VIEWS)[number];
const SORTS = ['updated', 'due', 'created'] as const;
type Sort = (typeof SORTS)[number];

interface Filters {
  view: View;
  process: string;
  state: string;
  unit: string;
  status: string;
  overdue: boolean;
  search: string;
  sort: Sort;
}

function filtersFrom(search: URLSearchParams): Filters {
  const view = search.get('view') ?? (search.get('scope') === 'all' ? 'all' : 'assigned');
  const sort = search.get('sort') ?? 'updated';
  return {
    view: VIEWS.find((v) => v === view) ?? 'assigned',
    process: search.get('process') ?? '',
    state: search.get('state') ?? '',
    unit: search.get('unit') ?? '',
    status: search.get('status') ?? 'active',
    overdue: search.get('overdue') === 'true',
    search: search.get('search') ?? '',
    sort: SORTS.find((s) => s === sort) ?? 'updated',
  };
}

/** The page's query parameters for these filters (defaults left out). */
function pageParams(filters: Filters): Record<string, string> {
  const params: Record<string, string | undefined> = {
    view: filters.view === 'assigned' ? undefined : filters.view,
    process: filters.process,
    state: filters.state,
    unit: filters.unit,
    status: filters.status === 'active' ? undefined : filters.status,
    overdue: filters.overdue ? 'true' : undefined,
    search: filters.search,
    sort: filters.sort === 'updated' ? undefined : filters.sort,
  };
  const kept: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) if (value) kept[key] = value;
  return kept;
}

/** The query of `GET /api/cases`. */
type CaseQuery = NonNullable<operations['listCases']['parameters']['query']>;
const STATUSES = ['active', 'done'] as const;

/** The list query for these filters, from `after` when given. */
function listQuery(filters: Filters, after?: string): CaseQuery {
  return {
    view: filters.view,
    process: filters.process || undefined,
    state: filters.state || undefined,
    unit: filters.unit || undefined,
    status: STATUSES.find((status) => status === filters.status),
    overdue: filters.overdue || undefined,
    search: filters.search || undefined,
    sort: filters.sort === 'updated' ? undefined : filters.sort,
    cursor: after,
    limit: 50,
  };
}

/** Reads a page of cases. */
function readCases(params: CaseQuery, signal?: AbortSignal) {
  return ok(client.GET('/api/cases', { params: { query: params }, signal }));
}

const viewLabel: Record<View, MessageKey> = { assigned: 'view.assigned', queue: 'view.queue', waiting: 'view.waiting', all: 'view.all' };
const viewIntro: Record<View, MessageKey> = { assigned: 'view.assignedIntro', queue: 'view.queueIntro', waiting: 'view.waitingIntro', all: 'view.allIntro' };

/** The inbox page. */
export function InboxPage() {
  const { t, language } = useI18n();
  const { user } = useSession();
  const named = useServerLabels();
  const roles = user?.roles ?? [];
  const location = useLocation();
  const filters = filtersFrom(location.search);
  const [searchText, setSearchText] = useState(filters.search);
  const { processes } = useProcessSummaries();
  const names = useNames();
  const units = names.directory.units.filter((unit) => user?.units === undefined || user.units.length === 0 || user.units.includes(unit.id) || unit.id === filters.unit);
  const [items, setItems] = useState<CaseListItem[]>([]);
  const [cursor, setCursor] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [outcome, setOutcome] = useState<{ answer: BulkAnswer; items: CaseListItem[] }>();
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string }>();
  const [claiming, setClaiming] = useState<Set<string>>(new Set());

  const key = JSON.stringify(listQuery(filters));

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    readCases(listQuery(filters), controller.signal)
      .then((page) => {
        setItems(page.items);
        setCursor(page.nextCursor ?? undefined);
        setError(undefined);
      })
      .catch((caught: unknown) => { if (!controller.signal.aborted) setError(caught); })
      .finally(() => { if (!controller.signal.aborted) setLoading(false); });
    return () => controller.abort();
  }, [key, tick]);

  useEffect(() => { setSelected(new Set()); }, [key]);

  const loadMore = async () => {
    if (!cursor) return;
    try {
      const page = await readCases(listQuery(filters, cursor));
      setItems((previous) => [...previous, ...page.items]);
      setCursor(page.nextCursor ?? undefined);
    } catch (caught) {
      setError(caught);
    }
  };

  const update = (change: Partial<Filters>) => {
    const next = { ...filters, ...change };
    if (change.process !== undefined) next.state = '';
    setMessage(undefined);
    navigate(`/inbox${query(pageParams(next))}`, { replace: change.view === undefined });
  };
  const submitSearch = (event: FormEvent) => {
    event.preventDefault();
    update({ search: searchText.trim() });
  };
  const select = (ids: string[], on: boolean) => setSelected((previous) => {
    const next = new Set(previous);
    for (const id of ids) if (on) next.add(id); else next.delete(id);
    return next;
  });
  const claim = async (item: CaseListItem) => {
    setClaiming((previous) => new Set(previous).add(item.id));
    try {
      await claimCase(item.id);
      setMessage({ kind: 'success', text: t('work.claimed', { id: item.id }) });
    } catch (caught) {
      setMessage({ kind: 'error', text: errorText(caught) });
    } finally {
      setClaiming((previous) => { const next = new Set(previous); next.delete(item.id); return next; });
      setTick((n) => n + 1);
    }
  };
  const bulkDone = (answer: BulkAnswer, about: CaseListItem[]) => {
    setOutcome({ answer, items: about });
    setMessage(undefined);
    setSelected(new Set(answer.results.filter((r) => !r.ok).map((r) => r.caseId)));
    setTick((n) => n + 1);
  };
  const tabKeys = (event: KeyboardEvent<HTMLButtonElement>, view: View) => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0) return;
    const next = VIEWS[(VIEWS.indexOf(view) + step + VIEWS.length) % VIEWS.length];
    update({ view: next });
    document.getElementById(`view-${next}`)?.focus();
  };

  const byId = useProcessDefinitions([...items.map((item) => item.processId), ...(filters.process ? [filters.process] : [])]);
  const processNames = new Map(processes.map((p) => [p.processId, p.name]));
  const chosen = filters.process ? byId.get(filters.process) : undefined;
  const states = chosen ? chosen.model.states.filter((s) => !s.parent) : [];
  const selectedItems = items.filter((item) => selected.has(item.id));
  const holders = [...new Set(items.map((item) => item.assignee).filter((name): name is string => name !== undefined))];

  return (
    <section aria-labelledby="inbox-title">
      <div className="page-head">
        <h1 id="inbox-title">{t('nav.inbox')}</h1>
        <Link to="/new" className="button button-primary">{t('nav.newCase')}</Link>
      </div>
      <div role="tablist" className="tabs view-tabs" aria-label={t('view.tabs')}>
        {VIEWS.map((view) => (
          <button key={view} id={`view-${view}`} type="button" role="tab" aria-selected={filters.view === view} aria-controls="inbox-panel"
            tabIndex={filters.view === view ? 0 : -1} className={filters.view === view ? 'tab tab-current' : 'tab'}
            onClick={() => update({ view })} onKeyDown={(e) => tabKeys(e, view)}>
            {t(viewLabel[view])}
          </button>
        ))}
      </div>
      <div id="inbox-panel" role="tabpanel" aria-labelledby={`view-${filters.view}`} className="tab-panel inbox-panel">
        <p className="muted">{t(viewIntro[filters.view])}</p>
        <SavedFilters current={pageParams(filters)} userId={user?.id} />
        <form className="filters" onSubmit={submitSearch} role="search">
          <div className="field">
            <label htmlFor="f-process">{t('filter.process')}</label>
            <select id="f-process" value={filters.process} onChange={(e) => update({ process: e.target.value })}>
              <option value="">{t('common.all')}</option>
              {processes.map((p) => <option key={p.processId} value={p.processId}>{pickLabel(p.name, language)}</option>)}
            </select>
          </div>
          <div className="field">
            <label htmlFor="f-state">{t('filter.state')}</label>
            <select id="f-state" value={filters.state} disabled={!chosen} onChange={(e) => update({ state: e.target.value })}>
              <option value="">{t('common.all')}</option>
              {states.map((s) => <option key={s.id} value={s.id}>{pickLabel(s.label, language)}</option>)}
            </select>
          </div>
          {units.length > 1 && (
            <div className="field">
              <label htmlFor="f-unit">{t('people.filterUnit')}</label>
              <select id="f-unit" value={filters.unit} onChange={(e) => update({ unit: e.target.value })}>
                <option value="">{t('common.all')}</option>
                {units.map((unit) => <option key={unit.id} value={unit.id}>{names.unit(unit.id)}</option>)}
              </select>
            </div>
          )}
          {(filters.view === 'assigned' || filters.view === 'all') && (
            <div className="field">
              <label htmlFor="f-status">{t('filter.status')}</label>
              <select id="f-status" value={filters.status} onChange={(e) => update({ status: e.target.value })}>
                <option value="any">{t('common.all')}</option>
                <option value="active">{named.status('active')}</option>
                <option value="done">{named.status('done')}</option>
              </select>
            </div>
          )}
          <div className="field">
            <label htmlFor="f-sort">{t('sort.label')}</label>
            <select id="f-sort" value={filters.sort} onChange={(e) => update({ sort: SORTS.find((s) => s === e.target.value) ?? 'updated' })}>
              {SORTS.map((sort) => <option key={sort} value={sort}>{t(`sort.${sort}`)}</option>)}
            </select>
          </div>
          <div className="field field-inline">
            <input id="f-overdue" type="checkbox" checked={filters.overdue} onChange={(e) => update({ overdue: e.target.checked })} />
            <label htmlFor="f-overdue">{t('filter.overdue')}</label>
          </div>
          <div className="field field-search">
            <label htmlFor="f-search">{t('filter.searchCase')}</label>
            <div className="input-row">
              <input id="f-search" type="search" value={searchText} placeholder={t('filter.searchCasePlaceholder')} onChange={(e) => setSearchText(e.target.value)} />
              <button type="submit">{t('filter.go')}</button>
            </div>
          </div>
        </form>
        {error !== undefined && <Notice kind="error">{errorText(error)}</Notice>}
        {message && <Notice kind={message.kind}>{message.text}</Notice>}
        {outcome && <BulkOutcomeList answer={outcome.answer} items={outcome.items} processes={byId} onClose={() => setOutcome(undefined)} />}
        {selectedItems.length > 0 && (
          <BulkBar items={selectedItems} processes={byId} roles={roles} known={holders} onDone={bulkDone} onClear={() => setSelected(new Set())} />
        )}
        {loading && items.length === 0 ? <p>{t('common.loading')}</p> : items.length === 0 ? (
          <p className="empty">{t('inbox.empty')}</p>
        ) : (
          <CaseTable items={items} processes={byId} processNames={processNames} selected={selected} onSelect={select}
            roles={roles} onClaim={(item) => void claim(item)} busy={claiming} />
        )}
        <div className="list-foot">
          <span className="muted">{t('inbox.count', { n: items.length })}</span>
          {cursor && <button type="button" onClick={() => void loadMore()}>{t('inbox.loadMore')}</button>}
        </div>
      </div>
    </section>
  );
}
