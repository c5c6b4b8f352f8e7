/**
 * Two engines (two servers' runtimes) on one PostgreSQL database: due timers fired by both at
 * once fire once each, in due order per case; events on one case from both land without a lost
 * update, or are refused as stale when the caller pinned the revision.
 */
import { expect, it } from 'vitest';
import { CaseflowError } from '../../engine/errors.js';
import { createEngine, manualClock, type Engine, type ManualClock } from '../../engine/runtime/index.js';
import { openPostgresStore, type PostgresStore } from '../../engine/store/postgres/index.js';
import { agent, HOUR, MONDAY, REPAIR_YAML } from '../runtime/engine-harness.js';

interface Server {
  store: PostgresStore;
  engine: Engine;
  clock: ManualClock;
}

async function openServers(url: string): Promise<[Server, Server]> {
  const open = async (id: string): Promise<Server> => {
    const store = await openPostgresStore({ url, node: { id } });
    const clock = manualClock(MONDAY);
    return { store, clock, engine: createEngine({ store, clock }) };
  };
  return [await open('east'), await open('west')];
}

async function closeServers(servers: Server[]): Promise<void> {
  for (const server of servers) {
    await server.engine.stop();
    await server.store.close();
  }
}

/** Registers the two-engine tests; `freshDatabase` gives the URL of a new empty database. */
export function describeTwoEngines(freshDatabase: () => Promise<string>): void {
  it('fires each due timer once when two engines fire at the same time, in due order per case', async () => {
    const servers = await openServers(await freshDatabase());
    const [east, west] = servers;
    try {
      await east.engine.publish({ yaml: REPAIR_YAML, publishedBy: 'owner' });
      const ids: string[] = [];
      for (let n = 0; n < 40; n++) {
        const opener = n % 2 === 0 ? east : west;
        ids.push((await opener.engine.createCase({ process: 'repair-request', data: { customer: { name: `Customer ${n}` } }, actor: agent })).id);
      }
      for (const server of servers) server.clock.set(MONDAY + 25 * HOUR);
      const fired = await Promise.all([east.engine.fireDueTimers(), west.engine.fireDueTimers()]);
      expect(fired[0] + fired[1]).toBe(40 * 5);
      expect(await Promise.all([east.engine.fireDueTimers(), west.engine.fireDueTimers()])).toEqual([0, 0]);
      for (const id of ids) {
        const timers = (await east.engine.history(id)).filter((event) => event.timer).map((event) => `${event.timer?.key.replace(/^.*:/, '')}#${event.timer?.count}`);
        expect(timers).toEqual(['remind#1', 'warn#1', 'escalate.0#1', 'escalate.1#1', 'breach#1']);
      }
      expect(await west.engine.verifyAll()).toMatchObject({ valid: true, casesChecked: 40 });
    } finally {
      await closeServers(servers);
    }
  });

  it('lands every event two engines send to one case, once each in one chain; a pinned revision that lost is refused', async () => {
    const servers = await openServers(await freshDatabase());
    const [east, west] = servers;
    try {
      await east.engine.publish({ yaml: REPAIR_YAML, publishedBy: 'owner' });
      const opened = await east.engine.createCase({ process: 'repair-request', data: { customer: { name: 'Wang Fang' } }, actor: agent });
      const notes = Array.from({ length: 12 }, (_, n) => (n % 2 === 0 ? east : west).engine.applyEvent(opened.id, { type: 'note', input: { text: `note ${n}` } }, agent));
      await Promise.all(notes);
      const history = await west.engine.history(opened.id);
      expect(history.map((event) => event.seq)).toEqual(Array.from({ length: 13 }, (_, n) => n + 1));
      expect(history.filter((event) => event.type === 'note').map((event) => event.input?.text).sort()).toEqual(Array.from({ length: 12 }, (_, n) => `note ${n}`).sort());

      const pinned = await Promise.allSettled([east, west].map((server) =>
        server.engine.applyEvent(opened.id, { type: 'note', input: { text: 'pinned' } }, agent, { expectedRevision: 13 })));
      expect(pinned.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      const refused = pinned.find((result) => result.status === 'rejected');
      expect(refused?.status === 'rejected' && refused.reason instanceof CaseflowError && refused.reason.code).toBe('stale-revision');
      expect((await east.engine.replay(opened.id, agent)).consistent).toBe(true);
      expect(await east.engine.verifyAll()).toMatchObject({ valid: true, casesChecked: 1, eventsChecked: 14 });
    } finally {
      await closeServers(servers);
    }
  });
}
