/** What a person does to their own account: change their password, say they will be away. */
import { useState, type FormEvent } from 'react';
import { ApiError, client, ok, setCsrfToken } from '../api.js';
import { Notice, errorText } from '../components/notice.js';
import { useI18n } from '../i18n/index.js';
import { formatTime } from '../lib/clock.js';
import { clearAbsence, readUsers } from '../lib/people.js';
import { useApi } from '../lib/use-api.js';
import { useSession } from '../session.js';
import { AbsenceForm } from './people-forms.js';
import './people.css';

/** Current and new password; the server ends every other session and hands this tab a new one. */
function PasswordForm() {
  const { t } = useI18n();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState(false);
  const problems = error instanceof ApiError ? error.errors : [];
  const problemOf = (field: string) => problems.filter((p) => p.field === field).map((p) => p.message).join('; ') || undefined;
  const mismatch = repeat !== '' && repeat !== next;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (mismatch) return;
    setDone(false);
    try {
      const answer = await ok(client.POST('/api/session/password', { body: { current, next } }));
      setCsrfToken(answer.csrfToken);
      setCurrent('');
      setNext('');
      setRepeat('');
      setError(undefined);
      setDone(true);
    } catch (caught) {
      setError(caught);
    }
  };

  const field = (id: string, label: string, value: string, set: (value: string) => void, problem: string | undefined, autoComplete: string) => (
    <div className={problem ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      <input id={id} type="password" required autoComplete={autoComplete} value={value} onChange={(e) => set(e.target.value)} />
      {problem && <span className="field-error">{problem}</span>}
    </div>
  );

  return (
    <form className="card" onSubmit={submit} aria-labelledby="password-title" id="password">
      <h2 id="password-title">{t('nav.changePassword')}</h2>
      <div aria-live="polite">
        {done && <Notice kind="success">{t('account.changed')}</Notice>}
        {error !== undefined && problems.length === 0 && <Notice kind="error">{errorText(error)}</Notice>}
      </div>
      {field('password-current', t('account.current'), current, setCurrent, problemOf('current'), 'current-password')}
      {field('password-next', t('account.next'), next, setNext, problemOf('next'), 'new-password')}
      <p className="field-hint">{t('people.passwordHint')}</p>
      {field('password-repeat', t('account.repeat'), repeat, setRepeat, mismatch ? t('account.mismatch') : undefined, 'new-password')}
      <div className="form-actions"><button type="submit" className="button-primary" disabled={mismatch}>{t('nav.changePassword')}</button></div>
    </form>
  );
}

/** The person's own absence: shown when set, with a form to set it. */
function AwaySection() {
  const { t, language } = useI18n();
  const { user, refresh } = useSession();
  const people = useApi(['/api/users'], readUsers);
  const [error, setError] = useState<unknown>();
  const me = people.data?.items.find((person) => person.username === user?.username);
  const saved = () => {
    setError(undefined);
    people.reload();
    void refresh();
  };
  const back = async () => {
    if (!me) return;
    try {
      await clearAbsence(me.id);
      saved();
    } catch (caught) {
      setError(caught);
    }
  };
  return (
    <section className="card" aria-labelledby="away-title" id="away">
      <h2 id="away-title">{t('nav.away')}</h2>
      <p className="muted">{t('account.awayIntro')}</p>
      {error !== undefined && <Notice kind="error">{errorText(error)}</Notice>}
      {me?.absence && (
        <Notice kind="info">
          {t('account.awayNow', { from: formatTime(me.absence.from, language), until: formatTime(me.absence.until, language), delegate: me.absence.delegate ?? me.absence.delegateId })}
          {' '}<button type="button" onClick={() => void back()}>{t('account.backNow')}</button>
        </Notice>
      )}
      {me && <AbsenceForm person={me} people={people.data?.items ?? []} title={t('people.markAway')} onSaved={saved} inCard />}
    </section>
  );
}

/** `/account/password` and `/account/away`: both forms, the chosen one first. */
export function AccountPage({ section }: { section: 'password' | 'away' }) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="account-title">
      <div className="page-head"><div><h1 id="account-title">{t('nav.account')}</h1></div></div>
      <div className="account-grid">
        {section === 'password' ? <><PasswordForm /><AwaySection /></> : <><AwaySection /><PasswordForm /></>}
      </div>
    </section>
  );
}
