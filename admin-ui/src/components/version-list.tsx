/** The published versions of a process: number, who published it, when, and their message. */
import { useI18n } from '../i18n/index.js';
import { formatTime } from '../lib/clock.js';
import type { ProcessSummary } from '../types.js';

/** Newest first. */
export function VersionList({ versions }: { versions: ProcessSummary[] }) {
  const { t, language } = useI18n();
  if (versions.length === 0) return null;
  const sorted = [...versions].sort((a, b) => b.version - a.version);
  return (
    <section className="card versions" aria-labelledby="versions-title">
      <h2 id="versions-title">{t('processes.versions')} <span className="count">{versions.length}</span></h2>
      <ol className="version-list">
        {sorted.map((v) => (
          <li key={v.version}>
            <span className="version-chip">{t('processes.version', { n: v.version })}</span>
            <span className="muted">{v.publishedBy}{v.approvedBy ? ` · ${t('versions.approvedBy', { user: v.approvedBy })}` : ''} · {formatTime(v.publishedAt, language)}</span>
            {v.message && <span className="version-message">{v.message}</span>}
          </li>
        ))}
      </ol>
    </section>
  );
}
