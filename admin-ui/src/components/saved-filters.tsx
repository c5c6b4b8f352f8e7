/**
 * Saved inbox filters: the user's own and those shared with their unit or role, each a link
 * to the inbox with its query; "Save this filter" keeps the current one under a name.
 */
import { useState, type FormEvent } from 'react';
import { client, done, ok } from '../api.js';
import type { components } from '../api-schema.js';
import { Notice, errorText } from './notice.js';
import { useI18n } from '../i18n/index.js';
import { query } from '../lib/query-string.js';
import { useApi } from '../lib/use-api.js';
import { Link } from '../router.js';

/** A saved inbox filter. */
type SavedFilter = components['schemas']['Filter'];

/** Props: the inbox query now (parameters left at their defaults omitted), and the user's id. */
export interface SavedFiltersProps {
  current: Record<string, string>;
  userId?: string;
}

/** The saved filters row with its save form. */
export function SavedFilters({ current, userId }: SavedFiltersProps) {
  const { t } = useI18n();
  const filters = useApi(['/api/filters'], (signal) => ok(client.GET('/api/filters', { signal })));
  const [saving, setSaving] = useState(false);
  const [name, setName] = useState('');
  const [error, setError] = useState<string>();
  const currentKey = query(current);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) {
      setError(t('form.missing'));
      return;
    }
    try {
      await done(client.POST('/api/filters', { body: { name: name.trim(), query: current } }));
      setSaving(false);
      setName('');
      setError(undefined);
      filters.reload();
    } catch (caught) {
      setError(errorText(caught));
    }
  };
  const remove = async (filter: SavedFilter) => {
    try {
      await done(client.DELETE('/api/filters/{id}', { params: { path: { id: filter.id } } }));
      filters.reload();
    } catch (caught) {
      setError(errorText(caught));
    }
  };

  // A server that keeps no saved filters answers 404: then there is nothing to offer.
  if (filters.error !== undefined && !filters.data) return null;
  const items = filters.data?.items ?? [];
  return (
    <section className="saved-filters" aria-label={t('filters.saved')}>
      <span className="saved-filters-title">{t('filters.saved')}:</span>
      {items.length === 0 && <span className="muted">{t('filters.none')}</span>}
      <ul className="saved-filter-list">
        {items.map((filter) => (
          <li key={filter.id} className={query(filter.query) === currentKey ? 'saved-filter saved-filter-current' : 'saved-filter'}>
            <Link to={`/inbox${query(filter.query)}`}>{filter.name}</Link>
            {(userId === undefined || filter.ownerId === userId) && (
              <button type="button" className="button-quiet saved-filter-delete" aria-label={t('filters.delete', { name: filter.name })}
                onClick={() => void remove(filter)}>×</button>
            )}
          </li>
        ))}
      </ul>
      {saving ? (
        <form className="saved-filter-form" onSubmit={save} noValidate>
          <label htmlFor="filter-name" className="visually-hidden">{t('filters.name')}</label>
          <input id="filter-name" autoFocus placeholder={t('filters.name')} value={name} maxLength={100} onChange={(e) => setName(e.target.value)} />
          <button type="submit" className="button-small button-primary">{t('filters.save')}</button>
          <button type="button" className="button-small" onClick={() => { setSaving(false); setError(undefined); }}>{t('common.cancel')}</button>
        </form>
      ) : (
        <button type="button" className="button-small" onClick={() => setSaving(true)}>{t('filters.save')}</button>
      )}
      {error && <Notice kind="error">{error}</Notice>}
    </section>
  );
}
