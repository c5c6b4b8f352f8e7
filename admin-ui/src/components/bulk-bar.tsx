/**
 * The bar over a case list when rows are selected: claim, release, assign to a person, or send
 * one action to every selected case; and, once run, what happened to each case.
 */
import { useState } from 'react';
import { AssignForm } from './assign-form.js';
import { EventForm } from './event-form.js';
import { Notice, errorText } from './notice.js';
import { pickLabel, useI18n } from '../i18n/index.js';
import { sharedEvents } from '../lib/bulk-events.js';
import { useNames } from '../lib/people.js';
import { eventLabels, type ProcessInfo } from '../lib/processes.js';
import { assignersOf, bulkApply, claimable, type BulkAnswer, type BulkRequest } from '../lib/work.js';
import { Link } from '../router.js';
import type { AvailableEvent, CaseListItem } from '../types.js';

/** Props: the selected cases, their processes, the user's roles, and what to do after a run. */
export interface BulkBarProps {
  items: CaseListItem[];
  processes: Map<string, ProcessInfo>;
  roles: string[];
  /** Called with the answer and the cases it was about (as they were before). */
  onDone(answer: BulkAnswer, items: CaseListItem[]): void;
  onClear(): void;
  /** Usernames known to the page, suggested in the person picker. */
  known?: string[];
  /** Offer Claim where a selected case could be claimed (not on the workload page, whose cases are held). */
  claim?: boolean;
}

/** The bulk bar (render it only while something is selected). */
export function BulkBar({ items, processes, roles, onDone, onClear, known, claim = true }: BulkBarProps) {
  const { t, language } = useI18n();
  const [mode, setMode] = useState<'assign' | 'event'>();
  const [event, setEvent] = useState<AvailableEvent>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const ids = items.map((item) => item.id);
  const canClaim = claim && items.some((item) => claimable(item, roles, processes.get(item.processId)?.document));
  const canRelease = items.some((item) => item.assignee !== undefined);
  const assigner = items.some((item) => roles.some((role) => assignersOf(processes.get(item.processId)?.document).includes(role)));
  const events = mode === 'event' ? sharedEvents(items, processes, roles) : [];
  const labelOf = (action: AvailableEvent) => {
    if (action.label) return pickLabel(action.label, language);
    for (const item of items) {
      const label = eventLabels(processes.get(item.processId)?.document).get(action.type);
      if (label) return pickLabel(label, language);
    }
    return action.type;
  };

  const run = async (request: BulkRequest) => {
    setBusy(true);
    setError(undefined);
    try {
      const answer = await bulkApply(ids, request);
      setMode(undefined);
      setEvent(undefined);
      onDone(answer, items);
    } finally {
      setBusy(false);
    }
  };
  /** Runs a request without a form of its own: a refusal of the whole request shows in the bar. */
  const runFromBar = (request: BulkRequest) => { run(request).catch((caught: unknown) => setError(errorText(caught))); };

  return (
    <section className="bulk-bar" aria-label={t('bulk.title')}>
      <div className="bulk-row">
        <strong>{t('bulk.selected', { n: items.length })}</strong>
        {canClaim && <button type="button" disabled={busy} onClick={() => runFromBar({ action: 'claim' })}>{t('work.claim')}</button>}
        {canRelease && <button type="button" disabled={busy} onClick={() => runFromBar({ action: 'release' })}>{t('work.release')}</button>}
        {assigner && (
          <button type="button" disabled={busy} aria-expanded={mode === 'assign'} onClick={() => setMode(mode === 'assign' ? undefined : 'assign')}>{t('work.assignTo')}</button>
        )}
        <button type="button" disabled={busy} aria-expanded={mode === 'event'} onClick={() => { setEvent(undefined); setMode(mode === 'event' ? undefined : 'event'); }}>{t('bulk.event')}</button>
        <button type="button" className="button-quiet" onClick={onClear}>{t('bulk.clear')}</button>
        {busy && <span className="muted" role="status">{t('bulk.working')}</span>}
      </div>
      {error && <Notice kind="error">{error}</Notice>}
      {mode === 'assign' && (
        <AssignForm known={known} submitLabel={t('bulk.send', { n: items.length })}
          assign={(to, reason) => run(reason ? { action: 'assign', to, reason } : { action: 'assign', to })}
          onCancel={() => setMode(undefined)} />
      )}
      {mode === 'event' && (events.length === 0 ? <p className="muted">{t('bulk.noEvents')}</p> : (
        <div className="bulk-event">
          <div className="field">
            <label htmlFor="bulk-event-type">{t('adminLog.action')}</label>
            <select id="bulk-event-type" value={event?.type ?? ''} onChange={(e) => setEvent(events.find((a) => a.type === e.target.value))}>
              <option value="">{t('form.choose')}</option>
              {events.map((action) => <option key={action.type} value={action.type}>{labelOf(action)}</option>)}
            </select>
          </div>
          {event && (
            <EventForm key={event.type} action={{ ...event, label: `${labelOf(event)} · ${t('bulk.send', { n: items.length })}` }}
              send={(input) => run({ action: 'event', type: event.type, input })} onCancel={() => setEvent(undefined)} />
          )}
        </div>
      ))}
    </section>
  );
}

/** What a bulk run did to each case: succeeded (new state or holder) or refused and why. */
export function BulkOutcomeList({ answer, items, processes, onClose }: { answer: BulkAnswer; items: CaseListItem[]; processes: Map<string, ProcessInfo>; onClose(): void }) {
  const { t, language } = useI18n();
  const names = useNames();
  const byId = new Map(items.map((item) => [item.id, item]));
  const titles = new Map(items.map((item) => [item.id, item.title]));
  const stateLabel = (caseId: string, state: string) => {
    const processId = byId.get(caseId)?.processId;
    return pickLabel((processId ? processes.get(processId)?.stateLabels.get(state) : undefined) ?? state, language);
  };
  return (
    <section className="bulk-outcome card" aria-labelledby="bulk-outcome-title">
      <div className="bulk-row">
        <h2 id="bulk-outcome-title">{t('bulk.outcome')}</h2>
        <Notice kind={answer.refused === 0 ? 'success' : 'warning'}>{t('bulk.summary', { ok: answer.succeeded, refused: answer.refused })}</Notice>
        <button type="button" className="button-quiet" onClick={onClose}>{t('common.close')}</button>
      </div>
      <ul className="outcome-list">
        {answer.results.map((result) => (
          <li key={result.caseId} className={result.ok ? 'outcome-ok' : 'outcome-refused'} data-case={result.caseId}>
            <Link to={`/cases/${encodeURIComponent(result.caseId)}`}>{titles.get(result.caseId) ? `${titles.get(result.caseId)} · ${result.caseId}` : result.caseId}</Link>
            {result.ok ? (
              <span><strong>{t('bulk.ok')}</strong> · {stateLabel(result.caseId, result.state)}{result.assignee ? ` · ${names.person(result.assignee)}` : ''}</span>
            ) : (
              <span><strong>{t('bulk.refused')}</strong>{t('work.because', { reason: result.message })}</span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
