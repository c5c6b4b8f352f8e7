/**
 * `SavedFilterStore` on PostgreSQL (table `saved_filters`), as the SQLite one has it.
 */
import type pg from 'pg';
import type { SavedFilter, SavedFilterStore } from '../../accounts/saved-filters.js';
import { readsOn } from './pg-errors.js';

interface FilterRow {
  id: string;
  owner_id: string;
  name: string;
  query: string;
  shared_unit: string | null;
  shared_role: string | null;
  created_at: number;
}

function toFilter(row: FilterRow): SavedFilter {
  const filter: SavedFilter = { id: row.id, ownerId: row.owner_id, name: row.name, query: JSON.parse(row.query), createdAt: row.created_at };
  if (row.shared_unit !== null) filter.sharedUnit = row.shared_unit;
  if (row.shared_role !== null) filter.sharedRole = row.shared_role;
  return filter;
}

/** A SavedFilterStore over a pool whose database the PostgreSQL store has migrated. */
export function createPostgresSavedFilterStore(pool: pg.Pool): SavedFilterStore {
  const query = readsOn(pool);
  return {
    async list({ userId, units, roles }) {
      const result = await query<FilterRow>(
        'SELECT * FROM saved_filters WHERE owner_id = $1 OR shared_unit = ANY ($2::text[]) OR shared_role = ANY ($3::text[]) ORDER BY name',
        [userId, units, roles],
      );
      return result.rows.map(toFilter);
    },
    async get(id) {
      const [row] = (await query<FilterRow>('SELECT * FROM saved_filters WHERE id = $1', [id])).rows;
      return row === undefined ? undefined : toFilter(row);
    },
    async save(filter) {
      await query('INSERT INTO saved_filters (id, owner_id, name, query, shared_unit, shared_role, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
        filter.id, filter.ownerId, filter.name, JSON.stringify(filter.query), filter.sharedUnit ?? null, filter.sharedRole ?? null, filter.createdAt,
      ]);
      return filter;
    },
    async remove(id) {
      return ((await query('DELETE FROM saved_filters WHERE id = $1', [id])).rowCount ?? 0) > 0;
    },
  };
}
