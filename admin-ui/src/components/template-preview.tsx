/**
 * Template preview in the editor: one of the draft's templates rendered by the server's own
 * renderer (escaped) with a case's data, or with the trial case's data from the Simulate tab.
 */
import { useEffect, useState } from 'react';
import { client, ok } from '../api.js';
import { pickLabel, useI18n } from '../i18n/index.js';
import type { SimulationFrame } from '../lib/simulation.js';
import { useApi } from '../lib/use-api.js';
import type { components } from '../api-schema.js';
import { Notice, errorText } from './notice.js';
import './simulate.css';

/** Answer of `POST /api/processes/preview-template`. */
type RenderedTemplate = components['schemas']['RenderedTemplate'];

/** Props: the draft, its process id when published, and the trial case now (if any). */
export interface TemplatePreviewProps {
  yaml: string;
  files?: Record<string, string>;
  document?: Record<string, unknown>;
  processId?: string;
  trial?: SimulationFrame;
  /** The label of a state of the draft. */
  stateLabel(id: string): string;
}

type Source = 'trial' | 'case';

function templateNames(document: Record<string, unknown> | undefined): string[] {
  const templates = document?.templates;
  return typeof templates === 'object' && templates !== null && !Array.isArray(templates) ? Object.keys(templates) : [];
}

/** The Template preview tab. */
export function TemplatePreview({ yaml, files, document, processId, trial, stateLabel }: TemplatePreviewProps) {
  const { t, language } = useI18n();
  const names = templateNames(document);
  const [template, setTemplate] = useState('');
  const [source, setSource] = useState<Source>(trial ? 'trial' : 'case');
  const [caseId, setCaseId] = useState('');
  const [rendered, setRendered] = useState<RenderedTemplate>();
  const [error, setError] = useState<unknown>();
  const cases = useApi(processId ? ['/api/cases', processId, 20] : null, (signal) =>
    ok(client.GET('/api/cases', { params: { query: { process: processId, limit: 20 } }, signal })));
  const caseItems = cases.data?.items ?? [];
  const chosenTemplate = names.includes(template) ? template : names[0] ?? '';
  const chosenCase = caseItems.some((c) => c.id === caseId) ? caseId : caseItems[0]?.id ?? '';
  const ready = chosenTemplate !== '' && (source === 'trial' ? trial !== undefined : chosenCase !== '');

  useEffect(() => {
    if (!ready) {
      setRendered(undefined);
      return;
    }
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      const body = source === 'trial' && trial
        ? { yaml, files, template: chosenTemplate, data: trial.data, state: trial.state }
        : { yaml, files, template: chosenTemplate, caseId: chosenCase };
      ok(client.POST('/api/processes/preview-template', { body, signal: controller.signal }))
        .then((answer) => { setRendered(answer); setError(undefined); })
        .catch((caught: unknown) => { if (!controller.signal.aborted) { setRendered(undefined); setError(caught); } });
    }, 300);
    return () => { window.clearTimeout(timer); controller.abort(); };
  }, [ready, source, trial, yaml, files, chosenTemplate, chosenCase]);

  if (names.length === 0) return <p className="muted">{t('preview.noTemplates')}</p>;
  return (
    <div className="preview">
      <div className="preview-pickers">
        <div className="field">
          <label htmlFor="preview-template">{t('preview.template')}</label>
          <select id="preview-template" value={chosenTemplate} onChange={(e) => setTemplate(e.target.value)}>
            {names.map((name) => <option key={name} value={name}>{name}</option>)}
          </select>
        </div>
        {source === 'case' && caseItems.length > 0 && (
          <div className="field">
            <label htmlFor="preview-case">{t('col.case')}</label>
            <select id="preview-case" value={chosenCase} onChange={(e) => setCaseId(e.target.value)}>
              {caseItems.map((c) => <option key={c.id} value={c.id}>{c.title ? `${c.title} · ` : ''}{c.id} · {pickLabel(stateLabel(c.state), language)}</option>)}
            </select>
          </div>
        )}
      </div>
      <fieldset className="preview-source">
        <legend className="visually-hidden">{t('preview.source')}</legend>
        <span>{t('preview.source')}:</span>
        <label className="choice"><input type="radio" name="preview-source" checked={source === 'trial'} onChange={() => setSource('trial')} />{t('preview.trial')}</label>
        <label className="choice"><input type="radio" name="preview-source" checked={source === 'case'} onChange={() => setSource('case')} />{t('preview.case')}</label>
      </fieldset>
      {source === 'trial' && !trial && <Notice kind="info">{t('preview.needTrial')}</Notice>}
      {source === 'case' && !cases.loading && caseItems.length === 0 && <Notice kind="info">{t('preview.noCases')}</Notice>}
      {error !== undefined && <Notice kind="error">{errorText(error)}</Notice>}
      {rendered && (
        <div className="preview-output" data-testid="template-preview" aria-live="polite">
          <p className="muted">{rendered.caseId} · {pickLabel(stateLabel(rendered.state), language)}</p>
          {rendered.subject && <p><strong>{t('preview.subject')}:</strong> {rendered.subject}</p>}
          <pre className="sim-body">{rendered.body}</pre>
        </div>
      )}
      <p className="field-hint">{t('preview.escaped')} {t('preview.deadlineFields')}</p>
    </div>
  );
}
