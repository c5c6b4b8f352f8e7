/**
 * "Assign to…": a person picker (a username, with the people of the workload view suggested)
 * and an optional reason. The server checks that the person can hold the case(s).
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { client, ok } from '../api.js';
import { useI18n } from '../i18n/index.js';
import { useDirectory } from '../lib/people.js';
import { useApi } from '../lib/use-api.js';
import { useSession } from '../session.js';
import { Notice, errorText } from './notice.js';

/** Reads the workload of the people the caller may see (`GET /api/workload`). */
export function readWorkload(signal: AbortSignal) {
  return ok(client.GET('/api/workload', { signal }));
}

/** A person to suggest: username, and the name to show beside it. */
interface Suggestion {
  username: string;
  label?: string;
}

/**
 * People to suggest: those the user can see in the directory (enabled), the people of the
 * workload view (for its readers), and `extra`; the user themself left out.
 */
function usePeopleSuggestions(extra: string[]): Suggestion[] {
  const { user } = useSession();
  const { people } = useDirectory();
  const reader = user?.rights.workload ?? false;
  const workload = useApi(reader ? ['/api/workload'] : null, readWorkload);
  const loaded = workload.data?.people.map((p) => p.username) ?? [];
  const byName = new Map<string, Suggestion>();
  for (const person of people) if (!person.disabled) byName.set(person.username, { username: person.username, label: person.displayName });
  for (const username of [...loaded, ...extra]) if (!byName.has(username)) byName.set(username, { username });
  byName.delete(user?.username ?? '');
  return [...byName.values()].sort((a, b) => a.username.localeCompare(b.username));
}

/** Props: what to do with the chosen person (throws when refused), and how to close. */
export interface AssignFormProps {
  assign(to: string, reason?: string): Promise<void>;
  onCancel(): void;
  /** Usernames known to the page (e.g. the holders of listed cases), suggested too. */
  known?: string[];
  /** Label of the submit button. */
  submitLabel?: string;
}

/** The assign form; focuses the person field when opened. */
export function AssignForm({ assign, onCancel, known = [], submitLabel }: AssignFormProps) {
  const { t } = useI18n();
  const id = useId();
  const suggestions = usePeopleSuggestions(known);
  const [to, setTo] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const person = to.trim();
    if (!person) {
      setError(t('form.missing'));
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await assign(person, reason.trim() || undefined);
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="assign-form" onSubmit={submit} noValidate aria-label={t('work.assignTo')}>
      {error && <Notice kind="error">{error}</Notice>}
      <div className="field">
        <label htmlFor={`${id}-to`}>{t('work.person')}</label>
        <input ref={input} id={`${id}-to`} list={`${id}-people`} autoComplete="off" value={to} onChange={(e) => setTo(e.target.value)} aria-describedby={`${id}-hint`} />
        <datalist id={`${id}-people`}>
          {suggestions.map((person) => <option key={person.username} value={person.username} label={person.label} />)}
        </datalist>
        <span className="field-hint" id={`${id}-hint`}>{t('work.personHint')}</span>
      </div>
      <div className="field">
        <label htmlFor={`${id}-reason`}>{t('work.reason')}</label>
        <input id={`${id}-reason`} value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
      </div>
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={busy}>{submitLabel ?? t('work.assign')}</button>
        <button type="button" onClick={onCancel}>{t('common.cancel')}</button>
      </div>
    </form>
  );
}
