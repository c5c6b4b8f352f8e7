import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './harness.js';

/** A built UI as the Vite build writes it: hashed assets with their compressed copies. */
function fakeBuild(): string {
  const dir = mkdtempSync(join(tmpdir(), 'caseflow-ui-'));
  mkdirSync(join(dir, 'assets'));
  const page = `<!doctype html><script type="module" src="/assets/index-Ab12Cd.js"></script>${' '.repeat(2000)}`;
  const script = `console.log(${JSON.stringify('x'.repeat(4000))});`;
  const files: Record<string, string> = { 'index.html': page, 'assets/index-Ab12Cd.js': script };
  for (const [name, text] of Object.entries(files)) {
    writeFileSync(join(dir, name), text);
    writeFileSync(join(dir, `${name}.br`), brotliCompressSync(text));
    writeFileSync(join(dir, `${name}.gz`), gzipSync(text));
  }
  return dir;
}

describe('the admin UI as served', () => {
  let h: Harness;
  let dir: string;
  beforeAll(async () => {
    dir = fakeBuild();
    h = await createHarness({ publish: false, config: { uiDir: dir } });
  });
  afterAll(async () => {
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends hashed assets brotli-compressed when accepted, cached as immutable', async () => {
    const response = await h.call('GET', '/assets/index-Ab12Cd.js', { headers: { 'Accept-Encoding': 'gzip, deflate, br' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Encoding')).toBe('br');
    expect(response.headers.get('Vary')).toContain('Accept-Encoding');
    expect(response.headers.get('Cache-Control')).toBe('public, max-age=31536000, immutable');
    expect(response.headers.get('Content-Type')).toMatch(/javascript/);
    const body = brotliDecompressSync(Buffer.from(await response.arrayBuffer())).toString();
    expect(body).toContain('xxxx');
  });

  it('falls back to gzip, then to the plain file', async () => {
    const gzip = await h.call('GET', '/assets/index-Ab12Cd.js', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(gzip.headers.get('Content-Encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gzip.arrayBuffer())).toString()).toContain('console.log');
    const plain = await h.call('GET', '/assets/index-Ab12Cd.js');
    expect(plain.headers.get('Content-Encoding')).toBeNull();
    expect(await plain.text()).toContain('console.log');
  });

  it('answers client-side routes with the page, revalidated by its build tag', async () => {
    const first = await h.call('GET', '/cases/abc', { headers: { 'Accept-Encoding': 'br' } });
    expect(first.status).toBe(200);
    expect(first.headers.get('Cache-Control')).toBe('no-cache');
    expect(first.headers.get('Content-Encoding')).toBe('br');
    expect(brotliDecompressSync(Buffer.from(await first.arrayBuffer())).toString()).toContain('/assets/index-Ab12Cd.js');
    const etag = first.headers.get('ETag');
    expect(etag).toBe('"Ab12Cd"');
    const again = await h.call('GET', '/inbox', { headers: { 'If-None-Match': etag ?? '' } });
    expect(again.status).toBe(304);
  });

  it('answers a missing hashed file with 404, not with the page', async () => {
    const response = await h.call('GET', '/assets/index-Old999.js');
    expect(response.status).toBe(404);
  });

  it('labels API reads in the metrics by their route, not by the UI catch-all', async () => {
    const session = await h.login('admin');
    await h.call('GET', '/api/users', { as: session });
    const text = await (await h.call('GET', '/metrics', { as: session })).text();
    expect(text).toMatch(/^caseflow_http_request_duration_seconds_count\{method="GET",route="\/api\/users",status="200"\} 1$/m);
  });
});
