/**
 * The editor's tab that moves running cases onto a later version: a plan built from the two
 * versions (a new state per old one, keep or recompute per deadline and timer, data to set), a
 * dry run that reports per case, and applying it page by page (resumable where it stopped).
 */
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useI18n } from '../i18n/index.js';
import { caseWords, type CaseWords } from '../lib/case-words.js';
import { formatTime } from '../lib/clock.js';
import { initialForm, migrationPage, planOf, runningCases, stateNames, timerOwners, type CaseMigration, type PlanForm } from '../lib/migration.js';
import { useProcessVersion } from '../lib/processes.js';
import { Link } from '../router.js';
import type { ProcessSummary } from '../types.js';
import { Notice, errorText } from './notice.js';

/** A state's label with its id beside it when they differ. */
function labelled(label: string | undefined, id: string) {
  return label === undefined || label === id ? <code>{id}</code> : <>{label} <code>{id}</code></>;
}

/** A state's label with its id, as plain text for an option. */
function labelText(label: string | undefined, id: string): string {
  return label === undefined || label === id ? id : `${label} (${id})`;
}

/** A timer key (`deadline:reviewing:breach`, `timer:working:nudge`) in the text of a note. */
const TIMER_KEY = /\b(?:deadline|timer):[A-Za-z0-9_-]+:[A-Za-z0-9_.-]+/g;

/**
 * A note of the report with its timer keys read as words: by the new version's labels, or the old
 * version's for a timer the new one no longer labels (its words would show the raw owner id).
 */
function timersNamed(note: string, oldWords: CaseWords, newWords: CaseWords): string {
  return note.replace(TIMER_KEY, (key) => {
    const named = newWords.timer(key);
    return named.includes(key.split(':')[1]) ? oldWords.timer(key) : named;
  });
}

/** Props: the process and its versions. */
export interface MigratePanelProps {
  processId: string;
  versions: ProcessSummary[];
}

interface Run {
  apply: boolean;
  /** The plan this run was made with, as JSON. */
  planText: string;
  cases: CaseMigration[];
  /** Where to go on from when it stopped. */
  cursor?: string;
  error?: string;
  done: boolean;
}

/** The plan form, the dry run and applying. */
export function MigratePanel({ processId, versions }: MigratePanelProps) {
  const { t, language } = useI18n();
  const numbers = useMemo(() => versions.map((v) => v.version).sort((a, b) => a - b), [versions]);
  const latest = numbers.at(-1) ?? 1;
  const [counts, setCounts] = useState<Record<string, number>>();
  const [from, setFrom] = useState(numbers.at(-2) ?? latest);
  const [to, setTo] = useState(latest);
  const [countsError, setCountsError] = useState<string>();
  const reloadCounts = () => runningCases(processId).then(setCounts, (caught: unknown) => setCountsError(errorText(caught)));
  useEffect(() => {
    void runningCases(processId).then((byVersion) => {
      setCounts(byVersion);
      const older = Object.keys(byVersion).map(Number).filter((n) => n < latest && byVersion[n] > 0).sort((a, b) => b - a)[0];
      if (older !== undefined) setFrom(older);
    }, (caught: unknown) => setCountsError(errorText(caught)));
  }, [processId, latest]);

  const before = useProcessVersion(processId, from);
  const after = useProcessVersion(processId, to);
  const oldStates = useMemo(() => stateNames(before?.document), [before]);
  const newStates = useMemo(() => stateNames(after?.document), [after]);
  const owners = useMemo(() => timerOwners(before?.document), [before]);
  // Timers read by their deadline words, a key of the old version by its labels, a new key by the new version's.
  const oldWords = useMemo(() => caseWords(before, language, t), [before, language, t]);
  const newWords = useMemo(() => caseWords(after, language, t), [after, language, t]);
  const [form, setForm] = useState<PlanForm>({ states: {}, timers: {}, set: [] });
  useEffect(() => setForm(initialForm(oldStates, newStates)), [oldStates, newStates]);
  const [run, setRun] = useState<Run>();
  const [busy, setBusy] = useState(false);
  const planText = JSON.stringify(planOf(form));
  const dryRunDone = run !== undefined && !run.apply && run.done && run.planText === planText;

  if (numbers.length < 2) return <p className="muted">{t('migrate.needTwo')}</p>;

  const go = async (apply: boolean, resume?: Run) => {
    const start: Run = resume ?? { apply, planText, cases: [], done: false };
    if (apply && !resume) {
      const movable = run?.cases.filter((c) => c.outcome === 'ready').length ?? 0;
      if (!window.confirm(t('migrate.confirm', { n: movable, from, to }))) return;
    }
    setBusy(true);
    let current: Run = { ...start, error: undefined };
    setRun(current);
    try {
      do {
        const page = await migrationPage(processId, { from, to, plan: planOf(form), ...(current.cursor ? { cursor: current.cursor } : {}) }, apply);
        current = { ...current, cases: [...current.cases, ...page.cases], cursor: page.nextCursor };
        setRun(current);
      } while (current.cursor !== undefined);
      current = { ...current, done: true };
      setRun(current);
      if (apply) void reloadCounts();
    } catch (caught) {
      setRun({ ...current, error: errorText(caught) });
    } finally {
      setBusy(false);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void go(false);
  };
  const shownCounts = counts ? Object.entries(counts).filter(([, n]) => n > 0) : [];
  const tally = (outcome: CaseMigration['outcome']) => run?.cases.filter((c) => c.outcome === outcome).length ?? 0;
  const due = (at: number | undefined) => formatTime(at, language);

  return (
    <form className="migrate-panel" onSubmit={submit} aria-describedby="migrate-intro">
      <p id="migrate-intro" className="muted">{t('migrate.intro')}</p>
      {countsError && <Notice kind="error">{countsError}</Notice>}
      {counts && (
        <p role="status" className="migrate-counts">{shownCounts.length === 0 ? t('migrate.runningNone')
          : t('migrate.running', { counts: shownCounts.map(([n, count]) => t('migrate.versionCount', { n, count })).join(language === 'zh' ? '，' : ', ') })}</p>
      )}
      <div className="diff-pickers">
        <div className="field">
          <label htmlFor="migrate-from">{t('migrate.from')}</label>
          <select id="migrate-from" value={from} onChange={(e) => { setFrom(Number(e.target.value)); setRun(undefined); }}>
            {numbers.filter((n) => n < latest).map((n) => <option key={n} value={n}>{t('processes.version', { n })}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="migrate-to">{t('migrate.to')}</label>
          <select id="migrate-to" value={to} onChange={(e) => { setTo(Number(e.target.value)); setRun(undefined); }}>
            {numbers.filter((n) => n > from).map((n) => <option key={n} value={n}>{t('processes.version', { n })}</option>)}
          </select>
        </div>
      </div>

      <fieldset className="migrate-section">
        <legend>{t('migrate.states')}</legend>
        <table className="migrate-table">
          <thead><tr><th scope="col">{t('migrate.oldState', { n: from })}</th><th scope="col">{t('migrate.newState', { n: to })}</th></tr></thead>
          <tbody>
            {oldStates.map((name) => (
              <tr key={name}>
                <th scope="row"><label htmlFor={`map-${name}`}>{labelled(before?.stateLabels.get(name), name)}</label></th>
                <td>
                  <select id={`map-${name}`} value={form.states[name] ?? ''} onChange={(e) => setForm({ ...form, states: { ...form.states, [name]: e.target.value } })}>
                    <option value="">{t('migrate.noPlace')}</option>
                    {newStates.map((next) => <option key={next} value={next}>{labelText(after?.stateLabels.get(next), next)}</option>)}
                  </select>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </fieldset>

      <fieldset className="migrate-section">
        <legend>{t('migrate.timers')}</legend>
        {owners.length === 0 ? <p className="muted">{t('migrate.timersNone', { n: from })}</p> : (
          <table className="migrate-table">
            <tbody>
              {owners.map((owner) => (
                <tr key={owner}>
                  <th scope="row"><label htmlFor={`timer-${owner}`}>{labelled(before?.stateLabels.get(owner), owner)}</label></th>
                  <td>
                    <select id={`timer-${owner}`} value={form.timers[owner] ?? 'keep'}
                      onChange={(e) => setForm({ ...form, timers: { ...form.timers, [owner]: e.target.value === 'recompute' ? 'recompute' : 'keep' } })}>
                      <option value="keep">{t('migrate.keep')}</option>
                      <option value="recompute">{t('migrate.recompute')}</option>
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </fieldset>

      <fieldset className="migrate-section">
        <legend>{t('migrate.set')}</legend>
        {form.set.map((row, i) => (
          <div key={i} className="migrate-set-row">
            <div className="field">
              <label htmlFor={`set-field-${i}`}>{t('migrate.field')}</label>
              <input id={`set-field-${i}`} value={row.field} onChange={(e) => setForm({ ...form, set: form.set.map((r, j) => (j === i ? { ...r, field: e.target.value } : r)) })} />
            </div>
            <div className="field">
              <label htmlFor={`set-expr-${i}`}>{t('migrate.expression')}</label>
              <input id={`set-expr-${i}`} value={row.expression} placeholder={'"phone"'}
                onChange={(e) => setForm({ ...form, set: form.set.map((r, j) => (j === i ? { ...r, expression: e.target.value } : r)) })} />
            </div>
            <button type="button" className="button-quiet" onClick={() => setForm({ ...form, set: form.set.filter((_, j) => j !== i) })}>{t('migrate.remove')}</button>
          </div>
        ))}
        <button type="button" onClick={() => setForm({ ...form, set: [...form.set, { field: '', expression: '' }] })}>{t('migrate.addField')}</button>
      </fieldset>

      <div className="migrate-actions">
        <button type="submit" disabled={busy}>{busy && !run?.apply ? t('migrate.working') : t('migrate.dryRun')}</button>
        <button type="button" className="button-primary" disabled={busy || !dryRunDone} aria-describedby={dryRunDone || run?.apply ? undefined : 'migrate-apply-hint'}
          onClick={() => void go(true)}>{busy && run?.apply ? t('migrate.working') : t('migrate.apply')}</button>
        {!dryRunDone && !run?.apply && <span id="migrate-apply-hint" className="field-hint">{t('migrate.applyFirst')}</span>}
        {run?.error && run.cursor !== undefined && <button type="button" disabled={busy} onClick={() => void go(run.apply, run)}>{t('migrate.resume')}</button>}
      </div>

      {run?.error && <Notice kind="error">{t('migrate.stopped', { n: run.cases.length, detail: run.error })}</Notice>}
      {run?.done && (
        <Notice kind={tally('blocked') > 0 ? 'warning' : 'success'}>
          {run.apply ? t('migrate.applySummary', { migrated: tally('migrated'), blocked: tally('blocked'), from })
            : t('migrate.dryRunSummary', { ready: tally('ready'), blocked: tally('blocked') })}
        </Notice>
      )}
      {run?.done && run.cases.length === 0 && <p className="muted">{t('migrate.noCases', { n: from })}</p>}
      {run && run.cases.length > 0 && (
        <div className="diff-scroll">
          <table className="migrate-results">
            <thead><tr><th scope="col">{t('migrate.case')}</th><th scope="col">{t('migrate.stateChange')}</th><th scope="col">{t('migrate.outcome')}</th><th scope="col">{t('migrate.details')}</th></tr></thead>
            <tbody>
              {run.cases.map((c) => (
                <tr key={c.caseId} className={`migrate-${c.outcome}`}>
                  <td><Link to={`/cases/${encodeURIComponent(c.caseId)}`}>{c.caseId}</Link></td>
                  <td>{c.state} → {c.newState ?? '—'}</td>
                  <td>{t(`migrate.outcome.${c.outcome}`)}</td>
                  <td>
                    <ul className="migrate-notes">
                      {c.unmappedStates.length > 0 && <li>{t('migrate.unmapped', { names: c.unmappedStates.join(', ') })}</li>}
                      {c.fieldErrors.map((e) => <li key={e.field}><code>{e.field}</code> {e.message}</li>)}
                      {c.reasons.filter((r) => !r.startsWith('state ') && !c.fieldErrors.some((e) => r.startsWith(`${e.field}:`))).map((r) => <li key={r}>{r}</li>)}
                      {c.timers.map((m) => (
                        <li key={m.key}>
                          {m.action === 'drop' ? t('migrate.timerDrop', { key: oldWords.timer(m.key) })
                            : m.newDueAt === m.dueAt ? t('migrate.timerKeep', { key: newWords.timer(m.newKey ?? m.key), due: due(m.dueAt) })
                              : t('migrate.timerMove', { key: newWords.timer(m.newKey ?? m.key), old: due(m.dueAt), due: due(m.newDueAt) })}
                          {m.firesAtOnce && <strong className="migrate-at-once"> · {t('migrate.firesAtOnce')}</strong>}
                        </li>
                      ))}
                      {c.notes.map((note) => <li key={note} className="muted">{timersNamed(note, oldWords, newWords)}</li>)}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </form>
  );
}
