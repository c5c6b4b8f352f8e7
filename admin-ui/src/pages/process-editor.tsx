/**
 * The process editor: YAML with live diagnostics, the diagram redrawn as one types, publishing
 * with a message, version comparison, and simulation.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import type { EditorView } from 'codemirror';
import { parse } from 'yaml';
import { ApiError, client, ok } from '../api.js';
import { MigratePanel } from '../components/migrate-panel.js';
import { Notice, errorText } from '../components/notice.js';
import { ProblemList } from '../components/problem-list.js';
import { SimulatePanel } from '../components/simulate-panel.js';
import { TemplatePreview } from '../components/template-preview.js';
import { VersionDiff } from '../components/version-diff.js';
import { VersionList } from '../components/version-list.js';
import { YamlEditor, goToPosition } from '../components/yaml-editor.js';
import { buildDiagram, type DiagramModel } from '../diagram/model.js';
import { StateDiagram } from '../diagram/state-diagram.js';
import { pickLabel, useI18n } from '../i18n/index.js';
import { loadDraft, pendingDrafts, stayText, submitDraft, type Draft, type DraftSummary } from '../lib/drafts.js';
import { runningCases } from '../lib/migration.js';
import { readProcess } from '../lib/processes.js';
import { useSimulation } from '../lib/simulation.js';
import { starterYaml } from '../lib/starter-yaml.js';
import { formatTime } from '../lib/clock.js';
import { useApi } from '../lib/use-api.js';
import { Link, navigate, setLeaveGuard, useLocation } from '../router.js';
import { useSession } from '../session.js';
import type { Diagnostic } from '../types.js';

type Tab = 'diagram' | 'diff' | 'simulate' | 'templates' | 'migrate';

/** The parsed draft when it is a mapping. */
function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.fromEntries(Object.entries(value)) : undefined;
}

/** Parses the draft for the diagram (and the panels); keeps the last good model while the text is broken. */
function useDiagram(draft: string): { model: DiagramModel; parseError?: string; document?: Record<string, unknown> } {
  const [result, setResult] = useState<{ model: DiagramModel; parseError?: string; document?: Record<string, unknown> }>(() => ({ model: buildDiagram(undefined) }));
  useEffect(() => {
    const timer = window.setTimeout(() => {
      try {
        const document: unknown = parse(draft, { maxAliasCount: 100 });
        setResult({ model: buildDiagram(document), document: asRecord(document) });
      } catch (caught) {
        setResult((previous) => ({ model: previous.model, document: previous.document, parseError: errorText(caught).split('\n')[0] }));
      }
    }, 250);
    return () => window.clearTimeout(timer);
  }, [draft]);
  return result;
}

/** True when a definition says `publishing: { approval: required }`. */
function asksForApproval(definition: Record<string, unknown> | undefined): boolean {
  const publishing = asRecord(definition?.publishing);
  return publishing?.approval === 'required';
}

/** The editor page; without `processId` it starts a new process; `?draft=<id>` opens a draft sent back. */
export function ProcessEditorPage({ processId }: { processId?: string }) {
  const { t, language } = useI18n();
  const { user } = useSession();
  const detail = useApi(processId ? ['/api/processes/{id}', processId] : null, (signal) => readProcess(processId ?? '', signal));
  const [draft, setDraft] = useState(processId ? '' : starterYaml);
  const [loadedFrom, setLoadedFrom] = useState<number>();
  const [diagnostics, setDiagnostics] = useState<Diagnostic[]>([]);
  const [checking, setChecking] = useState(false);
  const [tab, setTab] = useState<Tab>('diagram');
  const [messageText, setMessageText] = useState('');
  const [notice, setNotice] = useState<{ kind: 'success' | 'error'; text: string }>();
  const [busy, setBusy] = useState(false);
  const viewRef = useRef<EditorView | null>(null);
  const { model: writtenModel, parseError, document: writtenDocument } = useDiagram(draft);
  // The server's reading of the draft, with its blocks, conditions and values resolved: the
  // diagram and the panels show a block's events in every state that uses it.
  const [expanded, setExpanded] = useState<{ draft: string; definition: Record<string, unknown> }>();
  const current = expanded?.draft === draft ? expanded.definition : undefined;
  const model = useMemo(() => (current ? buildDiagram(current) : writtenModel), [current, writtenModel]);
  const draftDocument = current ?? writtenDocument;

  const latest = detail.data;
  const draftId = useLocation().search.get('draft') ?? undefined;
  const [returned, setReturned] = useState<Draft>();
  const saved = useRef(processId ? '' : starterYaml);
  useEffect(() => {
    if (!latest || loadedFrom !== undefined) return;
    const load = (text: string) => {
      saved.current = text;
      setDraft(text);
      setLoadedFrom(latest.version);
    };
    if (draftId === undefined) load(latest.yaml);
    else void loadDraft(draftId).then((found) => { setReturned(found); load(found.yaml); }, () => load(latest.yaml));
  }, [latest, loadedFrom, draftId]);

  // Leaving with changes neither published nor saved as a draft asks first.
  const latestText = useRef(draft);
  latestText.current = draft;
  useEffect(() => {
    setLeaveGuard(() => (latestText.current !== saved.current ? t('editor.leaveUnsaved') : undefined));
    return () => setLeaveGuard(undefined);
  }, [t]);

  const [pending, setPending] = useState<DraftSummary[]>([]);
  const reloadPending = useCallback(() => {
    if (processId) void pendingDrafts(processId).then(setPending, () => setPending([]));
  }, [processId]);
  useEffect(reloadPending, [reloadPending]);

  // Template files beside the YAML travel with every version, so they are sent back unchanged.
  const files = latest?.files && Object.keys(latest.files).length > 0 ? latest.files : undefined;
  const validate = useCallback(async (text: string) => {
    setChecking(true);
    try {
      const answer = await ok(client.POST('/api/processes/validate', { body: { yaml: text, files } }));
      setExpanded(answer.definition ? { draft: text, definition: answer.definition } : undefined);
      return answer.diagnostics;
    } catch (caught) {
      if (caught instanceof ApiError && caught.diagnostics.length > 0) return caught.diagnostics;
      throw caught;
    } finally {
      setChecking(false);
    }
  }, [files]);
  const simulation = useSimulation(draft, files);

  const errors = diagnostics.filter((d) => d.severity === 'error');
  const needsApproval = asksForApproval(latest?.definition) || asksForApproval(draftDocument);
  const submitForReview = async () => {
    setBusy(true);
    setNotice(undefined);
    try {
      await submitDraft({ yaml: draft, files, message: messageText.trim() || undefined });
      saved.current = draft;
      setMessageText('');
      setNotice({ kind: 'success', text: t('review.submitted') });
      reloadPending();
    } catch (caught) {
      if (caught instanceof ApiError && caught.diagnostics.length > 0) setDiagnostics(caught.diagnostics);
      setNotice({ kind: 'error', text: errorText(caught) });
    } finally {
      setBusy(false);
    }
  };

  const publish = async (event: FormEvent) => {
    event.preventDefault();
    if (needsApproval) {
      await submitForReview();
      return;
    }
    setBusy(true);
    setNotice(undefined);
    try {
      const next = (latest?.version ?? 0) + 1;
      const counts = latest ? await runningCases(latest.processId) : {};
      if (!window.confirm(t('editor.confirmPublish', { n: next, stay: stayText(counts, next, t) }))) return;
      const published = await ok(client.POST('/api/processes', { body: { yaml: draft, files, message: messageText.trim() || undefined } }));
      setNotice({ kind: 'success', text: t('editor.published', { n: published.version }) });
      setMessageText('');
      saved.current = draft;
      setLoadedFrom(published.version);
      if (published.processId !== processId) navigate(`/processes/${encodeURIComponent(published.processId)}`, { replace: true });
      else detail.reload();
    } catch (caught) {
      if (caught instanceof ApiError && caught.diagnostics.length > 0) setDiagnostics(caught.diagnostics);
      setNotice({ kind: 'error', text: errorText(caught) });
    } finally {
      setBusy(false);
    }
  };

  if (processId && detail.error !== undefined && !latest) return <Notice kind="error">{errorText(detail.error)}</Notice>;
  if (processId && loadedFrom === undefined) return <p>{t('common.loading')}</p>;
  const versions = latest?.versions ?? [];
  // Administrators check and simulate drafts; only process owners publish them.
  const mayPublish = user?.rights.publish ?? false;
  const title = latest ? t('editor.title', { name: pickLabel(latest.name, language) }) : t('processes.new');
  const tabs: Array<[Tab, string]> = [['diagram', t('editor.diagram')], ['diff', t('diff.title')], ['simulate', t('editor.simulate')], ['templates', t('preview.title')]];
  if (latest && versions.length > 1) tabs.push(['migrate', t('migrate.tab')]);

  return (
    <article className="editor-page" aria-labelledby="editor-title">
      <div className="page-head">
        <div>
          <h1 id="editor-title">{title}</h1>
          {loadedFrom !== undefined && <p className="muted">{t('editor.basedOn', { n: loadedFrom })}</p>}
        </div>
        {mayPublish && (
          <form className="publish-form" onSubmit={publish}>
            <div className="field">
              <label htmlFor="publish-message">{t('editor.message')}</label>
              <input id="publish-message" value={messageText} placeholder={t('editor.messagePlaceholder')} onChange={(e) => setMessageText(e.target.value)} />
            </div>
            <button type="submit" className="button-primary" disabled={busy || errors.length > 0 || checking}
              aria-describedby={errors.length > 0 ? 'publish-blocked' : needsApproval ? 'publish-review' : undefined}>{needsApproval ? t('review.submit') : t('editor.publish')}</button>
            {!needsApproval && <button type="button" disabled={busy || errors.length > 0 || checking} onClick={() => void submitForReview()}>{t('review.submit')}</button>}
            {needsApproval && <span id="publish-review" className="field-hint">{t('review.required')}</span>}
            {errors.length > 0 && <span id="publish-blocked" className="field-hint">{t('editor.fixFirst')}</span>}
          </form>
        )}
      </div>
      {notice && <Notice kind={notice.kind}>{notice.text}</Notice>}
      {returned?.status === 'returned' && <Notice kind="warning">{t('editor.fromDraft', { reviewer: returned.reviewer ?? '', comment: returned.comment ?? '' })}</Notice>}
      {pending.length > 0 && (
        <div className="notice notice-info pending-drafts">
          {t('review.pendingHere', { n: pending.length })}{' '}
          {pending.map((d) => (
            <Link key={d.id} to={`/process-drafts/${encodeURIComponent(d.id)}`}>{d.author} · {formatTime(d.createdAt, language)}{d.message ? ` · “${d.message}”` : ''}</Link>
          ))}
        </div>
      )}
      <div className="editor-grid">
        <section className="editor-pane" aria-labelledby="source-title">
          <h2 id="source-title" className="visually-hidden">{t('editor.source')}</h2>
          <YamlEditor key={`${processId ?? 'new'}-${loadedFrom ?? 0}`} value={draft} label={t('editor.source')} onChange={setDraft}
            validate={validate} onDiagnostics={setDiagnostics} viewRef={viewRef} />
          <ProblemList diagnostics={diagnostics} checking={checking}
            onSelect={(d) => { if (viewRef.current) goToPosition(viewRef.current, d.line, d.column); }} />
          <VersionList versions={versions} />
        </section>
        <section className="side-pane" aria-label={t('editor.diagram')}>
          <div role="tablist" className="tabs" aria-label={title}>
            {tabs.map(([key, label]) => (
              <button key={key} type="button" role="tab" id={`tab-${key}`} aria-selected={tab === key} aria-controls={`panel-${key}`}
                tabIndex={tab === key ? 0 : -1} className={tab === key ? 'tab tab-current' : 'tab'} onClick={() => setTab(key)}
                onKeyDown={(e) => {
                  const index = tabs.findIndex(([k]) => k === key);
                  const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
                  if (step === 0) return;
                  const next = tabs[(index + step + tabs.length) % tabs.length][0];
                  setTab(next);
                  document.getElementById(`tab-${next}`)?.focus();
                }}>{label}</button>
            ))}
          </div>
          <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="tab-panel">
            {tab === 'diagram' && (
              <>
                {parseError && <Notice kind="warning">{t('editor.diagramUnavailable', { detail: parseError })}</Notice>}
                <StateDiagram model={model} title={t('editor.diagram')} />
              </>
            )}
            {tab === 'diff' && <VersionDiff processId={latest?.processId} versions={versions} draft={draft} />}
            {tab === 'simulate' && <SimulatePanel simulation={simulation} document={draftDocument} model={model} valid={errors.length === 0} />}
            {tab === 'templates' && <TemplatePreview yaml={draft} files={files} document={draftDocument} processId={latest?.processId} trial={simulation.frame}
              stateLabel={(id) => model.states.find((s) => s.id === id)?.label ?? id} />}
            {tab === 'migrate' && latest && <MigratePanel processId={latest.processId} versions={versions} />}
          </div>
        </section>
      </div>
    </article>
  );
}
