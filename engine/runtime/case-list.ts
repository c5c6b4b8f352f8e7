/**
 * The case list: a page of case rows from the store, each titled by its pinned version's
 * compiled `title` (from the process cache). Titles are rendered on reading, never stored.
 */
import { fallbackTitle } from '../compile/index.js';
import type { RuntimeContext } from './context.js';
import { named } from './directory-names.js';
import type { CaseQuery, CaseRecord } from './store.js';
import type { CaseListItem, CaseListPage } from './types.js';

type Describer = (record: CaseRecord) => Pick<CaseListItem, 'title' | 'approval' | 'queueRoles'>;

/** A page of cases with their titles, and for cases that wait, the decision or the queue they wait in. */
export async function listCases(ctx: RuntimeContext, query: CaseQuery): Promise<CaseListPage> {
  const page = await ctx.store.queryCases(query);
  const now = ctx.clock.now();
  const describers = new Map<string, Promise<Describer>>();
  const describerOf = (record: CaseRecord): Promise<Describer> => {
    const key = `${record.processId}@${record.version}`;
    let describer = describers.get(key);
    if (describer === undefined) {
      // A version that no longer compiles must not break the inbox: its cases keep a title from their data.
      describer = ctx.processes.load(record.processId, record.version).then(
        ({ compiled }): Describer => (item) => {
          const described: ReturnType<Describer> = { title: compiled.title(item.snapshot.data) };
          const approval = item.waitingOn === undefined ? undefined : compiled.staffing.approval(item.snapshot, now, item.id);
          if (approval) described.approval = approval;
          const queue = item.assignee === undefined && item.status === 'active' ? compiled.staffing.queueRoles(item.snapshot, now, item.id) : undefined;
          if (queue) described.queueRoles = queue;
          return described;
        },
        (): Describer => (item) => ({ title: fallbackTitle(item.snapshot.data) }),
      );
      describers.set(key, describer);
    }
    return describer;
  };
  const described = await Promise.all(page.items.map(async (record) => ({ ...record, ...(await describerOf(record))(record) })));
  const titles = await named(ctx.people, described.map((item) => item.title));
  const items = described.map((item, index) => ({ ...item, title: titles[index] }));
  return page.nextCursor === undefined ? { items } : { items, nextCursor: page.nextCursor };
}
