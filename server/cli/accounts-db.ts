/**
 * What the `user`, `token`, `unit` and `org` commands work on: the accounts of the database named by
 * CASEFLOW_DB (./data/caseflow.db, or a postgres:// URL), opened (and migrated) like the server opens it.
 */
import type { AccountStore } from '../../engine/accounts/types.js';
import { createAdminLog, type AdminLog } from '../../engine/audit/admin-log.js';
import { systemClock } from '../../engine/runtime/clock.js';
import { openStore } from '../../engine/store/open-store.js';
import { KNOWN_ROLES } from '../auth/roles.js';
import { configuredDatabase, loadConfig, type ServerConfig } from '../config.js';
import { declaredRoles } from '../definitions.js';

/** Where a command writes, and the environment it reads. */
export interface CommandIo {
  out(line: string): void;
  err(line: string): void;
  env: Record<string, string | undefined>;
}

/** The process's own streams and environment. */
export const processIo: CommandIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
};

/** Opens the accounts, runs `work` with them, the roles that may be given, the configuration and the admin log, and closes the database. */
export async function withAccounts<T>(io: CommandIo, work: (accounts: AccountStore, roles: Set<string>, config: ServerConfig, adminLog: AdminLog) => Promise<T>): Promise<T> {
  const config = loadConfig(io.env);
  const opened = await openStore({ db: configuredDatabase(config) });
  try {
    const roles = declaredRoles(await opened.store.listProcesses());
    for (const role of KNOWN_ROLES) roles.add(role);
    return await work(opened.accounts, roles, config, createAdminLog(opened.store, systemClock));
  } finally {
    await opened.close();
  }
}

/** A comma-separated list (`agent,team-lead`) as its items. */
export function commaList(text: string | undefined): string[] {
  return (text ?? '').split(',').map((item) => item.trim()).filter(Boolean);
}
