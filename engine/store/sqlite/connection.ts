/**
 * The settings of every writing connection to a SQLite file, the event loop's and the writer
 * thread's alike.
 */
import type { Database } from 'better-sqlite3';

/** Sets the sync level, caches and checkpointing of a connection (WAL mode is the file's, set once). */
export function configureConnection(sqlite: Database, synchronous: 'FULL' | 'NORMAL'): void {
  sqlite.pragma(`synchronous = ${synchronous}`);
  sqlite.pragma('cache_size = -32000');
  sqlite.pragma('temp_store = MEMORY');
  // Checkpointing every 32 MB instead of every 4 MB copies hot index pages once, not many times.
  sqlite.pragma('wal_autocheckpoint = 8192');
  sqlite.pragma('journal_size_limit = 67108864');
}
