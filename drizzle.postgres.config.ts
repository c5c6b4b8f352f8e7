/**
 * drizzle-kit settings of the PostgreSQL store: `npx drizzle-kit generate --config
 * drizzle.postgres.config.ts --name <what>` writes the next append-only migration into
 * engine/store/postgres/migrations; the store applies them when it opens.
 */
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './engine/store/postgres/schema*.ts',
  out: './engine/store/postgres/migrations',
  migrations: { prefix: 'index' },
  strict: true,
});
