/** The shell: sign-in gate, navigation by the user's rights, language switch, and the page of the route (`routes.tsx`). */
import { Outlet } from '@tanstack/react-router';
import { Suspense, type ReactNode } from 'react';
import { useI18n } from './i18n/index.js';
import { Link, useLocation } from './router.js';
import { useServerLabels, useSession } from './session.js';
import { LoginPage } from './pages/login.js';
import { NotificationBell } from './components/notification-bell.js';
import { useServerClockSync } from './lib/clock.js';
import type { User } from './types.js';

function LanguageSwitch() {
  const { language, setLanguage, t } = useI18n();
  return (
    <button type="button" className="button-quiet lang-switch" aria-label={t('lang.switchLabel')}
      lang={language === 'en' ? 'zh-CN' : 'en'} onClick={() => setLanguage(language === 'en' ? 'zh' : 'en')}>
      {t('lang.switch')}
    </button>
  );
}

function NavLink({ to, children, current }: { to: string; children: ReactNode; current: boolean }) {
  return <Link to={to} className={current ? 'nav-link nav-current' : 'nav-link'} aria-current={current ? 'page' : undefined}>{children}</Link>;
}

function Header({ user, path }: { user: User; path: string }) {
  const { t } = useI18n();
  useServerClockSync();
  const { signOut } = useSession();
  const can = user.rights;
  return (
    <header className="app-header">
      <Link to="/" className="brand">{t('app.name')}</Link>
      <nav aria-label={t('nav.main')} className="main-nav">
        {can.cases && <NavLink to="/inbox" current={path === '/inbox' || path.startsWith('/cases/')}>{t('nav.inbox')}</NavLink>}
        {can.cases && <NavLink to="/new" current={path === '/new'}>{t('nav.newCase')}</NavLink>}
        {can.workload && <NavLink to="/workload" current={path === '/workload'}>{t('nav.workload')}</NavLink>}
        {can.processes && <NavLink to="/processes" current={path.startsWith('/processes')}>{t('nav.processes')}</NavLink>}
        {can.audit && <NavLink to="/audit" current={path.startsWith('/audit')}>{t('nav.audit')}</NavLink>}
        {can.reports && <NavLink to="/dashboard" current={path === '/dashboard' || path === '/digest' || path === '/monthly'}>{t('nav.dashboard')}</NavLink>}
        {can.outbox && <NavLink to="/outbox" current={path === '/outbox'}>{t('nav.outbox')}</NavLink>}
        {can.people && <NavLink to="/people" current={path === '/people'}>{t('nav.people')}</NavLink>}
      </nav>
      <div className="header-tools">
        <NotificationBell path={path} />
        <UserMenu user={user} />
        <LanguageSwitch />
        <button type="button" className="button-quiet" onClick={() => void signOut()}>{t('nav.signOut')}</button>
      </div>
    </header>
  );
}

/** The signed-in person's name, opening their own account's pages. */
function UserMenu({ user }: { user: User }) {
  const { t } = useI18n();
  const labels = useServerLabels();
  const close = (event: { currentTarget: HTMLElement }) => event.currentTarget.closest('details')?.removeAttribute('open');
  return (
    <details className="user-menu">
      <summary className="who" title={labels.roles(user.roles)}>{t('nav.signedInAs', { user: user.displayName ?? user.username })}</summary>
      <nav className="user-menu-items" aria-label={t('nav.account')}>
        <Link to="/account/password" onClick={close}>{t('nav.changePassword')}</Link>
        <Link to="/account/away" onClick={close}>{t('nav.away')}</Link>
      </nav>
    </details>
  );
}

/** The answer to a path no route knows. */
export function NotFound() {
  const { t } = useI18n();
  return <p>{t('common.notFound')}</p>;
}

/** The shell around every page: the sign-in gate, the header, and the route's page. */
export function App() {
  const { user } = useSession();
  const { t } = useI18n();
  const { path } = useLocation();
  if (user === undefined) return <p className="loading-page">{t('common.loading')}</p>;
  if (user === null) return <LoginPage />;
  return (
    <>
      <a className="skip-link" href="#main">{t('app.skip')}</a>
      <Header user={user} path={path} />
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<p className="loading-page">{t('common.loading')}</p>}>
          <Outlet />
        </Suspense>
      </main>
    </>
  );
}
