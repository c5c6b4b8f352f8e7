/**
 * Customers across processes: the history of a case's customer (every case naming the same
 * phone number or customer id that the caller may see).
 */
import { Hono } from 'hono';
import { customerHistory } from '../../engine/runtime/customer-history.js';
import { customerHistory as customerHistoryOperation } from '../contract/cases.js';
import { mount } from '../contract/mount.js';
import { actorOf, type AppEnv } from '../context.js';
import type { AppDeps } from '../deps.js';

/** Routes of `/api/cases/:id/customer-history`. */
export function customerRoutes(deps: AppDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  mount(routes, customerHistoryOperation, async (c, { params }) => {
    const history = await customerHistory(deps.engine, params.id, actorOf(c.get('principal')));
    return c.json({
      customer: history.customer,
      items: history.cases.map((item) => ({
        id: item.id, processId: item.processId, state: item.state, status: item.status, title: item.title,
        createdAt: item.createdAt, updatedAt: item.updatedAt, unit: item.unit, assignee: item.assignee, parentId: item.parentId,
      })),
    });
  });
  return routes;
}
