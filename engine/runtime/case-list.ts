/**
 * The case list: a page of case rows from the store, each titled by its pinned version's
 * compiled `title` (from the process cache). Titles are rendered on reading, never stored.
 */
import { fallbackTitle } from '../compile/index.js';
import type { RuntimeContext } from './context.js';
import type { CaseQuery, CaseRecord } from './store.js';
import type { CaseListPage } from './types.js';

type Titler = (data: Record<string, unknown>) => string;

/** A page of cases with their titles. */
export async function listCases(ctx: RuntimeContext, query: CaseQuery): Promise<CaseListPage> {
  const page = await ctx.store.queryCases(query);
  const titlers = new Map<string, Promise<Titler>>();
  const titlerOf = (record: CaseRecord): Promise<Titler> => {
    const key = `${record.processId}@${record.version}`;
    let titler = titlers.get(key);
    if (titler === undefined) {
      // A version that no longer compiles must not break the inbox: its cases keep a title from their data.
      titler = ctx.processes.load(record.processId, record.version).then(({ compiled }) => compiled.title, () => fallbackTitle);
      titlers.set(key, titler);
    }
    return titler;
  };
  const items = await Promise.all(page.items.map(async (record) => ({ ...record, title: (await titlerOf(record))(record.snapshot.data) })));
  return page.nextCursor === undefined ? { items } : { items, nextCursor: page.nextCursor };
}
