/**
 * A draft of a process version under review: who drafted it from which version, what it changes
 * (read from the definitions, then line by line), and for another process owner than its author
 * approving it (it goes live, after saying how many running cases stay behind) or sending it
 * back with a comment.
 */
import { useEffect, useState } from 'react';
import { Notice, errorText } from '../components/notice.js';
import { DiffTable } from '../components/version-diff.js';
import { pickLabel, useI18n } from '../i18n/index.js';
import { formatTime } from '../lib/clock.js';
import { approveDraft, changeText, loadDraft, returnDraft, stayText, type Draft } from '../lib/drafts.js';
import { runningCases } from '../lib/migration.js';
import { readVersion } from '../lib/processes.js';
import { Link } from '../router.js';
import { useSession } from '../session.js';

/** The review page of one draft. */
export function DraftReviewPage({ id }: { id: string }) {
  const { t, language } = useI18n();
  const { user } = useSession();
  const [draft, setDraft] = useState<Draft>();
  const [base, setBase] = useState<string>();
  const [error, setError] = useState<string>();
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<{ kind: 'success' | 'error'; text: string }>();

  useEffect(() => {
    let live = true;
    loadDraft(id).then(async (loaded) => {
      const text = loaded.baseVersion === undefined ? ''
        : (await readVersion(loaded.processId, loaded.baseVersion)).yaml;
      if (!live) return;
      setDraft(loaded);
      setBase(text);
    }, (caught: unknown) => setError(errorText(caught)));
    return () => { live = false; };
  }, [id]);

  if (error) return <Notice kind="error">{error}</Notice>;
  if (!draft || base === undefined) return <p>{t('common.loading')}</p>;
  const mine = draft.author === user?.username;
  const next = (draft.baseVersion ?? 0) + 1;

  const approve = async () => {
    setBusy(true);
    setNotice(undefined);
    try {
      const counts = draft.baseVersion === undefined ? {} : await runningCases(draft.processId);
      if (!window.confirm(t('review.confirmApprove', { n: next, stay: stayText(counts, next, t) }))) return;
      const approved = await approveDraft(draft.id, comment);
      setDraft(approved);
      setNotice({ kind: 'success', text: t('review.approved', { n: approved.version ?? next }) });
    } catch (caught) {
      setNotice({ kind: 'error', text: errorText(caught) });
    } finally {
      setBusy(false);
    }
  };

  const sendBack = async () => {
    setBusy(true);
    setNotice(undefined);
    try {
      const returned = await returnDraft(draft.id, comment.trim());
      setDraft(returned);
      setNotice({ kind: 'success', text: t('review.returned', { author: draft.author }) });
    } catch (caught) {
      setNotice({ kind: 'error', text: errorText(caught) });
    } finally {
      setBusy(false);
    }
  };

  const status = draft.status === 'approved' ? t('review.status.approved', { n: draft.version ?? next }) : t(`review.status.${draft.status}`);
  return (
    <article className="review-page" aria-labelledby="review-title">
      <div className="page-head">
        <div>
          <h1 id="review-title">{t('review.title', { name: pickLabel(draft.name, language) })}</h1>
          <p className="muted">{draft.baseVersion === undefined
            ? t('review.metaNew', { author: draft.author, date: formatTime(draft.createdAt, language) })
            : t('review.meta', { author: draft.author, date: formatTime(draft.createdAt, language), base: draft.baseVersion })}</p>
          {draft.message && <p className="process-message">“{draft.message}”</p>}
        </div>
        <span className={`version-chip review-${draft.status}`} role="status">{status}</span>
      </div>
      {notice && <Notice kind={notice.kind}>{notice.text}</Notice>}
      {draft.reviewer && (
        <p className="review-verdict">
          {t('review.reviewedBy', { reviewer: draft.reviewer, date: formatTime(draft.reviewedAt, language) })}
          {draft.comment && <>: “{draft.comment}”</>}
        </p>
      )}
      {draft.status === 'returned' && mine && (
        <p><Link className="button" to={`/processes/${encodeURIComponent(draft.processId)}?draft=${encodeURIComponent(draft.id)}`}>{t('review.openInEditor')}</Link></p>
      )}

      <section className="card" aria-labelledby="changes-title">
        <h2 id="changes-title">{t('review.changes')} <span className="count">{draft.changes.length}</span></h2>
        {draft.changes.length === 0 ? <p className="muted">{t('review.noChanges', { n: draft.baseVersion ?? 0 })}</p> : (
          <ul className="review-changes">
            {draft.changes.map((change) => <li key={change.path} className={`change-${change.change}`}><code>{change.path}</code> {changeText(change, t)}</li>)}
          </ul>
        )}
      </section>

      {draft.status === 'pending' && (mine ? <Notice kind="info">{t('review.ownDraft')}</Notice> : (
        <section className="card review-form" aria-labelledby="verdict-title">
          <h2 id="verdict-title" className="visually-hidden">{t('review.open')}</h2>
          <div className="field">
            <label htmlFor="review-comment">{t('review.comment')}</label>
            <textarea id="review-comment" rows={3} value={comment} onChange={(e) => setComment(e.target.value)} aria-describedby="review-comment-hint" />
            <span id="review-comment-hint" className="field-hint">{t('review.commentHint')}</span>
          </div>
          <div className="migrate-actions">
            <button type="button" className="button-primary" disabled={busy} onClick={() => void approve()}>{t('review.approve')}</button>
            <button type="button" disabled={busy || comment.trim() === ''} onClick={() => void sendBack()}>{t('review.sendBack')}</button>
          </div>
        </section>
      ))}

      <section className="card" aria-labelledby="lines-title">
        <h2 id="lines-title">{t('review.lines')}</h2>
        <DiffTable before={base} after={draft.yaml} />
      </section>
    </article>
  );
}
