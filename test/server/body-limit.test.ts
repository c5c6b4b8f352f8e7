import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { bodySizeLimit } from '../../server/body-limit.js';

function app(maxSize: number): Hono {
  const routes = new Hono();
  routes.use(bodySizeLimit(maxSize, (c) => c.text('too large', 413)));
  routes.post('/echo', async (c) => c.text(await c.req.text()));
  routes.get('/echo', (c) => c.text('read'));
  return routes;
}

const streamOf = (text: string) => new ReadableStream<Uint8Array>({
  start(controller) {
    const bytes = new TextEncoder().encode(text);
    for (let at = 0; at < bytes.length; at += 4) controller.enqueue(bytes.subarray(at, at + 4));
    controller.close();
  },
});

describe('the body size limit', () => {
  it('refuses a body whose Content-Length is over the limit, and passes one at the limit through whole', async () => {
    const refused = await app(10).request('/echo', { method: 'POST', body: '01234567890', headers: { 'Content-Length': '11' } });
    expect(refused.status).toBe(413);
    const passed = await app(10).request('/echo', { method: 'POST', body: '0123456789', headers: { 'Content-Length': '10' } });
    expect(await passed.text()).toBe('0123456789');
  });

  it('counts the bytes of a body sent without a length, and refuses it once it grows past the limit', async () => {
    const init = (text: string) => ({ method: 'POST', body: streamOf(text), duplex: 'half' });
    expect((await app(10).request('/echo', init('0123456789abc'))).status).toBe(413);
    const passed = await app(10).request('/echo', init('01234567'));
    expect(await passed.text()).toBe('01234567');
  });

  it('lets reads through untouched', async () => {
    expect(await (await app(0).request('/echo')).text()).toBe('read');
  });
});
