/**
 * Starting Caseflow for real: open the database, publish the shipped processes, make sure there
 * is an admin (and, for the demo, users and cases), start the timer scheduler, listen.
 */
import { serve, type ServerType } from '@hono/node-server';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { openCaseflow, type Caseflow } from './bootstrap.js';
import { shownDatabase, type ServerConfig } from './config.js';
import { createDemoCases } from './demo.js';
import { createDemoPeople, DEMO_PASSWORD } from './demo-people.js';
import type { Logger } from './log.js';
import { shown } from './process-files.js';
import { ensureAdmin, publishShippedProcesses } from './setup.js';

/** A listening Caseflow. */
export interface RunningCaseflow {
  caseflow: Caseflow;
  url: string;
  port: number;
  /** Stops listening, stops the scheduler, closes the database. */
  close(): Promise<void>;
}

/** Options of `startCaseflow`. */
export interface StartOptions {
  demo?: boolean;
  /** Where the lines meant for a person go (the URL, a generated password). */
  say?: (line: string) => void;
}

function listen(app: Caseflow['app'], config: ServerConfig): Promise<{ server: ServerType; port: number }> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info: AddressInfo) => resolve({ server, port: info.port }));
    server.once('error', reject);
  });
}

/** Opens, prepares and serves Caseflow according to `config`. */
export async function startCaseflow(config: ServerConfig, logger: Logger, options: StartOptions = {}): Promise<RunningCaseflow> {
  const say = options.say ?? ((line: string) => process.stdout.write(`${line}\n`));
  const caseflow = await openCaseflow(config, logger);
  try {
    if (caseflow.createdSealKeyFile) say(`Created the checkpoint seal key in ${shown(caseflow.createdSealKeyFile)} (mode 0600; keep a copy away from the database, see docs/audit-and-tamper-evidence.md)`);
    const report = await publishShippedProcesses(caseflow.engine, config.processesDir, logger, caseflow.adminLog);
    for (const failure of report.failed) say(`! ${shown(failure.path)} was not published: ${failure.message}`);

    const admin = await ensureAdmin(caseflow.accounts, config.adminPassword, config.passwordMinLength, caseflow.adminLog);
    if (admin.generatedPassword) say(`Created user "admin" with password: ${admin.generatedPassword}  (shown once; set CASEFLOW_ADMIN_PASSWORD to choose it)`);
    else if (admin.created) say('Created user "admin" with the password from CASEFLOW_ADMIN_PASSWORD.');

    if (options.demo) {
      const users = await createDemoPeople(caseflow.accounts, caseflow.engine.clock.now());
      if (users.length > 0) say(`Demo users (password "${DEMO_PASSWORD}"): ${users.join(', ')}`);
      const opened = await createDemoCases(caseflow.engine, caseflow.accounts, logger, caseflow.store);
      if (opened > 0) say(`Demo cases opened: ${opened}`);
    }

    caseflow.engine.startScheduler();
    caseflow.notifications.start();
    caseflow.checkpoints.start();
    const { server, port } = await listen(caseflow.app, config);
    const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    const ui = existsSync(join(config.uiDir, 'index.html'));
    const database = shownDatabase(config, shown);
    say(`Caseflow is listening on ${url}  (database ${database}, clock ${config.clock}${ui ? '' : ', no built UI: run npm run build:ui'})`);
    logger.info('listening', { url, port, db: database, clock: config.clock, ui });
    return {
      caseflow,
      url,
      port,
      async close() {
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await caseflow.close();
      },
    };
  } catch (error) {
    await caseflow.close();
    throw error;
  }
}
