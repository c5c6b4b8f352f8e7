/** A case's customer history: every case of the same customer (phone or customer id), of any process, newest first. */
import { pickLabel, useI18n } from '../i18n/index.js';
import { useProcessDefinitions } from '../lib/processes.js';
import { formatTime } from '../lib/clock.js';
import { client, ok } from '../api.js';
import type { components } from '../api-schema.js';
import { useApi } from '../lib/use-api.js';
import { useServerLabels } from '../session.js';
import { Link } from '../router.js';
import { Notice, errorText } from './notice.js';

/** One case of the history as the server lists it. */
type HistoryItem = components['schemas']['CustomerHistory']['items'][number];

/** The customer history section of a case page. */
export function CustomerHistory({ caseId }: { caseId: string }) {
  const { language, t } = useI18n();
  const named = useServerLabels();
  const history = useApi(['/api/cases/{id}/customer-history', caseId], (signal) =>
    ok(client.GET('/api/cases/{id}/customer-history', { params: { path: { id: caseId } }, signal })));
  const items = history.data?.items ?? [];
  // Each case's process and state by their labels, not their ids.
  const processes = useProcessDefinitions(items.map((item) => item.processId));
  const processName = (id: string) => pickLabel(processes.get(id)?.name ?? id, language);
  const stateName = (item: HistoryItem) => pickLabel(processes.get(item.processId)?.stateLabels.get(item.state) ?? item.state, language);
  return (
    <section className="card" aria-labelledby="customer-history-title">
      <h2 id="customer-history-title">{t('customerHistory.title')}</h2>
      <p className="muted">{t('customerHistory.intro')}</p>
      {history.error !== undefined && <Notice kind="error">{errorText(history.error)}</Notice>}
      {history.data && items.length <= 1 && <p className="empty">{t('customerHistory.none')}</p>}
      {items.length > 1 && (
        <ul className="customer-history" data-testid="customer-history">
          {items.map((item) => (
            <li key={item.id}>
              {item.id === caseId ? <strong>{item.title}</strong> : <Link to={`/cases/${item.id}`}>{item.title}</Link>}
              {' '}<span className="muted">{processName(item.processId)} · {stateName(item)} · {formatTime(item.createdAt, language === 'zh' ? 'zh' : 'en')} · {item.id === caseId ? t('customerHistory.current') : named.status(item.status)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
