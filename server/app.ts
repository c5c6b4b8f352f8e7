/**
 * The Caseflow HTTP app: middleware (request id, logs, secure headers, body limit, auth),
 * the API routes, the built UI, and the one error handler.
 */
import { Hono } from 'hono';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import type { SavedFilterStore } from '../engine/accounts/saved-filters.js';
import type { AccountStore } from '../engine/accounts/types.js';
import type { AdminLog } from '../engine/audit/admin-log.js';
import type { ManualClock } from '../engine/runtime/clock.js';
import type { Engine } from '../engine/runtime/types.js';
import { authenticate } from './auth/authenticate.js';
import { LoginLimiter } from './auth/rate-limit.js';
import { bodySizeLimit } from './body-limit.js';
import { isPublicRequest } from './contract/index.js';
import type { Checkpoints } from './checkpoints.js';
import type { ServerConfig } from './config.js';
import type { AppEnv } from './context.js';
import { SimulationPool } from '../engine/runtime/simulation-pool.js';
import type { AppDeps } from './deps.js';
import { createLogger, errorFields, type Logger } from './log.js';
import { createMetrics, type CaseflowMetrics } from './metrics.js';
import { problemResponse, RequestProblem, toProblem } from './problem.js';
import { problemInLanguage, requestLanguage } from './problem-words.js';
import { requestLog } from './request-log.js';
import { auditRoutes } from './routes/audit.js';
import { caseRoutes } from './routes/cases.js';
import { clockRoutes } from './routes/clock.js';
import { customerRoutes } from './routes/customers.js';
import { healthRoutes } from './routes/health.js';
import { draftRoutes } from './routes/drafts.js';
import { metricsRoutes } from './routes/metrics.js';
import { migrationRoutes } from './routes/migrations.js';
import { openApiRoutes } from './routes/openapi.js';
import { previewTemplateRoutes } from './routes/preview-template.js';
import { processRoutes } from './routes/processes.js';
import { calendarRoutes } from './routes/calendars.js';
import { sessionRoutes } from './routes/session.js';
import { simulateRoutes } from './routes/simulate.js';
import { tokenRoutes } from './routes/tokens.js';
import { unitRoutes } from './routes/units.js';
import { userRoutes } from './routes/users.js';
import { workRoutes } from './routes/work.js';
import { filterRoutes } from './routes/filters.js';
import type { Notifications } from './notifications.js';
import { mountUi } from './static-ui.js';

/** What `createApp` needs; everything but engine, accounts and config has a default. */
export interface AppOptions {
  engine: Engine;
  accounts: AccountStore;
  config: ServerConfig;
  logger?: Logger;
  metrics?: CaseflowMetrics;
  limiter?: LoginLimiter;
  manualClock?: ManualClock;
  /** Tells the other servers on the database that the manual clock moved. */
  clockMoved?: (now: number) => Promise<void>;
  /** Outbox and report routes, mounted when given. */
  notifications?: Pick<Notifications, 'mount'>;
  filters?: SavedFilterStore;
  /** Workers of simulations (default: a pool of its own, whose idle workers do not hold the process). */
  simulations?: SimulationPool;
  adminLog: AdminLog;
  checkpoints: Pick<Checkpoints, 'now'>;
}

/** Content Security Policy of the UI: nothing from elsewhere, no inline scripts. */
const CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  // CodeMirror adds its styles at run time.
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** Builds the Hono app of Caseflow. */
export function createApp(options: AppOptions): Hono<AppEnv> {
  const deps: AppDeps = {
    engine: options.engine,
    accounts: options.accounts,
    config: options.config,
    logger: options.logger ?? createLogger(options.config.logLevel),
    metrics: options.metrics ?? createMetrics(),
    limiter: options.limiter ?? new LoginLimiter({ maxFailures: options.config.loginMaxFailures, windowMs: options.config.loginWindowMs }),
    manualClock: options.manualClock,
    clockMoved: options.clockMoved,
    simulations: options.simulations ?? new SimulationPool({ timeoutMs: options.config.simulationTimeoutMs }),
    adminLog: options.adminLog,
    checkpoints: options.checkpoints,
  };
  if (options.filters) deps.filters = options.filters;
  const app = new Hono<AppEnv>();

  app.use(requestId());
  app.use(requestLog(deps.logger, deps.metrics));
  app.use(secureHeaders({ contentSecurityPolicy: CSP }));
  app.use(
    bodySizeLimit(deps.config.bodyLimit, () => {
      throw new RequestProblem(413, 'body-too-large', `The request body may have at most ${deps.config.bodyLimit} bytes.`);
    }),
  );

  app.onError((error, c) => {
    const answer = problemInLanguage(toProblem(error, { conditional: c.get('conditional'), requestId: c.get('requestId'), instance: c.req.path }), error, requestLanguage(c.req.header('Accept-Language')));
    if (answer.unexpected) deps.logger.error('request failed', { requestId: c.get('requestId'), method: c.req.method, path: c.req.path, ...errorFields(error) });
    return problemResponse(answer);
  });
  app.notFound((c) =>
    problemResponse(toProblem(new RequestProblem(404, 'no-such-route', `There is no ${c.req.method} ${c.req.path}; GET /api/openapi.json lists the API.`), {
      requestId: c.get('requestId'),
      instance: c.req.path,
    })),
  );

  const auth = authenticate({ accounts: deps.accounts, isPublic: isPublicRequest, now: () => deps.engine.clock.now() });
  app.use('/api/*', auth);
  app.use('/metrics', auth);

  app.route('/', healthRoutes(deps));
  app.route('/', metricsRoutes(deps));
  for (const routes of [sessionRoutes, userRoutes, unitRoutes, tokenRoutes, previewTemplateRoutes, processRoutes, draftRoutes, migrationRoutes, calendarRoutes, simulateRoutes, workRoutes, filterRoutes, customerRoutes, caseRoutes, auditRoutes, clockRoutes, openApiRoutes]) {
    app.route('/api', routes(deps));
  }
  options.notifications?.mount(app);
  mountUi(app, deps.config.uiDir);
  return app;
}
