/**
 * Column types shared by the PostgreSQL schema. Text compares byte-wise (`COLLATE "C"`) as it
 * does in SQLite, so ids sort the same in both stores whatever the database's locale, and
 * ILIKE folds ASCII letters only, as SQLite's LIKE does. Times are epoch milliseconds.
 */
import { bigint, customType } from 'drizzle-orm/pg-core';

/** Text compared byte-wise. */
export const text = customType<{ data: string; driverData: string }>({
  dataType: () => 'text COLLATE "C"',
});

/** JSON kept as the exact text written (the event chain hashes that text), typed as `T` in queries. */
export function jsonText<T>(name: string) {
  return customType<{ data: T; driverData: string }>({
    dataType: () => 'text COLLATE "C"',
    toDriver: (value) => JSON.stringify(value),
    fromDriver: (value) => JSON.parse(value),
  })(name);
}

/** Epoch milliseconds (int8, read back as a number). */
export function epochMs(name: string) {
  return bigint(name, { mode: 'number' });
}
