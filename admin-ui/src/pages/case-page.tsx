/**
 * One case for staff: its data, where it is on the diagram, its deadlines, the actions the
 * user may take (each a generated form), and its history.
 */
import { lazy, Suspense, useState } from 'react';
import { ApiError } from '../api.js';
import { CaseHolder } from '../components/case-holder.js';
import { CustomerHistory } from '../components/customer-history.js';
import { Countdown } from '../components/countdown.js';
import { DataList } from '../components/data-list.js';
import { EventForm } from '../components/event-form.js';
import { NoteForm } from '../components/note-form.js';
import { Notice, errorText } from '../components/notice.js';
import { Timeline } from '../components/timeline.js';
import { activeStates } from '../diagram/model.js';
import { pickLabel, useI18n } from '../i18n/index.js';
import { formatTime, syncServerClock } from '../lib/clock.js';
import { caseWords, unitFieldOf } from '../lib/case-words.js';
import { eventLabels, useProcessVersion } from '../lib/processes.js';
import { readCase, readHistory, sendEvent } from '../lib/cases.js';
import { useApi } from '../lib/use-api.js';
import { useNames } from '../lib/people.js';
import { formatFigure } from '../lib/work.js';
import { Link } from '../router.js';
import { useServerLabels, useSession } from '../session.js';
import { caseData, type AvailableEvent, type CaseView } from '../types.js';

// The diagram's layout library loads with the diagram, after the case itself.
const StateDiagram = lazy(() => import('../diagram/state-diagram.js').then((m) => ({ default: m.StateDiagram })));

/** The case page. */
export function CasePage({ id }: { id: string }) {
  const { t, language } = useI18n();
  const { user } = useSession();
  const named = useServerLabels();
  const names = useNames();
  const view = useApi(['/api/cases/{id}', id], (signal) => readCase(id, signal));
  const history = useApi(['/api/cases/{id}/history', id], (signal) => readHistory(id, signal));
  const process = useProcessVersion(view.data?.processId, view.data?.version);
  const [open, setOpen] = useState<AvailableEvent>();
  const [message, setMessage] = useState<{ kind: 'success' | 'warning'; text: string }>();

  if (view.error !== undefined && !view.data) return <Notice kind="error">{errorText(view.error)}</Notice>;
  const current = view.data;
  if (!current) return <p>{t('common.loading')}</p>;

  const stateLabel = (state: string) => process?.stateLabels.get(state) ?? state;
  const labels = eventLabels(process?.document);
  const eventLabel = (type: string) => labels.get(type) ?? type;

  const send = async (action: AvailableEvent, input: Record<string, unknown>) => {
    try {
      const next = await sendEvent(id, current.revision, { type: action.type, input });
      view.setData(next);
      void syncServerClock();
      setOpen(undefined);
      setMessage({ kind: 'success', text: t('case.done', { state: pickLabel(stateLabel(next.state), language) }) });
      history.reload();
    } catch (caught) {
      if (caught instanceof ApiError && (caught.status === 409 || caught.status === 412)) {
        const fresh = await readCase(id);
        view.setData(fresh);
        setOpen(undefined);
        history.reload();
        setMessage({ kind: 'warning', text: t('case.conflict', { state: pickLabel(stateLabel(fresh.state), language) }) });
        return;
      }
      throw caught;
    }
  };

  const changed = (next: CaseView, text: string) => {
    view.setData(next);
    setOpen(undefined);
    setMessage({ kind: 'success', text });
    history.reload();
  };

  const active = activeStates(current.snapshot?.value ?? current.state);
  const approval = current.approval;
  const auditor = user?.rights.audit ?? false;
  return (
    <article className="case-page" aria-labelledby="case-title">
      <div className="page-head">
        <div>
          <h1 id="case-title">{t('case.title', { id: current.id })}</h1>
          {/* Plain text from the server (not HTML-escaped there); React escapes it, once. */}
          <p className="case-headline" data-testid="case-headline">{current.title || t('case.untitled')}</p>
          <p className="muted">
            {pickLabel(process?.name ?? current.processId, language)} · {t('case.version')} {current.version} · {t('case.revision')} {current.revision}
            {' · '}{t('case.createdBy', { user: current.createdBy, date: formatTime(current.createdAt, language) })}
          </p>
          {current.parentId && <p><Link to={`/cases/${encodeURIComponent(current.parentId)}`}>{t('case.parent', { id: current.parentId })}</Link></p>}
        </div>
        <div className="state-summary">
          <span className="muted">{t('case.state')}</span>
          <span className={`state-pill state-pill-large${current.status === 'done' ? ' state-pill-done' : ''}`} data-testid="case-state">{pickLabel(stateLabel(current.state), language)}</span>
          <span className="muted">{named.status(current.status)}</span>
          {auditor && <Link to={`/audit/cases/${encodeURIComponent(current.id)}`}>{t('case.replay')}</Link>}
        </div>
      </div>
      {current.heldByOther && current.assignee && <Notice kind="warning"><span data-testid="held-by-other">{t('holder.heldByOther', { user: names.person(current.assignee) })}</span></Notice>}
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      <div className="case-grid">
        <div className="case-side">
          <section className="card" aria-labelledby="actions-title">
            <h2 id="actions-title">{t('case.actions')}</h2>
            {approval && (
              <div className="approval" data-testid="approval">
                <p className="muted">{t('approval.waiting', { roles: named.roles(approval.roles) })}</p>
                {approval.figure !== undefined && (
                  <p className="approval-figure">
                    <span className="approval-label">{pickLabel(approval.label ?? t('approval.figure'), language)}</span>
                    <strong className="approval-value">{formatFigure(approval.figure, language)}</strong>
                  </p>
                )}
              </div>
            )}
            {current.actions.length === 0 ? <p className="muted">{current.heldByOther && current.assignee ? t('holder.by', { user: names.person(current.assignee) }) : t('case.noActions')}</p> : (
              <div className="action-buttons">
                {current.actions.map((action) => (
                  <button key={action.type} type="button" className={open?.type === action.type ? 'button-primary' : ''}
                    aria-expanded={open?.type === action.type} onClick={() => { setMessage(undefined); setOpen(open?.type === action.type ? undefined : action); }}>
                    {pickLabel(action.label ?? eventLabel(action.type), language)}
                  </button>
                ))}
              </div>
            )}
            {open && <EventForm key={open.type} action={{ ...open, label: open.label ?? eventLabel(open.type) }} send={(input) => send(open, input)} onCancel={() => setOpen(undefined)} />}
          </section>
          {user && <CaseHolder view={current} user={user} document={process?.document} onChange={changed} />}
          <section className="card" aria-labelledby="deadlines-title">
            <h2 id="deadlines-title">{t('case.deadlines')}</h2>
            {current.deadlines.length === 0 ? <p className="muted">{t('case.noDeadlines')}</p> : (
              <ul className="deadlines">
                {current.deadlines.map((deadline) => (
                  <li key={deadline.id} className={deadline.overdue ? 'deadline-overdue' : undefined}>
                    <span className="deadline-label">{pickLabel(deadline.label ?? deadline.id, language)}</span>
                    <Countdown dueAt={deadline.dueAt} status={deadline.status} overdue={deadline.overdue}
                      remainingMs={deadline.withinMs - deadline.elapsedMs} />
                    {deadline.pauses > 0 && <span className="muted">{t('deadline.pauses', { n: deadline.pauses })}</span>}
                    {deadline.beyondCalendar !== undefined && <span className="deadline-guess" role="note">⚠ {t('deadline.beyondCalendar', { date: deadline.beyondCalendar })}</span>}
                  </li>
                ))}
              </ul>
            )}
          </section>
          <NoteForm caseId={current.id} onAdded={(next) => changed(next, t('note.added'))} />
        </div>
        <section className="card" aria-labelledby="data-title">
          <h2 id="data-title">{t('case.data')}</h2>
          <DataList data={caseData(current)} schema={process?.dataSchema} unitField={unitFieldOf(process?.document)} unitLabel={names.unit} />
        </section>
        <CustomerHistory caseId={current.id} />
        <section className="card case-diagram" aria-labelledby="diagram-title">
          <h2 id="diagram-title">{t('case.diagram')}</h2>
          {process ? (
            <Suspense fallback={<p className="muted diagram-loading">{t('common.loading')}</p>}>
              <StateDiagram model={process.model} active={active} title={t('case.diagram')} />
            </Suspense>
          ) : <p className="muted diagram-loading">{t('common.loading')}</p>}
        </section>
        <section className="card case-history" aria-labelledby="history-title">
          <h2 id="history-title">{t('case.history')}</h2>
          {history.error !== undefined && <Notice kind="error">{errorText(history.error)}</Notice>}
          <Timeline events={history.data?.events ?? []} words={caseWords(process, language, t, names.unit)} />
        </section>
      </div>
    </article>
  );
}
