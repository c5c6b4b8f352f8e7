/**
 * Moving running cases onto a later version of their process: the counts per version, a dry run
 * of a plan and applying it, a page at a time (each applied page recorded in the admin log).
 */
import { Hono } from 'hono';
import { readMigrationPlan } from '../../engine/runtime/migration-plan.js';
import type { MigrationRequest } from '../../engine/runtime/migrate-cases.js';
import { requestActor } from '../admin-audit.js';
import { mount, type OperationHandler } from '../contract/mount.js';
import { applyMigration, planMigration, runningCases } from '../contract/migrations.js';
import type { RequestOf } from '../contract/operation.js';
import { actorOf, type AppEnv } from '../context.js';
import type { AppDeps } from '../deps.js';

type MigrationCall = Pick<RequestOf<typeof planMigration>, 'params' | 'body'>;

/** The engine's request from a checked call. */
function requestOf({ params, body }: MigrationCall): MigrationRequest {
  const request: MigrationRequest = { processId: params.id, from: body.from, to: body.to, plan: readMigrationPlan(body.plan) };
  if (body.cursor !== undefined) request.cursor = body.cursor;
  if (body.limit !== undefined) request.limit = body.limit;
  return request;
}

/** Routes of `/api/processes/:id/running-cases` and `/api/processes/:id/migrations`. */
export function migrationRoutes(deps: AppDeps): Hono<AppEnv> {
  const { engine } = deps;
  const routes = new Hono<AppEnv>();

  mount(routes, runningCases, async (c, { params }) => {
    const byVersion = await engine.runningCases(params.id);
    return c.json({ processId: params.id, byVersion, total: Object.values(byVersion).reduce((sum, n) => sum + n, 0) });
  });

  mount(routes, planMigration, async (c, call) => c.json(await engine.planMigration(requestOf(call), actorOf(c.get('principal')))));

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
    return c.json(report);
  };
  mount(routes, applyMigration, apply);

  return routes;
}
