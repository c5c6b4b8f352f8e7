/**
 * Moving running cases onto a later version of their process: the counts per version, a dry run
 * of a plan and applying it, a page at a time (each applied page recorded in the admin log).
 */
import { Hono } from 'hono';
import { timerWords } from '../../engine/dsl/timer-words.js';
import type { LabelLanguage } from '../../engine/dsl/enum-labels.js';
import { readMigrationPlan } from '../../engine/runtime/migration-plan.js';
import type { MigrationReport, MigrationRequest } from '../../engine/runtime/migrate-cases.js';
import type { Engine } from '../../engine/runtime/types.js';
import { requestActor } from '../admin-audit.js';
import { mount, type OperationHandler } from '../contract/mount.js';
import { applyMigration, planMigration, runningCases } from '../contract/migrations.js';
import type { RequestOf } from '../contract/operation.js';
import { actorOf, type AppEnv } from '../context.js';
import type { AppDeps } from '../deps.js';
import { definitionOf } from '../definitions.js';
import { requestLanguage } from '../problem-words.js';

type MigrationCall = Pick<RequestOf<typeof planMigration>, 'params' | 'body'>;

/** The engine's request from a checked call. */
function requestOf({ params, body }: MigrationCall): MigrationRequest {
  const request: MigrationRequest = { processId: params.id, from: body.from, to: body.to, plan: readMigrationPlan(body.plan) };
  if (body.cursor !== undefined) request.cursor = body.cursor;
  if (body.limit !== undefined) request.limit = body.limit;
  return request;
}

/** The report with each timer also named in words (`label`, `newLabel`), by the labels of the version it belongs to. */
async function withTimerWords(engine: Engine, report: MigrationReport, language: LabelLanguage) {
  const [before, after] = await Promise.all([report.from, report.to].map(async (version) => timerWords(definitionOf(await engine.getProcess(report.processId, version)), language)));
  return {
    ...report,
    cases: report.cases.map((one) => ({
      ...one,
      timers: one.timers.map((move) => ({ ...move, label: before(move.key), ...(move.newKey === undefined ? {} : { newLabel: after(move.newKey) }) })),
    })),
  };
}

/** Routes of `/api/processes/:id/running-cases` and `/api/processes/:id/migrations`. */
export function migrationRoutes(deps: AppDeps): Hono<AppEnv> {
  const { engine } = deps;
  const routes = new Hono<AppEnv>();

  mount(routes, runningCases, async (c, { params }) => {
    const byVersion = await engine.runningCases(params.id);
    return c.json({ processId: params.id, byVersion, total: Object.values(byVersion).reduce((sum, n) => sum + n, 0) });
  });

  mount(routes, planMigration, async (c, call) => {
    const report = await engine.planMigration(requestOf(call), actorOf(c.get('principal')));
    return c.json(await withTimerWords(engine, report, requestLanguage(c.req.header('Accept-Language'))));
  });

  const apply: OperationHandler<typeof applyMigration> = async (c, call) => {
    const request = requestOf(call);
    const report = await engine.migrateCases(request, actorOf(c.get('principal')));
    const moved = report.cases.filter((one) => one.outcome === 'migrated').map((one) => one.caseId);
    const blocked = report.cases.filter((one) => one.outcome === 'blocked').map((one) => one.caseId);
    if (moved.length > 0 || blocked.length > 0) {
      await deps.adminLog.record({
        actor: requestActor(c), action: 'process.migrate-cases', target: request.processId,
        details: { from: request.from, to: request.to, plan: request.plan, moved, blocked },
      });
    }
    return c.json(await withTimerWords(engine, report, requestLanguage(c.req.header('Accept-Language'))));
  };
  mount(routes, applyMigration, apply);

  return routes;
}
