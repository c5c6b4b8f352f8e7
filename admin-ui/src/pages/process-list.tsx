/** Process owners' list of published processes, latest version first, each opening the editor. */
import { useEffect, useState } from 'react';
import { Notice, errorText } from '../components/notice.js';
import { pickLabel, useI18n } from '../i18n/index.js';
import { formatTime } from '../lib/clock.js';
import { pendingDrafts, type DraftSummary } from '../lib/drafts.js';
import { useProcessSummaries } from '../lib/processes.js';
import { Link } from '../router.js';

/** The process list page. */
export function ProcessListPage() {
  const { t, language } = useI18n();
  const { processes, loading, error } = useProcessSummaries();
  const [drafts, setDrafts] = useState<DraftSummary[]>([]);
  useEffect(() => {
    void pendingDrafts().then(setDrafts, () => setDrafts([]));
  }, []);
  return (
    <section aria-labelledby="processes-title">
      <div className="page-head">
        <h1 id="processes-title">{t('nav.processes')}</h1>
        <Link to="/processes/new" className="button button-primary">{t('processes.new')}</Link>
      </div>
      <p className="muted">{t('processes.intro')}</p>
      {error !== undefined && <Notice kind="error">{errorText(error)}</Notice>}
      {drafts.length > 0 && (
        <section className="card pending-drafts" aria-labelledby="pending-title">
          <h2 id="pending-title">{t('review.pendingTitle')} <span className="count">{drafts.length}</span></h2>
          <ul>
            {drafts.map((d) => (
              <li key={d.id}>
                <Link to={`/process-drafts/${encodeURIComponent(d.id)}`}>{pickLabel(d.name, language)}</Link>
                <span className="muted"> · {d.author} · {formatTime(d.createdAt, language)}{d.message ? ` · “${d.message}”` : ''}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {loading && <p>{t('common.loading')}</p>}
      {!loading && processes.length === 0 && <p className="empty">{t('processes.empty')}</p>}
      <ul className="process-list">
        {processes.map((p) => (
          <li key={p.processId} className="card process-card">
            <div className="process-card-main">
              <h2><Link to={`/processes/${encodeURIComponent(p.processId)}`}>{pickLabel(p.name, language)}</Link></h2>
              <p className="muted process-id">{p.processId}</p>
              {p.description && <p className="process-description">{p.description}</p>}
              <p className="muted">{t('processes.latest', { n: p.version, user: p.publishedBy, date: formatTime(p.publishedAt, language) })}</p>
              {p.message && <p className="process-message">“{p.message}”</p>}
              {p.approvedBy && <p className="muted">{t('versions.approvedBy', { user: p.approvedBy })}</p>}
              {p.approvalRequired && <p className="muted">{t('review.required')}</p>}
            </div>
            <div className="process-card-side">
              <span className="version-chip">{t('processes.version', { n: p.version })}</span>
              <Link to={`/processes/${encodeURIComponent(p.processId)}`} className="button" aria-label={`${t('processes.edit')} ${p.name}`}>{t('processes.edit')}</Link>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
