/** Opening a new case: choose a process the user may start, fill in the form made from its data schema. */
import { useMemo, useState, type FormEvent } from 'react';
import { ApiError, client, ok } from '../api.js';
import { Notice, errorText } from '../components/notice.js';
import { checkForm } from '../lib/form-check.js';
import { SchemaFields, formValue, initialFormState, unplacedProblems, type FormState } from '../components/schema-form.js';
import { pickLabel, useI18n } from '../i18n/index.js';
import { useNames } from '../lib/people.js';
import { useProcessSummaries, useProcessVersion } from '../lib/processes.js';
import { navigate, useLocation } from '../router.js';
import { useSession } from '../session.js';
import type { FieldProblem } from '../api.js';
import type { JsonSchema, Unit } from '../types.js';

/** The new case page; `?process=` preselects a process. */
export function NewCasePage() {
  const { t, language } = useI18n();
  const { user } = useSession();
  const location = useLocation();
  const { processes, loading, error: loadError } = useProcessSummaries();
  const [processId, setProcessId] = useState(location.search.get('process') ?? '');
  const [state, setState] = useState<FormState>({});
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const roles = new Set(user?.roles ?? []);
  // The server opens a case only for a role among the process's starters.
  const startable = processes.filter((p) => p.starters.some((r) => roles.has(r)));
  const process = useProcessVersion(processId || undefined, undefined);
  const names = useNames();
  const summary = processes.find((p) => p.processId === processId);
  const schema = useMemo(() => {
    const base = process?.id === processId ? process.dataSchema : undefined;
    return base && summary?.unitField ? withUnitChoice(base, summary.unitField, names.directory.units, user?.units, names.unit) : base;
  }, [process, processId, summary, names.directory.units, user?.units, names.unit]);
  const [formFor, setFormFor] = useState<string>();
  if (schema && formFor !== processId) {
    setFormFor(processId);
    setState(initialFormState(schema));
  }

  const choose = (id: string) => {
    setProcessId(id);
    setProblems([]);
    setError(undefined);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!process || !schema) return;
    setError(undefined);
    const data = formValue(schema, state);
    // Checked here first, so the problems show at their fields in the UI's language without a round-trip.
    const local = checkForm(schema, data, language);
    setProblems(local);
    if (local.length > 0) {
      setError(t('case.invalid'));
      return;
    }
    setBusy(true);
    try {
      const created = await ok(client.POST('/api/cases', { body: { process: process.id, data } }));
      navigate(`/cases/${encodeURIComponent(created.id)}`);
    } catch (caught) {
      if (caught instanceof ApiError && caught.errors.length > 0) setProblems(caught.errors);
      setError(errorText(caught));
    } finally {
      setBusy(false);
    }
  };

  const stray = schema ? unplacedProblems(schema, problems) : [];
  return (
    <section aria-labelledby="new-title" className="narrow">
      <h1 id="new-title">{t('nav.newCase')}</h1>
      <p className="muted">{t('newCase.intro')}</p>
      {loadError !== undefined && <Notice kind="error">{errorText(loadError)}</Notice>}
      {!loading && startable.length === 0 && <Notice kind="info">{t('newCase.none')}</Notice>}
      <form onSubmit={submit} className="card form" noValidate>
        <div className="field">
          <label htmlFor="new-process">{t('filter.process')}</label>
          <select id="new-process" value={processId} onChange={(e) => choose(e.target.value)} required>
            <option value="">{t('newCase.choose')}</option>
            {startable.map((p) => <option key={p.processId} value={p.processId}>{pickLabel(p.name, language)}</option>)}
          </select>
        </div>
        {schema && formFor === processId && (
          <>
            {error && <Notice kind="error">{error}{stray.length > 0 && <ul>{stray.map((p, i) => <li key={i}>{p.field}: {p.message}</li>)}</ul>}</Notice>}
            <SchemaFields schema={schema} state={state} problems={problems}
              onChange={(path, value) => setState((previous) => ({ ...previous, [path]: value }))} />
            <div className="form-actions">
              <button type="submit" className="button-primary" disabled={busy}>{t('newCase.create')}</button>
            </div>
          </>
        )}
      </form>
    </section>
  );
}

/**
 * The data schema with its unit field as a choice of the directory's units (the caller's own, when
 * they belong to some), labelled in the UI's language: never free text a typo could split.
 */
function withUnitChoice(schema: JsonSchema, field: string, units: Unit[], mine: string[] | undefined, label: (id: string) => string): JsonSchema {
  const properties = schema.properties;
  if (units.length === 0 || typeof properties !== 'object' || properties === null || Array.isArray(properties)) return schema;
  const property: unknown = Reflect.get(properties, field);
  if (typeof property !== 'object' || property === null) return schema;
  const offered = mine && mine.length > 0 ? units.filter((unit) => mine.includes(unit.id)) : units;
  const ids = offered.map((unit) => unit.id);
  const choice = { ...property, enum: ids, 'x-enum-labels': Object.fromEntries(ids.map((id) => [id, label(id)])) };
  return { ...schema, properties: { ...properties, [field]: choice } };
}
