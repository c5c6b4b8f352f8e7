/**
 * The bell in the header: how many notifications are unread, and a list of the latest, each
 * leading to its case; mark one or all read. Refreshed every 30 seconds and on navigation.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { showBidiControls } from '../../../engine/display-text.js';
import { client, ok } from '../api.js';
import type { components } from '../api-schema.js';
import { useI18n } from '../i18n/index.js';
import type { MessageKey } from '../i18n/en.js';
import { formatTime } from '../lib/clock.js';
import { navigate } from '../router.js';

/** Answer of `GET /api/notifications`. */
type NoticesAnswer = components['schemas']['Notifications'];
/** One notification. */
type NoticeRecord = components['schemas']['Notification'];

const KINDS: Record<string, MessageKey> = {
  assigned: 'bell.kind.assigned',
  approval: 'bell.kind.approval',
  warning: 'bell.kind.warning',
  message: 'bell.kind.message',
  handover: 'bell.kind.handover',
};

/** How often the unread count is refreshed. */
const POLL_MS = 30_000;

/** The bell; `path` changes on navigation and refreshes it. */
export function NotificationBell({ path }: { path: string }) {
  const { t, language } = useI18n();
  const [answer, setAnswer] = useState<NoticesAnswer>({ items: [], unread: 0 });
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);

  const load = useCallback(() => {
    ok(client.GET('/api/notifications', { params: { query: { limit: 20 } } })).then(setAnswer, () => undefined);
  }, []);
  useEffect(() => {
    load();
    const timer = setInterval(load, POLL_MS);
    return () => clearInterval(timer);
  }, [load, path]);
  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent | KeyboardEvent) => {
      if (event instanceof KeyboardEvent ? event.key === 'Escape' : !box.current?.contains(event.target instanceof Node ? event.target : null)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', close);
    };
  }, [open]);

  const markRead = async (ids?: number[]) => {
    await ok(client.POST('/api/notifications/read', { body: ids ? { ids } : {} })).catch(() => undefined);
    load();
  };
  const openCase = (notice: NoticeRecord) => {
    setOpen(false);
    if (notice.readAt === undefined) void markRead([notice.id]);
    navigate(`/cases/${encodeURIComponent(notice.caseId)}`);
  };

  return (
    <div className="bell" ref={box}>
      <button type="button" className="button-quiet bell-button" aria-expanded={open} aria-controls="bell-panel"
        aria-label={t('bell.label', { n: answer.unread })} onClick={() => { if (!open) load(); setOpen(!open); }}>
        <svg className="bell-icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
          <path fill="currentColor" d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z" />
        </svg>
        {answer.unread > 0 && <span className="bell-count" aria-hidden="true" data-testid="bell-count">{answer.unread}</span>}
      </button>
      {open && (
        <div id="bell-panel" className="bell-panel" role="region" aria-label={t('bell.title')}>
          <div className="bell-head">
            <strong>{t('bell.title')}</strong>
            {answer.unread > 0 && <button type="button" className="button-small" onClick={() => void markRead()}>{t('bell.markAll')}</button>}
          </div>
          {answer.items.length === 0 ? <p className="muted">{t('bell.empty')}</p> : (
            <ul className="bell-list">
              {answer.items.map((notice) => (
                <li key={notice.id} className={notice.readAt === undefined ? 'bell-item bell-unread' : 'bell-item'}>
                  <a href={`/cases/${encodeURIComponent(notice.caseId)}`} onClick={(e) => { e.preventDefault(); openCase(notice); }}>
                    <span className="bell-kind">{KINDS[notice.kind] ? t(KINDS[notice.kind]) : notice.kind}</span>
                    <span className="bell-text">{showBidiControls(notice.text || notice.caseId)}</span>
                    <span className="bell-meta">{notice.caseId} · {formatTime(notice.createdAt, language)}</span>
                  </a>
                  {notice.readAt === undefined && (
                    <button type="button" className="button-small" onClick={() => void markRead([notice.id])}>{t('bell.markRead')}</button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
