/**
 * The peer of the benchmark: the complaint flow (complaint.bpmn) on bpmn-engine behind a bare
 * Hono app, each case's engine state saved to SQLite (WAL, synchronous=FULL) after every step,
 * one transaction per step, before the answer. Running engines stay in memory between steps,
 * which is bpmn-engine at its fastest (no recover per request).
 *
 *   node --import tsx bench/peer/peer-server.ts <db-file>   -> prints `listening <port>`
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { serve } from '@hono/node-server';
import Database from 'better-sqlite3';
import { Engine, type Execution } from 'bpmn-engine';
import { Hono } from 'hono';

const file = process.argv[2];
if (!file) throw new Error('usage: peer-server.ts <db-file>');
const source = readFileSync(new URL('./complaint.bpmn', import.meta.url), 'utf8');

const db = new Database(file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.exec('CREATE TABLE IF NOT EXISTS peer_cases (id TEXT PRIMARY KEY, status TEXT NOT NULL, state TEXT NOT NULL, updated_at INTEGER NOT NULL)');
const save = db.prepare(
  `INSERT INTO peer_cases (id, status, state, updated_at) VALUES (?, ?, ?, ?)
   ON CONFLICT (id) DO UPDATE SET status = excluded.status, state = excluded.state, updated_at = excluded.updated_at`,
);

const running = new Map<string, { engine: Engine; execution: Execution }>();

async function saveState(id: string, engine: Engine, execution: Execution): Promise<string> {
  const status = execution.state === 'idle' ? 'done' : 'active';
  save.run(id, status, JSON.stringify(await engine.getState()), Date.now());
  return status;
}

const waitingFor = (execution: Execution) => execution.getPostponed().map((activity) => activity.id);

const app = new Hono();
app.post('/cases', async (c) => {
  const body: { data?: unknown } = await c.req.json();
  const id = randomUUID();
  const engine = new Engine({ name: id, source, variables: { data: body.data } });
  const execution = await engine.execute();
  const status = await saveState(id, engine, execution);
  if (status === 'active') running.set(id, { engine, execution });
  return c.json({ id, status, waitingFor: waitingFor(execution) }, 201);
});

app.post('/cases/:id/events', async (c) => {
  const id = c.req.param('id');
  const body: { type?: string; input?: unknown } = await c.req.json();
  const live = running.get(id);
  if (!live) return c.json({ error: `case ${id} is not running` }, 404);
  if (typeof body.type !== 'string' || !waitingFor(live.execution).includes(body.type)) {
    return c.json({ error: `${String(body.type)} is not allowed now`, waitingFor: waitingFor(live.execution) }, 409);
  }
  live.execution.signal({ id: body.type, input: body.input });
  const status = await saveState(id, live.engine, live.execution);
  if (status === 'done') running.delete(id);
  return c.json({ id, status, waitingFor: waitingFor(live.execution) });
});

const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  process.stdout.write(`listening ${info.port}\n`);
});
process.on('SIGTERM', () => server.close(() => { db.close(); process.exit(0); }));
