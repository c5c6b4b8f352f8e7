/**
 * Opens the Caseflow that `CASEFLOW_DB` names: SQLite for a file path (or nothing), PostgreSQL
 * for a `postgres://` URL. The PostgreSQL store is loaded only then, so SQLite needs no server.
 */
import { assembleCaseflow, openCaseflow, type Caseflow, type CaseflowStore } from './bootstrap.js';
import type { ServerConfig } from './config.js';
import type { Logger } from './log.js';

/** The URL with its password hidden, for logs and messages. */
export function shownDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://…';
  }
}

/** Opens the configured database (migrating it) and builds Caseflow over it. */
export async function openConfiguredCaseflow(config: ServerConfig, logger: Logger): Promise<Caseflow<CaseflowStore>> {
  if (config.databaseUrl === undefined) return openCaseflow(config, logger);
  const postgres = await import('../engine/store/postgres/index.js');
  const store = await postgres.openPostgresStore({ url: config.databaseUrl });
  return assembleCaseflow(
    {
      store,
      accounts: postgres.createPostgresAccountStore(store.pool),
      filters: postgres.createPostgresSavedFilterStore(store.pool),
      outbox: postgres.postgresOutboxBrowser(store.pool),
    },
    config,
    logger,
  );
}
