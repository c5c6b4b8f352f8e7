/** How `CASEFLOW_DB` names a PostgreSQL database rather than a SQLite file. */

/** Whether `db` names a PostgreSQL database (`postgres://…` or `postgresql://…`) rather than a file. */
export function isPostgresUrl(db: string): boolean {
  return /^postgres(ql)?:\/\//i.test(db);
}
