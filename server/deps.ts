/**
 * What the Hono app is built from: the engine, the accounts, the configuration and the
 * operational pieces (logger, metrics, login limiter, and the manual clock when there is one).
 */
import type { SavedFilterStore } from '../engine/accounts/saved-filters.js';
import type { AccountStore } from '../engine/accounts/types.js';
import type { AdminLog } from '../engine/audit/admin-log.js';
import type { ManualClock } from '../engine/runtime/clock.js';
import type { SimulationPool } from '../engine/runtime/simulation-pool.js';
import type { Engine } from '../engine/runtime/types.js';
import type { LoginLimiter } from './auth/rate-limit.js';
import type { Checkpoints } from './checkpoints.js';
import type { ServerConfig } from './config.js';
import type { Logger } from './log.js';
import type { CaseflowMetrics } from './metrics.js';

/** Everything routes may use. */
export interface AppDeps {
  engine: Engine;
  accounts: AccountStore;
  config: ServerConfig;
  logger: Logger;
  metrics: CaseflowMetrics;
  limiter: LoginLimiter;
  /** The engine's clock when `CASEFLOW_CLOCK=manual`: `POST /api/clock/advance` moves it. */
  manualClock?: ManualClock;
  /** Tells the other servers on the database that the manual clock moved to `now` (they follow). */
  clockMoved?: (now: number) => Promise<void>;
  /** Saved inbox filters; the filter routes answer 404 without them. */
  filters?: SavedFilterStore;
  /** Worker threads that run `POST /api/simulate`. */
  simulations: SimulationPool;
  /** Where every administrative action is recorded (actors from `admin-audit.ts`). */
  adminLog: AdminLog;
  /** Sealed checkpoints on demand. */
  checkpoints: Pick<Checkpoints, 'now'>;
}
