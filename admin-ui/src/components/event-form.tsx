/**
 * The form for one action on a case, generated from the event's input schema. The server's
 * 422 field errors appear at their fields; other refusals are shown above the form.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError, type FieldProblem } from '../api.js';
import { pickLabel, useI18n } from '../i18n/index.js';
import { checkForm } from '../lib/form-check.js';
import { Notice, errorText } from './notice.js';
import { SchemaFields, formValue, initialFormState, unplacedProblems, type FormState } from './schema-form.js';
import type { AvailableEvent } from '../types.js';

/** Props: the action, and how to send it (throws `ApiError` when refused). */
export interface EventFormProps {
  action: AvailableEvent;
  send(input: Record<string, unknown>): Promise<void>;
  onCancel(): void;
}

/** The action form; focuses its first field when opened. */
export function EventForm({ action, send, onCancel }: EventFormProps) {
  const { t, language } = useI18n();
  const schema = action.input ?? {};
  const [state, setState] = useState<FormState>(() => initialFormState(schema));
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  useEffect(() => {
    formRef.current?.querySelector<HTMLElement>('input, select, textarea, button[type=submit]')?.focus();
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    const value = formValue(schema, state);
    // Checked here first, so the problems show at their fields in the UI's language without a round-trip.
    const local = checkForm(schema, value, language);
    setProblems(local);
    if (local.length > 0) {
      setError(t('case.invalid'));
      return;
    }
    setBusy(true);
    try {
      await send(value);
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 422) {
        setProblems(caught.errors);
        setError(caught.errors.length > 0 ? t('case.invalid') : caught.detail);
      } else setError(errorText(caught));
      setBusy(false);
    }
  };

  const stray = unplacedProblems(schema, problems);
  const title = pickLabel(action.label ?? action.type, language);
  return (
    <form ref={formRef} className="card action-form" onSubmit={submit} noValidate aria-label={title} data-action={action.type}>
      <h3>{title}</h3>
      {error && (
        <Notice kind="error">
          {error}
          {stray.length > 0 && <ul>{stray.map((p, i) => <li key={i}>{p.field ? `${p.field}: ` : ''}{p.message}</li>)}</ul>}
        </Notice>
      )}
      <SchemaFields schema={schema} state={state} problems={problems}
        onChange={(path, value) => setState((previous) => ({ ...previous, [path]: value }))} />
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={busy}>{title}</button>
        <button type="button" onClick={onCancel}>{t('common.cancel')}</button>
      </div>
    </form>
  );
}
