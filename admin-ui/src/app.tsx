/** The shell: sign-in gate, navigation by role, language switch, and the page for the path. */
import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { useI18n } from './i18n/index.js';
import { Link, matchPath, navigate, useLocation } from './router.js';
import { useServerLabels, useSession } from './session.js';
import { LoginPage } from './pages/login.js';
import { InboxPage } from './pages/inbox.js';
import { NewCasePage } from './pages/new-case.js';
import { CasePage } from './pages/case-page.js';
import { NotificationBell } from './components/notification-bell.js';
import { useServerClockSync } from './lib/clock.js';
import type { User } from './types.js';

// Pages most staff never open load on first visit, so the inbox does not wait for the editor,
// the diagrams or the charts.
const ProcessListPage = lazy(() => import('./pages/process-list.js').then((m) => ({ default: m.ProcessListPage })));
const ProcessEditorPage = lazy(() => import('./pages/process-editor.js').then((m) => ({ default: m.ProcessEditorPage })));
const AdminLogPage = lazy(() => import('./pages/admin-log.js').then((m) => ({ default: m.AdminLogPage })));
const AuditPage = lazy(() => import('./pages/audit.js').then((m) => ({ default: m.AuditPage })));
const CaseAuditPage = lazy(() => import('./pages/case-audit.js').then((m) => ({ default: m.CaseAuditPage })));
const DashboardPage = lazy(() => import('./pages/dashboard.js').then((m) => ({ default: m.DashboardPage })));
const DigestPage = lazy(() => import('./pages/digest.js').then((m) => ({ default: m.DigestPage })));
const OutboxPage = lazy(() => import('./pages/outbox.js').then((m) => ({ default: m.OutboxPage })));
const PeoplePage = lazy(() => import('./pages/people.js').then((m) => ({ default: m.PeoplePage })));
const AccountPage = lazy(() => import('./pages/account.js').then((m) => ({ default: m.AccountPage })));
const WorkloadPage = lazy(() => import('./pages/workload.js').then((m) => ({ default: m.WorkloadPage })));
const MonthlyReportPage = lazy(() => import('./pages/monthly.js').then((m) => ({ default: m.MonthlyReportPage })));

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

function homeOf(user: User): string {
  const can = user.rights;
  if (can.cases) return '/inbox';
  if (can.processes) return '/processes';
  return '/audit';
}

function Routes({ user, path }: { user: User; path: string }) {
  const { t } = useI18n();
  const can = user.rights;
  const denied = <p className="notice notice-warning">{t('common.noAccess')}</p>;
  if (path === '/') return <Redirect to={homeOf(user)} />;
  if (path === '/inbox') return can.cases ? <InboxPage /> : denied;
  if (path === '/new') return can.cases ? <NewCasePage /> : denied;
  if (path === '/workload') return can.workload ? <WorkloadPage /> : denied;
  let params = matchPath('/cases/:id', path);
  if (params) return <CasePage id={params.id} />;
  if (path === '/processes') return can.processes ? <ProcessListPage /> : denied;
  if (path === '/processes/new') return can.processes ? <ProcessEditorPage /> : denied;
  params = matchPath('/processes/:id', path);
  if (params) return can.processes ? <ProcessEditorPage processId={params.id} /> : denied;
  if (path === '/audit') return can.audit ? <AuditPage /> : denied;
  if (path === '/audit/log') return can.audit ? <AdminLogPage /> : denied;
  params = matchPath('/audit/cases/:id', path);
  if (params) return can.audit ? <CaseAuditPage id={params.id} /> : denied;
  if (path === '/dashboard') return can.reports ? <DashboardPage /> : denied;
  if (path === '/digest') return can.reports ? <DigestPage /> : denied;
  if (path === '/monthly') return can.reports ? <MonthlyReportPage /> : denied;
  if (path === '/outbox') return can.outbox ? <OutboxPage canRetry={can.retryOutbox} /> : denied;
  if (path === '/people') return can.people ? <PeoplePage /> : denied;
  if (path === '/account/password') return <AccountPage section="password" />;
  if (path === '/account/away') return <AccountPage section="away" />;
  return <p>{t('common.notFound')}</p>;
}

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

/** The whole app. */
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
          <Routes user={user} path={path} />
        </Suspense>
      </main>
    </>
  );
}
