/**
 * What the first (and every) start does before serving: publish the shipped calendars and
 * processes that changed, and make sure there is an `admin`.
 */
import type { AccountStore } from '../engine/accounts/types.js';
import type { AdminLog } from '../engine/audit/admin-log.js';
import { CaseflowError } from '../engine/errors.js';
import type { Engine } from '../engine/runtime/types.js';
import { SERVER_ACTOR } from './admin-audit.js';
import { generatePassword } from './auth/passwords.js';
import { DEFAULT_MIN_PASSWORD_LENGTH, passwordProblems } from './auth/password-policy.js';
import { addUser } from './auth/users.js';
import { ConfigError } from './config.js';
import type { Logger } from './log.js';
import { listProcessFiles, readProcessFile, shown, type ProcessSource } from './process-files.js';
import { calendarsFolderOf, publishShippedCalendars } from './shipped-calendars.js';

/** What happened to each shipped process. */
export interface PublishReport {
  published: Array<{ processId: string; version: number; path: string }>;
  unchanged: string[];
  failed: Array<{ path: string; message: string }>;
}

const sameFiles = (a: Record<string, string>, b: Record<string, string>) =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([path, text]) => b[path] === text);

/** Whether the latest version was published from this source on the latest shared calendars. */
async function isUnchanged(engine: Engine, source: ProcessSource, calendars: ReadonlyMap<string, number>): Promise<boolean> {
  if (source.processId === undefined) return false;
  try {
    const latest = await engine.getProcess(source.processId);
    const calendarsCurrent = Object.entries(latest.calendars ?? {}).every(([name, version]) => calendars.get(name) === version);
    return latest.yaml === source.yaml && sameFiles(latest.files, source.files) && calendarsCurrent;
  } catch (error) {
    if (error instanceof CaseflowError && error.code === 'not-found') return false;
    throw error;
  }
}

/**
 * Publishes the shared calendars beside `folder` that changed, then every process file of
 * `folder` whose YAML or templates differ from its latest version, or whose latest version was
 * published on an older shared calendar (recorded in `adminLog` when given).
 */
export async function publishShippedProcesses(engine: Engine, folder: string, logger: Logger, adminLog?: AdminLog): Promise<PublishReport> {
  const report: PublishReport = { published: [], unchanged: [], failed: [] };
  const shippedCalendars = await publishShippedCalendars(engine, calendarsFolderOf(folder), logger, adminLog);
  report.failed.push(...shippedCalendars.failed);
  const calendars = new Map((await engine.listCalendars()).map((record) => [record.calendarId, record.version]));
  for (const path of listProcessFiles(folder)) {
    const source = readProcessFile(path);
    if (source.refused !== undefined) {
      const message = Object.values(source.refused).join('; ');
      report.failed.push({ path, message });
      logger.error('shipped process not published', { file: shown(path), error: message });
      continue;
    }
    if (await isUnchanged(engine, source, calendars)) {
      report.unchanged.push(source.processId ?? path);
      continue;
    }
    try {
      const record = await engine.publish({ yaml: source.yaml, files: source.files, publishedBy: 'caseflow', message: `shipped with Caseflow (${shown(path)})` });
      report.published.push({ processId: record.processId, version: record.version, path });
      await adminLog?.record({ actor: SERVER_ACTOR, action: 'process.publish', target: record.processId, details: { version: record.version, message: record.message } });
      logger.info('process published', { process: record.processId, version: record.version, file: shown(path) });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      report.failed.push({ path, message });
      logger.error('shipped process not published', { file: shown(path), error: message, details: error instanceof CaseflowError ? error.details : undefined });
    }
  }
  return report;
}

/**
 * Creates `admin` (roles admin and process-owner) when missing; returns the password if it was
 * generated. A chosen password must pass the password policy.
 */
export async function ensureAdmin(accounts: AccountStore, password: string | undefined, minPasswordLength = DEFAULT_MIN_PASSWORD_LENGTH, adminLog?: AdminLog): Promise<{ created: boolean; generatedPassword?: string }> {
  if (await accounts.findUserByUsername('admin')) return { created: false };
  if (password !== undefined) {
    const problems = passwordProblems(password, { username: 'admin', minLength: minPasswordLength });
    if (problems.length > 0) throw new ConfigError(`CASEFLOW_ADMIN_PASSWORD ${problems.map((problem) => problem.message).join('; ')}`);
  }
  const chosen = password ?? generatePassword();
  const user = await addUser(accounts, { username: 'admin', password: chosen, roles: ['admin', 'process-owner'] });
  await adminLog?.record({ actor: SERVER_ACTOR, action: 'user.create', target: user.username, details: { userId: user.id, roles: user.roles } });
  return password === undefined ? { created: true, generatedPassword: chosen } : { created: true };
}
