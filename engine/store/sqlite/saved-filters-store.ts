/**
 * `SavedFilterStore` on the engine's SQLite database (table `saved_filters`, migration 0002).
 */
import { eq, inArray, or } from 'drizzle-orm';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type { SavedFilter, SavedFilterStore } from '../../accounts/saved-filters.js';
import { savedFilters } from './schema.js';
import { toStoreError } from './sqlite-errors.js';

type FilterRow = typeof savedFilters.$inferSelect;

function toFilter(row: FilterRow): SavedFilter {
  const filter: SavedFilter = { id: row.id, ownerId: row.ownerId, name: row.name, query: row.query, createdAt: row.createdAt };
  if (row.sharedUnit !== null) filter.sharedUnit = row.sharedUnit;
  if (row.sharedRole !== null) filter.sharedRole = row.sharedRole;
  return filter;
}

async function guarded<T>(operation: () => T): Promise<T> {
  try {
    return operation();
  } catch (error) {
    throw toStoreError(error);
  }
}

/** A SavedFilterStore over a drizzle database whose migrations have run. */
export function createSqliteSavedFilterStore(db: BetterSQLite3Database): SavedFilterStore {
  return {
    list: ({ userId, units, roles }) =>
      guarded(() => {
        const shared = [eq(savedFilters.ownerId, userId)];
        if (units.length > 0) shared.push(inArray(savedFilters.sharedUnit, units));
        if (roles.length > 0) shared.push(inArray(savedFilters.sharedRole, roles));
        return db.select().from(savedFilters).where(or(...shared)).orderBy(savedFilters.name).all().map(toFilter);
      }),
    get: (id) => guarded(() => {
      const [row] = db.select().from(savedFilters).where(eq(savedFilters.id, id)).all();
      return row === undefined ? undefined : toFilter(row);
    }),
    save: (filter) => guarded(() => {
      db.insert(savedFilters).values({
        id: filter.id, ownerId: filter.ownerId, name: filter.name, query: filter.query,
        sharedUnit: filter.sharedUnit ?? null, sharedRole: filter.sharedRole ?? null, createdAt: filter.createdAt,
      }).run();
      return filter;
    }),
    remove: (id) => guarded(() => db.delete(savedFilters).where(eq(savedFilters.id, id)).run().changes > 0),
  };
}
