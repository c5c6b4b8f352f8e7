/** The sign-in page. */
import { useState, type FormEvent } from 'react';
import { useI18n } from '../i18n/index.js';
import { useSession } from '../session.js';
import { Notice, errorText } from '../components/notice.js';
import { ApiError } from '../api.js';

/** Username and password form; the language can be switched before signing in. */
export function LoginPage() {
  const { t, language, setLanguage } = useI18n();
  const { signIn } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  /** Shown once the server says this account needs a code from its authenticator app. */
  const [codeNeeded, setCodeNeeded] = useState(false);
  const [code, setCode] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await signIn(username, password, codeNeeded ? code : undefined);
    } catch (caught) {
      if (caught instanceof ApiError && caught.body.code === 'totp-required') {
        setCodeNeeded(true);
        return;
      }
      setError(errorText(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="login-page" id="main">
      <form className="login-card" onSubmit={submit} aria-labelledby="login-title">
        <div className="login-top">
          <h1 id="login-title">{t('login.title')}</h1>
          <button type="button" className="button-quiet lang-switch" aria-label={t('lang.switchLabel')}
            onClick={() => setLanguage(language === 'en' ? 'zh' : 'en')}>{t('lang.switch')}</button>
        </div>
        <p className="muted">{t('login.intro')}</p>
        {error && <Notice kind="error">{t('login.failed', { detail: error })}</Notice>}
        <div className="field">
          <label htmlFor="login-username">{t('login.username')}</label>
          <input id="login-username" name="username" autoComplete="username" required autoFocus
            value={username} onChange={(e) => setUsername(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="login-password">{t('login.password')}</label>
          <input id="login-password" name="password" type="password" autoComplete="current-password" required
            value={password} onChange={(e) => setPassword(e.target.value)} />
        </div>
        {codeNeeded && (
          <div className="field">
            <label htmlFor="login-code">{t('login.code')}</label>
            <input id="login-code" name="code" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9 ]{6,7}" required autoFocus
              value={code} onChange={(e) => setCode(e.target.value)} />
            <span className="field-hint">{t('login.codeNeeded')}</span>
          </div>
        )}
        <button type="submit" className="button-primary" disabled={busy}>{t('login.submit')}</button>
      </form>
    </main>
  );
}
