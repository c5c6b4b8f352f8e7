/** Process owners' list of published processes, latest version first, each opening the editor. */
import { Notice, errorText } from '../components/notice.js';
import { pickLabel, useI18n } from '../i18n/index.js';
import { formatTime } from '../lib/clock.js';
import { useProcesses } from '../lib/processes.js';
import { Link } from '../router.js';

/** The process list page. */
export function ProcessListPage() {
  const { t, language } = useI18n();
  const { processes, loading, error } = useProcesses();
  return (
    <section aria-labelledby="processes-title">
      <div className="page-head">
        <h1 id="processes-title">{t('processes.title')}</h1>
        <Link to="/processes/new" className="button button-primary">{t('processes.new')}</Link>
      </div>
      <p className="muted">{t('processes.intro')}</p>
      {error !== undefined && <Notice kind="error">{errorText(error)}</Notice>}
      {loading && <p>{t('common.loading')}</p>}
      {!loading && processes.length === 0 && <p className="empty">{t('processes.empty')}</p>}
      <ul className="process-list">
        {processes.map((p) => (
          <li key={p.id} className="card process-card">
            <div className="process-card-main">
              <h2><Link to={`/processes/${encodeURIComponent(p.id)}`}>{pickLabel(p.name, language)}</Link></h2>
              <p className="muted process-id">{p.id}</p>
              {typeof p.document?.description === 'string' && <p className="process-description">{p.document.description}</p>}
              <p className="muted">{t('processes.latest', { n: p.record.version, user: p.record.publishedBy, date: formatTime(p.record.publishedAt, language) })}</p>
              {p.record.message && <p className="process-message">“{p.record.message}”</p>}
            </div>
            <div className="process-card-side">
              <span className="version-chip">{t('processes.version', { n: p.record.version })}</span>
              <Link to={`/processes/${encodeURIComponent(p.id)}`} className="button" aria-label={`${t('processes.edit')} ${p.name}`}>{t('processes.edit')}</Link>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
