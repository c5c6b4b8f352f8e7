/**
 * Notifications and reports as the server runs them: the delivery loop over the outbox, the
 * weekly warning digest, and what the outbox and report routes read. Delivery channels come
 * from environment variables (see engine/notify/config.ts); nothing runs until `start`.
 */
import type { Hono } from 'hono';
import type { AccountStore } from '../engine/accounts/types.js';
import { deliveryConfigFromEnv, startDeliveryLoop, type DeliveryLoop, type OutboxBrowser } from '../engine/notify/index.js';
import { createReports, monthlyReportJob, weeklyDigestJob, type Reports } from '../engine/reports/index.js';
import { startPeriodicJobs, type PeriodicJobs } from '../engine/runtime/periodic-jobs.js';
import type { SingletonLock } from '../engine/runtime/singleton-lock.js';
import type { Store } from '../engine/runtime/store.js';
import type { AppEnv } from './context.js';
import { errorFields, type Logger } from './log.js';
import { outboxRoutes } from './routes/outbox.js';
import { reportRoutes } from './routes/reports.js';

/** The notification side of a running Caseflow. */
export interface Notifications {
  outbox: OutboxBrowser;
  reports: Reports;
  /** Starts delivering the outbox and scheduling the weekly digest. */
  start(): void;
  /** Stops both after the round in progress. */
  stop(): Promise<void>;
  /** Mounts `/api/outbox` and `/api/reports` on the app. */
  mount(app: Hono<AppEnv>): void;
}

/** Options of `createNotifications`. */
export interface NotificationOptions {
  store: Pick<Store, 'queryCases' | 'getEvents' | 'listProcesses' | 'claimDueOutbox' | 'holdOutbox' | 'listOutbox' | 'updateOutbox'>;
  /** Where several servers share the database: how long their claims last (`CASEFLOW_LEASE`); a send must end within half of it. */
  leaseMs?: number;
  /** The outbox page's reads and the notices, on the same database. */
  outbox: OutboxBrowser;
  clock: { now(): number };
  logger: Logger;
  env?: NodeJS.ProcessEnv;
  /** The user directory: mail to a user goes to their stored e-mail. */
  accounts?: Pick<AccountStore, 'getUser' | 'getDirectory'>;
  /** The database's singleton lock: the digest and the monthly report are looked at by one server at a time. */
  singleton?: SingletonLock;
}

/** Builds the notification side; `CASEFLOW_TIMEZONE` (Asia/Shanghai) sets the digest's weeks. */
export function createNotifications(options: NotificationOptions): Notifications {
  const env = options.env ?? process.env;
  const { store, outbox, clock, logger } = options;
  const directory = options.accounts;
  const unitLabels = directory ? async () => new Map((await directory.getDirectory()).units.map((unit) => [unit.id, unit.label])) : undefined;
  const reports = createReports({ store, clock, timezone: env.CASEFLOW_TIMEZONE || undefined, unitLabels });
  let delivery: DeliveryLoop | undefined;
  let jobs: PeriodicJobs | undefined;
  const monthlyOptions = { store, reports, clock, ...(unitLabels ? { unitLabels } : {}) };

  return {
    outbox,
    reports,
    start() {
      if (delivery) return;
      const accounts = options.accounts;
      const userMailbox = accounts
        ? async (id: string): Promise<string | undefined> => {
          const user = await accounts.getUser(id);
          return user && !user.disabled ? user.email : undefined;
        }
        : undefined;
      const sendWithinMs = options.leaseMs === undefined ? undefined : Math.floor(options.leaseMs / 2);
      const config = deliveryConfigFromEnv(env, { userMailbox, sendWithinMs });
      delivery = startDeliveryLoop({
        store,
        clock,
        channels: config.channels,
        fallbackChannel: config.fallbackChannel,
        routes: config.routes,
        onError: (error) => logger.error('outbox delivery failed', errorFields(error)),
        onRound: (round) => {
          if (round.retrying + round.dead + round.lost > 0) logger.warn('outbox delivery trouble', { ...round });
        },
      });
      const digest = weeklyDigestJob({
        reports,
        outbox,
        clock,
        channel: env.CASEFLOW_DIGEST_CHANNEL || undefined,
        onSent: (row) => {
          logger.info('warning digest written', { outboxId: row.id, key: row.caseId });
          delivery?.wake();
        },
      });
      const monthly = monthlyReportJob({
        ...monthlyOptions,
        outbox,
        channel: env.CASEFLOW_MONTHLY_CHANNEL || undefined,
        onSent: (row) => {
          logger.info('monthly report written', { outboxId: row.id, key: row.caseId });
          delivery?.wake();
        },
      });
      jobs = startPeriodicJobs([digest, monthly], {
        clock,
        lock: options.singleton,
        onError: (error, job) => logger.error('periodic job failed', { job, ...errorFields(error) }),
      });
      logger.info('notifications started', { channels: Object.keys(config.channels), fallback: config.fallbackChannel, routes: config.routes });
    },
    async stop() {
      await Promise.all([delivery?.stop(), jobs?.stop()]);
      delivery = undefined;
      jobs = undefined;
    },
    mount(app) {
      app.route('/api', outboxRoutes({ outbox, store, clock, onRetry: () => delivery?.wake() }));
      app.route('/api', reportRoutes({ reports, monthly: monthlyOptions }));
    },
  };
}
