/** The forms of the People page: a person's units, their absence, and a new person. */
import { useState, type FormEvent, type ReactNode } from 'react';
import { ApiError, client, ok, type FieldProblem } from '../api.js';
import { Notice, errorText } from '../components/notice.js';
import { pickLabel, useI18n } from '../i18n/index.js';
import { useNow } from '../lib/clock.js';
import type { PublicUser, Unit } from '../types.js';

const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` of an instant, in the browser's time zone. */
export function dayOf(time: number): string {
  const date = new Date(time);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Midnight starting `day` (`YYYY-MM-DD`) in the browser's time zone, as epoch ms. */
function startOfDay(day: string): number {
  return new Date(`${day}T00:00`).getTime();
}

/** The field problems of a refused request, and its detail when no field is named. */
function useProblems() {
  const [error, setError] = useState<unknown>();
  const problems: FieldProblem[] = error instanceof ApiError ? error.errors : [];
  const of = (field: string) => problems.filter((p) => p.field === field).map((p) => p.message).join('; ') || undefined;
  const general = error !== undefined && problems.length === 0 ? errorText(error) : undefined;
  return { setError, of, general, problems };
}

/** A labelled field with its problem under it. */
function Field({ id, label, problem, hint, children }: { id: string; label: string; problem?: string; hint?: string; children: ReactNode }) {
  return (
    <div className={problem ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && <span className="field-hint" id={`${id}-hint`}>{hint}</span>}
      {problem && <span className="field-error" id={`${id}-error`}>{problem}</span>}
    </div>
  );
}

/** Check boxes of the units; `chosen` are ticked. */
export function UnitChoices({ units, chosen, onChange, legend, problem }: { units: Unit[]; chosen: string[]; onChange(next: string[]): void; legend: string; problem?: string }) {
  const { language } = useI18n();
  return (
    <fieldset className={problem ? 'field-group field-invalid' : 'field-group'}>
      <legend>{legend}</legend>
      {units.map((unit) => (
        <label key={unit.id} className="choice">
          <input type="checkbox" checked={chosen.includes(unit.id)}
            onChange={(e) => onChange(e.target.checked ? [...chosen, unit.id] : chosen.filter((id) => id !== unit.id))} />
          {pickLabel(unit.label, language)}
        </label>
      ))}
      {problem && <p className="field-error">{problem}</p>}
    </fieldset>
  );
}

/** Changes the units of `person` (administrators). */
export function UnitsForm({ person, units, onSaved, onCancel }: { person: PublicUser; units: Unit[]; onSaved(user: PublicUser): void; onCancel(): void }) {
  const { t } = useI18n();
  const [chosen, setChosen] = useState(person.units);
  const problems = useProblems();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      onSaved(await ok(client.PATCH('/api/users/{id}', { params: { path: { id: person.id } }, body: { units: chosen } })));
    } catch (caught) {
      problems.setError(caught);
    }
  };
  return (
    <form className="card people-form" onSubmit={submit} aria-label={t('people.editUnitsOf', { user: person.username })}>
      {problems.general && <Notice kind="error">{problems.general}</Notice>}
      <UnitChoices units={units} chosen={chosen} onChange={setChosen} legend={t('people.editUnitsOf', { user: person.username })} problem={problems.of('units')} />
      <div className="form-actions">
        <button type="submit" className="button-primary">{t('people.save')}</button>
        <button type="button" onClick={onCancel}>{t('common.cancel')}</button>
      </div>
    </form>
  );
}

/** Marks `person` away with a stand-in sharing a unit; `people` are those the caller sees. */
export function AbsenceForm({ person, people, title, onSaved, onCancel, inCard = false }: {
  person: PublicUser;
  people: PublicUser[];
  title: string;
  onSaved(user: PublicUser): void;
  onCancel?(): void;
  /** Drawn inside a card already: no card of its own. */
  inCard?: boolean;
}) {
  const { t } = useI18n();
  const now = useNow(60_000);
  const [from, setFrom] = useState(() => dayOf(now));
  const [until, setUntil] = useState(() => dayOf(now + 6 * DAY_MS));
  const [delegate, setDelegate] = useState('');
  const [reason, setReason] = useState('');
  const problems = useProblems();
  const candidates = people.filter((other) => other.id !== person.id && !other.disabled && other.units.some((unit) => person.units.includes(unit)));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const body = {
        from: new Date(startOfDay(from)).toISOString(),
        until: new Date(startOfDay(until) + DAY_MS - 1).toISOString(),
        delegate,
        ...(reason.trim() ? { reason: reason.trim() } : {}),
      };
      onSaved(await ok(client.PUT('/api/users/{id}/absence', { params: { path: { id: person.id } }, body })));
    } catch (caught) {
      problems.setError(caught);
    }
  };
  const prefix = `away-${person.id}`;
  return (
    <form className={inCard ? 'people-form' : 'card people-form'} onSubmit={submit} aria-label={title}>
      <h3>{title}</h3>
      {problems.general && <Notice kind="error">{problems.general}</Notice>}
      <div className="people-form-row">
        <Field id={`${prefix}-from`} label={t('away.from')} problem={problems.of('from')}>
          <input id={`${prefix}-from`} type="date" required value={from} onChange={(e) => setFrom(e.target.value)} />
        </Field>
        <Field id={`${prefix}-until`} label={t('away.until')} problem={problems.of('until')}>
          <input id={`${prefix}-until`} type="date" required value={until} min={from} onChange={(e) => setUntil(e.target.value)} />
        </Field>
        <Field id={`${prefix}-delegate`} label={t('away.delegate')} problem={problems.of('delegate')} hint={candidates.length === 0 ? t('away.noDelegates') : t('away.delegateHint')}>
          <select id={`${prefix}-delegate`} required value={delegate} onChange={(e) => setDelegate(e.target.value)}>
            <option value="">{t('away.pickDelegate')}</option>
            {candidates.map((other) => <option key={other.id} value={other.username}>{other.displayName ? `${other.displayName} (${other.username})` : other.username}</option>)}
          </select>
        </Field>
      </div>
      <Field id={`${prefix}-reason`} label={t('away.reason')} problem={problems.of('reason')}>
        <input id={`${prefix}-reason`} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
      </Field>
      <div className="form-actions">
        <button type="submit" className="button-primary">{t('people.save')}</button>
        {onCancel && <button type="button" onClick={onCancel}>{t('common.cancel')}</button>}
      </div>
    </form>
  );
}

/** Adds a person with roles and units (administrators). */
export function AddPersonForm({ units, onAdded }: { units: Unit[]; onAdded(user: PublicUser): void }) {
  const { t } = useI18n();
  const [form, setForm] = useState({ username: '', displayName: '', email: '', password: '', roles: '' });
  const [chosen, setChosen] = useState<string[]>([]);
  const problems = useProblems();
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const roles = form.roles.split(/[,\s]+/).map((role) => role.trim()).filter(Boolean);
      const body = { username: form.username.trim(), password: form.password, roles, units: chosen, displayName: form.displayName.trim() || undefined, email: form.email.trim() || undefined };
      const user = await ok(client.POST('/api/users', { body }));
      setForm({ username: '', displayName: '', email: '', password: '', roles: '' });
      setChosen([]);
      problems.setError(undefined);
      onAdded(user);
    } catch (caught) {
      problems.setError(caught);
    }
  };
  return (
    <form className="card people-form" onSubmit={submit} aria-labelledby="add-person-title">
      <h2 id="add-person-title">{t('people.add')}</h2>
      {problems.general && <Notice kind="error">{problems.general}</Notice>}
      <div className="people-form-row">
        <Field id="new-username" label={t('login.username')} problem={problems.of('username')}>
          <input id="new-username" required autoComplete="off" value={form.username} onChange={set('username')} />
        </Field>
        <Field id="new-name" label={t('people.displayName')} problem={problems.of('displayName')}>
          <input id="new-name" value={form.displayName} onChange={set('displayName')} />
        </Field>
        <Field id="new-email" label={t('people.email')} problem={problems.of('email')}>
          <input id="new-email" type="email" value={form.email} onChange={set('email')} />
        </Field>
      </div>
      <div className="people-form-row">
        <Field id="new-roles" label={t('people.roles')} problem={problems.of('roles')} hint="agent, team-lead">
          <input id="new-roles" required value={form.roles} onChange={set('roles')} />
        </Field>
        <Field id="new-password" label={t('people.password')} problem={problems.of('password')} hint={t('people.passwordHint')}>
          <input id="new-password" type="password" required autoComplete="new-password" value={form.password} onChange={set('password')} />
        </Field>
      </div>
      <UnitChoices units={units} chosen={chosen} onChange={setChosen} legend={t('people.units')} problem={problems.of('units')} />
      <div className="form-actions"><button type="submit" className="button-primary">{t('people.add')}</button></div>
    </form>
  );
}
