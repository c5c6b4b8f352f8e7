/**
 * The app's routes on TanStack Router, one per page URL: the shell (`app.tsx`) is the root and
 * gates the sign-in; each page is shown when the server's rights for the user allow it, and the
 * pages most staff never open load on first visit, so the inbox does not wait for the editor,
 * the diagrams or the charts.
 */
import { createRootRoute, createRoute, createRouter, lazyRouteComponent, Navigate, useParams, type AnyRoute, type RouteComponent } from '@tanstack/react-router';
import type { ComponentType } from 'react';
import { App, NotFound } from './app.js';
import { useI18n } from './i18n/index.js';
import { CasePage } from './pages/case-page.js';
import { InboxPage } from './pages/inbox.js';
import { NewCasePage } from './pages/new-case.js';
import { appHistory } from './router.js';
import { useSession } from './session.js';
import type { Rights, User } from './types.js';

const ProcessListPage = lazyRouteComponent(() => import('./pages/process-list.js'), 'ProcessListPage');
const ProcessEditorPage = lazyRouteComponent(() => import('./pages/process-editor.js'), 'ProcessEditorPage');
const DraftReviewPage = lazyRouteComponent(() => import('./pages/draft-review.js'), 'DraftReviewPage');
const AdminLogPage = lazyRouteComponent(() => import('./pages/admin-log.js'), 'AdminLogPage');
const AuditPage = lazyRouteComponent(() => import('./pages/audit.js'), 'AuditPage');
const CaseAuditPage = lazyRouteComponent(() => import('./pages/case-audit.js'), 'CaseAuditPage');
const DashboardPage = lazyRouteComponent(() => import('./pages/dashboard.js'), 'DashboardPage');
const DigestPage = lazyRouteComponent(() => import('./pages/digest.js'), 'DigestPage');
const OutboxPage = lazyRouteComponent(() => import('./pages/outbox.js'), 'OutboxPage');
const PeoplePage = lazyRouteComponent(() => import('./pages/people.js'), 'PeoplePage');
const AccountPage = lazyRouteComponent(() => import('./pages/account.js'), 'AccountPage');
const WorkloadPage = lazyRouteComponent(() => import('./pages/workload.js'), 'WorkloadPage');
const MonthlyReportPage = lazyRouteComponent(() => import('./pages/monthly.js'), 'MonthlyReportPage');

/** The page the user starts on: the inbox for staff, else the processes or the audit. */
function homeOf(user: User): string {
  if (user.rights.cases) return '/inbox';
  if (user.rights.processes) return '/processes';
  return '/audit';
}

/** `Page` when the signed-in user has `right`, else a notice that their roles do not reach it. */
function guarded(right: keyof Rights, Page: ComponentType): RouteComponent {
  return function GuardedPage() {
    const { user } = useSession();
    const { t } = useI18n();
    return user?.rights[right] ? <Page /> : <p className="notice notice-warning">{t('common.noAccess')}</p>;
  };
}

/** The `id` parameter of the route being shown. */
const useId = (): string => useParams({ strict: false }).id ?? '';

function Home() {
  const { user } = useSession();
  return user ? <Navigate to={homeOf(user)} replace /> : null;
}

const root = createRootRoute({ component: App, notFoundComponent: NotFound });

/** A route under the shell. */
const page = (path: string, component: RouteComponent): AnyRoute => createRoute({ getParentRoute: () => root, path, component });

const routeTree = root.addChildren([
  page('/', Home),
  page('/inbox', guarded('cases', InboxPage)),
  page('/new', guarded('cases', NewCasePage)),
  page('/workload', guarded('workload', WorkloadPage)),
  page('/cases/$id', function CaseRoute() {
    return <CasePage id={useId()} />;
  }),
  page('/processes', guarded('processes', ProcessListPage)),
  page('/processes/new', guarded('processes', ProcessEditorPage)),
  page('/processes/$id', guarded('processes', function ProcessRoute() {
    return <ProcessEditorPage processId={useId()} />;
  })),
  // A draft is reviewed by another process owner: those who may publish.
  page('/process-drafts/$id', guarded('publish', function DraftReviewRoute() {
    return <DraftReviewPage id={useId()} />;
  })),
  page('/audit', guarded('audit', AuditPage)),
  page('/audit/log', guarded('audit', AdminLogPage)),
  page('/audit/cases/$id', guarded('audit', function CaseAuditRoute() {
    return <CaseAuditPage id={useId()} />;
  })),
  page('/dashboard', guarded('reports', DashboardPage)),
  page('/digest', guarded('reports', DigestPage)),
  page('/monthly', guarded('reports', MonthlyReportPage)),
  page('/outbox', guarded('outbox', OutboxPage)),
  page('/people', guarded('people', PeoplePage)),
  page('/account/password', function PasswordRoute() {
    return <AccountPage section="password" />;
  }),
  page('/account/away', function AwayRoute() {
    return <AccountPage section="away" />;
  }),
]);

/** The query kept as written: every value a string, in its order (`?view=all&overdue=true`). */
const parseSearch = (text: string): Record<string, string> => Object.fromEntries(new URLSearchParams(text));
const stringifySearch = (search: Record<string, unknown>): string => {
  const text = new URLSearchParams(Object.entries(search).filter((entry): entry is [string, string] => typeof entry[1] === 'string')).toString();
  return text ? `?${text}` : '';
};

/** The app's router. */
export const router = createRouter({ routeTree, history: appHistory, parseSearch, stringifySearch });
