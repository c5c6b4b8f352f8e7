/**
 * Opens a whole Caseflow from its configuration: the database `CASEFLOW_DB` names (migrated), the
 * engine on the configured clock, the accounts on the same database (lookups remembered for a
 * second), and the HTTP app over them.
 */
import type { Hono } from 'hono';
import type { AccountStore } from '../engine/accounts/types.js';
import { createAdminLog, type AdminLog } from '../engine/audit/admin-log.js';
import type { SealKey } from '../engine/audit/checkpoint.js';
import { createEngine, manualClock, systemClock, type ManualClock } from '../engine/runtime/index.js';
import { SimulationPool } from '../engine/runtime/simulation-pool.js';
import type { Engine } from '../engine/runtime/types.js';
import { openStore } from '../engine/store/open-store.js';
import type { ChangeHints } from '../engine/store/change-hints.js';
import type { CaseStore, OpenedStore } from '../engine/store/opened-store.js';
import { createApp } from './app.js';
import { createCheckpoints, witnessNotice, type Checkpoints } from './checkpoints.js';
import { cachedAccounts } from './auth/account-cache.js';
import { peopleDirectory } from './auth/people-directory.js';
import { configuredDatabase, type ServerConfig } from './config.js';
import type { AppEnv } from './context.js';
import { countingStore } from './counting-store.js';
import { errorFields, type Logger } from './log.js';
import { createMetrics, type CaseflowMetrics } from './metrics.js';
import { createNotifications, type Notifications } from './notifications.js';
import { loadSealKey } from './seal-key.js';

/** An open Caseflow: everything `main` serves, and its way to shut down. */
export interface Caseflow {
  config: ServerConfig;
  store: CaseStore;
  engine: Engine;
  accounts: AccountStore;
  metrics: CaseflowMetrics;
  logger: Logger;
  app: Hono<AppEnv>;
  /** Outbox delivery, the weekly digest and the reports (`start` is called by serve). */
  notifications: Notifications;
  /** The engine's clock when `CASEFLOW_CLOCK=manual`. */
  manualClock?: ManualClock;
  /** The administrative audit log. */
  adminLog: AdminLog;
  /** The key that seals checkpoints, and the file it was just created in (first start). */
  sealKey: SealKey;
  createdSealKeyFile?: string;
  /** Sealed checkpoints (`start` is called by serve). */
  checkpoints: Checkpoints;
  /** Worker threads of `POST /api/simulate` (`warm` is called by serve). */
  simulations: SimulationPool;
  /** Stops the scheduler, the simulation workers and closes the database. */
  close(): Promise<void>;
}

/**
 * Opens the database (creating and migrating it) and builds engine, accounts and app; `opened`
 * is a database opened already (tests open theirs to reach its driver).
 */
export async function openCaseflow(config: ServerConfig, logger: Logger, opened?: OpenedStore): Promise<Caseflow> {
  const stores = opened ?? (await openStore({ db: configuredDatabase(config), node: { id: config.nodeId, leaseMs: config.leaseMs }, writerThread: config.sqliteWriter === 'thread' }));
  const { store } = stores;
  const metrics = createMetrics();
  const manual = config.clock === 'manual' ? manualClock(config.clockStart ?? Date.now()) : undefined;
  const accounts = cachedAccounts(stores.accounts, { hints: stores.hints });
  const clock = manual ?? systemClock;
  const seal = loadSealKey(config);
  const engine = createEngine({
    store: countingStore(store, metrics),
    clock,
    people: peopleDirectory(accounts),
    audit: { store, sealKey: seal.key },
    scheduler: {
      onError: (error, timer) => logger.error('timer failed', { caseId: timer?.caseId, timer: timer?.key, ...errorFields(error) }),
    },
  });
  const notifications = createNotifications({
    store,
    outbox: stores.outbox,
    clock: engine.clock,
    logger,
    accounts,
    singleton: stores.singleton,
    // A store whose outbox rows are held per send is shared by several servers under leases.
    ...(store.holdOutbox === undefined ? {} : { leaseMs: config.leaseMs }),
  });
  const simulations = new SimulationPool({ timeoutMs: config.simulationTimeoutMs });
  const adminLog = createAdminLog(store, clock);
  const witnessChannel = config.checkpointWitness;
  const checkpoints = createCheckpoints({
    store, key: seal.key, clock, intervalMs: config.checkpointIntervalMs, logger, lock: stores.singleton,
    witness: witnessChannel === undefined ? undefined : async (checkpoint) => {
      await notifications.outbox.addNotice(witnessNotice(checkpoint, witnessChannel), clock.now());
    },
  });
  const hints = stores.hints;
  const clockMoved = manual && hints ? (now: number) => hints.send({ topic: 'clock', now }) : undefined;
  if (manual && hints) followClocks(hints, manual, engine, logger);
  const app = createApp({ engine, accounts, config, logger, metrics, manualClock: manual, clockMoved, notifications, adminLog, checkpoints, filters: stores.filters, simulations });
  return {
    config,
    store,
    engine,
    accounts,
    metrics,
    logger,
    app,
    notifications,
    manualClock: manual,
    simulations,
    adminLog,
    sealKey: seal.key,
    createdSealKeyFile: seal.createdFile,
    checkpoints,
    async close() {
      await checkpoints.stop();
      await simulations.close();
      await notifications.stop();
      await engine.stop();
      await stores.close();
    },
  };
}

/**
 * Moves this server's manual clock to where another server on the database moved its own, one
 * move after another, firing what fell due (the mover fired it first, so little is left).
 */
function followClocks(hints: ChangeHints, clock: ManualClock, engine: Engine, logger: Logger): void {
  let moving: Promise<unknown> = Promise.resolve();
  hints.subscribe((hint) => {
    if (hint.topic !== 'clock') return;
    moving = moving.then(async () => {
      const by = hint.now - clock.now();
      if (by <= 0) return;
      try {
        await engine.advanceClock(by);
      } catch (error) {
        logger.error('following the clock failed', { to: hint.now, ...errorFields(error) });
      }
    });
  });
}
