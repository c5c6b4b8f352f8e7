/**
 * The HTTP ceiling of B1: a bare Hono JSON POST route on @hono/node-server, nothing else.
 * Prints `listening <port>`.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const app = new Hono();
app.post('/echo', async (c) => {
  const body: unknown = await c.req.json();
  return c.json({ ok: true, received: body });
});

const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  process.stdout.write(`listening ${info.port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
