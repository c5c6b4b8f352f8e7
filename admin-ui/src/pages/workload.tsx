/**
 * Workload of the people in the reader's units: open, overdue and due-today cases per person.
 * Choosing a person lists their open cases, to reassign one or many (select, pick, assign).
 */
import { useEffect, useState } from 'react';
import { client, ok } from '../api.js';
import { readWorkload } from '../components/assign-form.js';
import { BulkBar, BulkOutcomeList } from '../components/bulk-bar.js';
import { CaseTable } from '../components/case-table.js';
import { Notice, errorText } from '../components/notice.js';
import { pickLabel, useI18n } from '../i18n/index.js';
import { useProcessDefinitions, useProcessSummaries } from '../lib/processes.js';
import { useNames } from '../lib/people.js';
import { query } from '../lib/query-string.js';
import { useApi } from '../lib/use-api.js';
import type { BulkAnswer } from '../lib/work.js';
import { Link, useLocation } from '../router.js';
import { useSession } from '../session.js';
import type { CaseListItem } from '../types.js';

/** The workload page. */
export function WorkloadPage() {
  const { t, language } = useI18n();
  const { user } = useSession();
  const names = useNames();
  const person = useLocation().search.get('person') ?? '';
  const workload = useApi(['/api/workload'], readWorkload);
  const cases = useApi(person ? ['/api/cases', { assignee: person, status: 'active', limit: 200 }] : null, (signal) =>
    ok(client.GET('/api/cases', { params: { query: { assignee: person, status: 'active', limit: 200 } }, signal })));
  const { processes } = useProcessSummaries();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [outcome, setOutcome] = useState<{ answer: BulkAnswer; items: CaseListItem[] }>();
  const items = person ? cases.data?.items ?? [] : [];
  const byId = useProcessDefinitions(items.map((item) => item.processId));
  const processNames = new Map(processes.map((p) => [p.processId, p.name]));
  const people = workload.data?.people ?? [];

  useEffect(() => {
    setSelected(new Set());
    setOutcome(undefined);
  }, [person]);

  const select = (ids: string[], on: boolean) => setSelected((previous) => {
    const next = new Set(previous);
    for (const id of ids) if (on) next.add(id); else next.delete(id);
    return next;
  });
  const bulkDone = (answer: BulkAnswer, about: CaseListItem[]) => {
    setOutcome({ answer, items: about });
    setSelected(new Set(answer.results.filter((r) => !r.ok).map((r) => r.caseId)));
    cases.reload();
    workload.reload();
  };
  const selectedItems = items.filter((item) => selected.has(item.id));

  return (
    <section aria-labelledby="workload-title">
      <div className="page-head"><h1 id="workload-title">{t('nav.workload')}</h1></div>
      <p className="muted">{t('workload.intro')}</p>
      {workload.error !== undefined && <Notice kind="error">{errorText(workload.error)}</Notice>}
      {workload.loading && !workload.data ? <p>{t('common.loading')}</p> : people.length === 0 ? <p className="empty">{t('workload.empty')}</p> : (
        <div className="table-scroll">
          <table className="cases workload">
            <thead>
              <tr>
                <th scope="col">{t('workload.person')}</th>
                <th scope="col" className="num">{t('workload.open')}</th>
                <th scope="col" className="num">{t('workload.overdue')}</th>
                <th scope="col" className="num">{t('workload.dueToday')}</th>
              </tr>
            </thead>
            <tbody>
              {people.map((row) => (
                <tr key={row.username} className={row.username === person ? 'row-selected' : undefined} data-person={row.username}>
                  <th scope="row">
                    <Link to={`/workload${query({ person: row.username })}`} aria-label={t('workload.show', { user: row.username })}
                      aria-current={row.username === person ? 'true' : undefined}>{names.person(row.username)}</Link>
                  </th>
                  <td className="num">{row.open}</td>
                  <td className={row.overdue > 0 ? 'num figure-bad' : 'num'}>{row.overdue}</td>
                  <td className="num">{row.dueToday}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {person && (
        <section className="workload-cases" aria-labelledby="person-cases-title">
          <h2 id="person-cases-title">{t('workload.casesOf', { user: names.person(person) })}</h2>
          {cases.error !== undefined && <Notice kind="error">{errorText(cases.error)}</Notice>}
          {outcome && <BulkOutcomeList answer={outcome.answer} items={outcome.items} processes={byId} onClose={() => setOutcome(undefined)} />}
          {selectedItems.length > 0 && (
            <BulkBar claim={false} items={selectedItems} processes={byId} roles={user?.roles ?? []} known={people.map((p) => p.username)}
              onDone={bulkDone} onClear={() => setSelected(new Set())} />
          )}
          {cases.loading && !cases.data ? <p>{t('common.loading')}</p> : items.length === 0 ? <p className="empty">{t('inbox.empty')}</p> : (
            <CaseTable items={items} processes={byId} processNames={processNames} selected={selected} onSelect={select} roles={user?.roles ?? []} />
          )}
        </section>
      )}
    </section>
  );
}
