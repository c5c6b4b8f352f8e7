/**
 * drizzle-kit settings: `npx drizzle-kit generate --name <what>` writes the next numbered,
 * append-only migration into engine/store/sqlite/migrations; the store applies them when it opens.
 * Every `engine/store/sqlite/schema*.ts` is part of the schema (cases here, accounts beside it).
 */
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: './engine/store/sqlite/schema*.ts',
  out: './engine/store/sqlite/migrations',
  migrations: { prefix: 'index' },
  strict: true,
});
