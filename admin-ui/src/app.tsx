/** The shell: sign-in gate, navigation by role, language switch, and the page for the path. */
import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { useI18n } from './i18n/index.js';
import { Link, matchPath, navigate, useLocation } from './router.js';
import { abilities, useSession } from './session.js';
import { LoginPage } from './pages/login.js';
import { InboxPage } from './pages/inbox.js';
import { NewCasePage } from './pages/new-case.js';
import { CasePage } from './pages/case-page.js';
import { NotificationBell } from './components/notification-bell.js';
import { readsWorkload } from './lib/work.js';
import { reportAbilities, useReportText } from './pages/dashboard-text.js';
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
  const can = abilities(user);
  const tr = useReportText();
  const reports = reportAbilities(user.roles);
  return (
    <header className="app-header">
      <Link to="/" className="brand">{t('app.name')}</Link>
      <nav aria-label={t('nav.main')} className="main-nav">
        {can.staff && <NavLink to="/inbox" current={path === '/inbox' || path.startsWith('/cases/')}>{t('nav.inbox')}</NavLink>}
        {can.staff && <NavLink to="/new" current={path === '/new'}>{t('nav.newCase')}</NavLink>}
        {readsWorkload(user) && <NavLink to="/workload" current={path === '/workload'}>{t('nav.workload')}</NavLink>}
        {can.processOwner && <NavLink to="/processes" current={path.startsWith('/processes')}>{t('nav.processes')}</NavLink>}
        {can.auditor && <NavLink to="/audit" current={path.startsWith('/audit')}>{t('nav.audit')}</NavLink>}
        {reports.reports && <NavLink to="/dashboard" current={path === '/dashboard' || path === '/digest' || path === '/monthly'}>{tr('nav.dashboard')}</NavLink>}
        {reports.outbox && <NavLink to="/outbox" current={path === '/outbox'}>{tr('nav.outbox')}</NavLink>}
        {seesPeople(user) && <NavLink to="/people" current={path === '/people'}>{t('nav.people')}</NavLink>}
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

/** Administrators see everyone; supervisors and city-level roles the people of their units. */
function seesPeople(user: User): boolean {
  return user.roles.includes('admin') || user.supervisor === true;
}

/** The signed-in person's name, opening their own account's pages. */
function UserMenu({ user }: { user: User }) {
  const { t } = useI18n();
  const close = (event: { currentTarget: HTMLElement }) => event.currentTarget.closest('details')?.removeAttribute('open');
  return (
    <details className="user-menu">
      <summary className="who" title={user.roles.join(', ')}>{t('nav.signedInAs', { user: user.displayName ?? user.username })}</summary>
      <nav className="user-menu-items" aria-label={t('nav.account')}>
        <Link to="/account/password" onClick={close}>{t('nav.changePassword')}</Link>
        <Link to="/account/away" onClick={close}>{t('nav.away')}</Link>
      </nav>
    </details>
  );
}

function homeOf(user: User): string {
  const can = abilities(user);
  if (can.staff) return '/inbox';
  if (can.processOwner) return '/processes';
  return '/audit';
}

function Routes({ user, path }: { user: User; path: string }) {
  const { t } = useI18n();
  const can = abilities(user);
  const denied = <p className="notice notice-warning">{t('common.noAccess')}</p>;
  if (path === '/') return <Redirect to={homeOf(user)} />;
  if (path === '/inbox') return can.staff ? <InboxPage /> : denied;
  if (path === '/new') return can.staff ? <NewCasePage /> : denied;
  if (path === '/workload') return readsWorkload(user) ? <WorkloadPage /> : denied;
  let params = matchPath('/cases/:id', path);
  if (params) return <CasePage id={params.id} />;
  if (path === '/processes') return can.processOwner ? <ProcessListPage /> : denied;
  if (path === '/processes/new') return can.processOwner ? <ProcessEditorPage /> : denied;
  params = matchPath('/processes/:id', path);
  if (params) return can.processOwner ? <ProcessEditorPage processId={params.id} /> : denied;
  if (path === '/audit') return can.auditor ? <AuditPage /> : denied;
  if (path === '/audit/log') return can.auditor ? <AdminLogPage /> : denied;
  params = matchPath('/audit/cases/:id', path);
  if (params) return can.auditor ? <CaseAuditPage id={params.id} /> : denied;
  const reports = reportAbilities(user.roles);
  if (path === '/dashboard') return reports.reports ? <DashboardPage /> : denied;
  if (path === '/digest') return reports.reports ? <DigestPage /> : denied;
  if (path === '/monthly') return reports.reports ? <MonthlyReportPage /> : denied;
  if (path === '/outbox') return reports.outbox ? <OutboxPage canRetry={reports.retry} /> : denied;
  if (path === '/people') return seesPeople(user) ? <PeoplePage /> : denied;
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
