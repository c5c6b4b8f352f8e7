/**
 * An auditor's view of one case: every event step by step, the state the record says beside
 * the state the replay reached, the chain check, and exports of the history.
 */
import { Notice, errorText } from '../components/notice.js';
import { pickLabel, useI18n } from '../i18n/index.js';
import { formatTime } from '../lib/clock.js';
import { DataList } from '../components/data-list.js';
import { caseWords, unitFieldOf } from '../lib/case-words.js';
import { useNames } from '../lib/people.js';
import { download, historyCsv } from '../lib/export.js';
import { useProcessVersion } from '../lib/processes.js';
import { client, ok } from '../api.js';
import { readCase, readHistory } from '../lib/cases.js';
import { useApi } from '../lib/use-api.js';
import { Link } from '../router.js';
import { useServerLabels } from '../session.js';

/** The case data a replayed snapshot holds. */
function snapshotData(snapshot: unknown): Record<string, unknown> {
  if (typeof snapshot !== 'object' || snapshot === null || !('data' in snapshot)) return {};
  const data: unknown = snapshot.data;
  return typeof data === 'object' && data !== null && !Array.isArray(data) ? Object.fromEntries(Object.entries(data)) : {};
}

/** The case audit page. */
export function CaseAuditPage({ id }: { id: string }) {
  const { t, language } = useI18n();
  const view = useApi(['/api/cases/{id}', id], (signal) => readCase(id, signal));
  const replay = useApi(['/api/cases/{id}/replay', id], (signal) => ok(client.GET('/api/cases/{id}/replay', { params: { path: { id } }, signal })));
  const history = useApi(['/api/cases/{id}/history', id], (signal) => readHistory(id, signal));
  const process = useProcessVersion(view.data?.processId, view.data?.version);
  const events = history.data?.events ?? [];
  const bySeq = new Map(events.map((e) => [e.seq, e]));
  const names = useNames();
  const named = useServerLabels();
  const words = caseWords(process, language, t, names.unit);
  const stateLabel = words.state;
  const result = replay.data;

  return (
    <article aria-labelledby="replay-title" className="case-audit">
      <div className="page-head">
        <div>
          <h1 id="replay-title">{t('replay.title', { id })}</h1>
          <p className="muted">{pickLabel(process?.name ?? view.data?.processId ?? '', language)} · <Link to={`/cases/${encodeURIComponent(id)}`}>{id}</Link></p>
        </div>
        <div className="export-buttons">
          <button type="button" disabled={events.length === 0}
            onClick={() => download(`case-${id}-history.json`, 'application/json', JSON.stringify({ caseId: id, events, replay: result }, null, 2))}>
            {t('export.json')}
          </button>
          <button type="button" disabled={events.length === 0}
            onClick={() => download(`case-${id}-history.csv`, 'text/csv;charset=utf-8', '\ufeff' + historyCsv(events, words, language, { person: names.person, roles: named.roles }, t))}>
            {t('export.csv')}
          </button>
        </div>
      </div>
      {replay.error !== undefined && <Notice kind="error">{errorText(replay.error)}</Notice>}
      {history.error !== undefined && <Notice kind="error">{errorText(history.error)}</Notice>}
      {!result && replay.loading && <p>{t('common.loading')}</p>}
      {result && (
        <div className="replay-verdicts">
          <Notice kind={result.consistent ? 'success' : 'error'}>{result.consistent ? t('replay.consistent') : t('replay.inconsistent')}</Notice>
          <Notice kind={result.chainValid ? 'success' : 'error'}>{result.chainValid ? t('replay.chainValid') : t('replay.chainBroken', { seq: result.brokenAt ?? '?' })}</Notice>
        </div>
      )}
      {result && (
        <ol className="replay-steps">
          {result.steps.map((step) => {
            const event = bySeq.get(step.seq);
            return (
              <li key={step.seq} className={`card replay-step ${step.consistent ? 'step-ok' : 'step-bad'}`}>
                <div className="replay-step-head">
                  <span className="timeline-seq">{t('replay.step')} {step.seq}</span>
                  <strong>{words.event(step.type)}</strong>
                  {event && <span className="muted">{formatTime(event.at, language)} · {event.timer ? t('history.timer', { what: words.timer(event.timer.key), count: event.timer.count }) : t('history.by', { actor: names.person(event.actor) })}</span>}
                  <span className={step.consistent ? 'verdict verdict-ok' : 'verdict verdict-bad'}>{step.consistent ? `✓ ${t('replay.match')}` : `✗ ${t('replay.mismatch')}`}</span>
                </div>
                <div className="replay-compare">
                  <div>
                    <h3>{t('replay.recorded')}</h3>
                    <p><span className="state-pill">{stateLabel(step.recorded.to)}</span> <span className="muted">{t('case.revision')} {step.recorded.revision}</span></p>
                    {event?.input && Object.keys(event.input).length > 0 && (
                      <dl className="timeline-input">
                        {words.input(event.type, event.input).map(([title, value]) => <div key={title}><dt>{title}</dt><dd>{value}</dd></div>)}
                      </dl>
                    )}
                  </div>
                  <div>
                    <h3>{t('replay.replayed')}</h3>
                    <p><span className="state-pill">{stateLabel(step.replayed.to)}</span></p>
                    <details>
                      <summary>{t('case.data')}</summary>
                      <DataList data={snapshotData(step.replayed.snapshot)} schema={process?.dataSchema} unitField={unitFieldOf(process?.document)} unitLabel={names.unit} />
                    </details>
                  </div>
                </div>
                {step.differences && step.differences.length > 0 && <p className="field-error">{t('replay.differences', { fields: step.differences.join(', ') })}</p>}
                {event && <p className="hash"><span className="muted">{t('replay.hash')}</span> <code>{event.hash}</code></p>}
              </li>
            );
          })}
        </ol>
      )}
    </article>
  );
}
