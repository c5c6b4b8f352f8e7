/**
 * A list of cases as a table: each named by its title, its process, state, assignee ("—" when
 * queued), next deadline and last update; rows can be selected for bulk actions, and a queued
 * row the user can take has a Claim button.
 */
import { CaseName } from './case-name.js';
import { Countdown } from './countdown.js';
import { pickLabel, useI18n } from '../i18n/index.js';
import { formatTime } from '../lib/clock.js';
import type { ProcessInfo } from '../lib/processes.js';
import { useNames } from '../lib/people.js';
import { claimable } from '../lib/work.js';
import type { CaseListItem } from '../types.js';

/** Props: the cases, labels, the selection, and the claim action (none: no Claim buttons). */
export interface CaseTableProps {
  items: CaseListItem[];
  processes: Map<string, ProcessInfo>;
  processNames: Map<string, string>;
  selected: Set<string>;
  onSelect(ids: string[], selected: boolean): void;
  /** The roles of the user, to offer Claim on queued rows they can act on. */
  roles: string[];
  onClaim?(item: CaseListItem): void;
  /** Case ids being claimed now (their buttons are disabled). */
  busy?: Set<string>;
}

/** The table. */
export function CaseTable({ items, processes, processNames, selected, onSelect, roles, onClaim, busy }: CaseTableProps) {
  const { t, language } = useI18n();
  const names = useNames();
  const allSelected = items.length > 0 && items.every((item) => selected.has(item.id));
  return (
    <div className="table-scroll">
      <table className="cases">
        <thead>
          <tr>
            <th scope="col" className="select-cell">
              <input type="checkbox" aria-label={t('select.all')} checked={allSelected}
                onChange={(e) => onSelect(items.map((item) => item.id), e.target.checked)} />
            </th>
            <th scope="col">{t('col.case')}</th>
            <th scope="col">{t('filter.process')}</th>
            <th scope="col">{t('filter.state')}</th>
            <th scope="col">{t('col.assignee')}</th>
            <th scope="col">{t('col.due')}</th>
            <th scope="col" className="col-updated">{t('col.updated')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => {
            const process = processes.get(item.processId);
            const hasDeadline = item.status === 'active' && item.nextDueAt !== undefined;
            const classes = [item.status === 'done' ? 'row-done' : '', selected.has(item.id) ? 'row-selected' : ''].filter(Boolean).join(' ');
            return (
              <tr key={item.id} className={classes || undefined} data-case={item.id}>
                <td className="select-cell">
                  <input type="checkbox" aria-label={t('select.case', { id: item.id })} checked={selected.has(item.id)}
                    onChange={(e) => onSelect([item.id], e.target.checked)} />
                </td>
                <td className="case-cell"><CaseName item={item} to={`/cases/${encodeURIComponent(item.id)}`} /></td>
                <td>{pickLabel(processNames.get(item.processId) ?? item.processId, language)}</td>
                <td><span className="state-pill">{pickLabel(process?.stateLabels.get(item.state) ?? item.state, language)}</span></td>
                <td className="assignee-cell">
                  {item.assignee ? <span title={item.assignee}>{names.person(item.assignee)}</span> : t('common.none')}
                  {onClaim && claimable(item, roles, process?.document) && (
                    <button type="button" className="button-small" disabled={busy?.has(item.id)} onClick={() => onClaim(item)}
                      aria-label={`${t('work.claim')} ${item.id}`}>{t('work.claim')}</button>
                  )}
                </td>
                <td>{hasDeadline ? <Countdown dueAt={item.nextDueAt} /> : t('common.none')}</td>
                <td className="col-updated">{formatTime(item.updatedAt, language)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
