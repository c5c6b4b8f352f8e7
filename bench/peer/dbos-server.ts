/**
 * The PostgreSQL peer of the benchmark: the complaint flow as a DBOS Transact workflow that waits
 * on `DBOS.recv` for each of its four steps, behind a bare Hono app with the routes of the
 * bpmn-engine peer. A registration answers once DBOS has recorded the started workflow; an event
 * answers once its `DBOS.send` has committed (synchronous_commit on), so every answer follows a
 * durable write. DBOS runs on its own system database, with no Conductor and no telemetry export.
 *
 *   node --import tsx bench/peer/dbos-server.ts <postgres-url>   -> prints `listening <port>`
 */
import { randomUUID } from 'node:crypto';
import { serve } from '@hono/node-server';
import { DBOS } from '@dbos-inc/dbos-sdk';
import { Hono } from 'hono';
import { COMPLAINT_STEPS } from '../load/flows.js';

const url = process.argv[2];
if (!url) throw new Error('usage: dbos-server.ts <postgres-url>');

const STEPS = COMPLAINT_STEPS.map((step) => step.type);
/** The first-reply deadline of the complaint flow: a step not sent within it ends the workflow. */
const STEP_TIMEOUT_SECONDS = 24 * 3600;

/** One complaint: each step is received (and checkpointed by DBOS) in order. */
async function complaint(data: unknown): Promise<{ status: string; data: unknown; steps: unknown[] }> {
  const steps: unknown[] = [];
  for (const step of STEPS) {
    const input = await DBOS.recv<unknown>(step, { timeoutSeconds: STEP_TIMEOUT_SECONDS });
    if (input === null) return { status: 'expired', data, steps };
    steps.push(input);
  }
  return { status: 'done', data, steps };
}
const complaintWorkflow = DBOS.registerWorkflow(complaint, { name: 'complaint' });

DBOS.setConfig({
  name: 'caseflow-bench-peer',
  applicationVersion: '1',
  systemDatabaseUrl: url,
  logLevel: 'warn',
  enableOTLP: false,
});
await DBOS.launch();

const app = new Hono();
app.post('/cases', async (c) => {
  const body: { data?: unknown } = await c.req.json();
  const id = randomUUID();
  await DBOS.startWorkflow(complaintWorkflow, { workflowID: id })(body.data);
  return c.json({ id, status: 'active', waitingFor: STEPS[0] }, 201);
});

app.post('/cases/:id/events', async (c) => {
  const id = c.req.param('id');
  const body: { type?: string; input?: unknown } = await c.req.json();
  if (typeof body.type !== 'string' || !STEPS.includes(body.type)) return c.json({ error: `${String(body.type)} is not a step` }, 422);
  await DBOS.send(id, body.input ?? {}, body.type);
  return c.json({ id, sent: body.type });
});

const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  process.stdout.write(`listening ${info.port}\n`);
});
process.on('SIGTERM', () => server.close(() => { void DBOS.shutdown().then(() => process.exit(0)); }));
