/**
 * The shared calendars shipped beside the processes (`calendars/*.yaml` next to `processes/`),
 * published at start when they changed, before the processes that name them.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { AdminLog } from '../engine/audit/admin-log.js';
import { parseYaml } from '../engine/dsl/parse-yaml.js';
import { CaseflowError } from '../engine/errors.js';
import type { Engine } from '../engine/runtime/types.js';
import { SERVER_ACTOR } from './admin-audit.js';
import type { Logger } from './log.js';
import { listProcessFiles, shown } from './process-files.js';

/** What happened to each shipped calendar. */
export interface CalendarPublishReport {
  published: Array<{ calendarId: string; version: number; path: string }>;
  failed: Array<{ path: string; message: string }>;
}

/** The folder of shared calendars that goes with a processes folder: `calendars` beside it. */
export function calendarsFolderOf(processesFolder: string): string {
  return join(dirname(resolve(processesFolder)), 'calendars');
}

async function latestYaml(engine: Engine, calendarId: string): Promise<string | undefined> {
  try {
    return (await engine.getCalendar(calendarId)).yaml;
  } catch (error) {
    if (error instanceof CaseflowError && error.code === 'not-found') return undefined;
    throw error;
  }
}

/** Publishes every calendar file of `folder` whose YAML differs from its latest version. */
export async function publishShippedCalendars(engine: Engine, folder: string, logger: Logger, adminLog?: AdminLog): Promise<CalendarPublishReport> {
  const report: CalendarPublishReport = { published: [], failed: [] };
  for (const path of listProcessFiles(folder)) {
    const yaml = readFileSync(path, 'utf8');
    const id = parseYaml(yaml).value?.id;
    if (typeof id === 'string' && (await latestYaml(engine, id)) === yaml) continue;
    try {
      const record = await engine.publishCalendar({ yaml, publishedBy: 'caseflow', message: `shipped with Caseflow (${shown(path)})` });
      report.published.push({ calendarId: record.calendarId, version: record.version, path });
      await adminLog?.record({ actor: SERVER_ACTOR, action: 'calendar.publish', target: record.calendarId, details: { version: record.version, message: record.message } });
      logger.info('calendar published', { calendar: record.calendarId, version: record.version, file: shown(path) });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      report.failed.push({ path, message });
      logger.error('shipped calendar not published', { file: shown(path), error: message, details: error instanceof CaseflowError ? error.details : undefined });
    }
  }
  return report;
}
