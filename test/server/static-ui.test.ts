import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './harness.js';

describe('the built admin UI', () => {
  let h: Harness;
  const dir = mkdtempSync(join(tmpdir(), 'caseflow-ui-'));
  beforeAll(async () => {
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Caseflow</title><div id="root"></div>');
    writeFileSync(join(dir, 'assets', 'app.js'), 'console.log("ui")');
    h = await createHarness({ users: {}, publish: false, config: { uiDir: dir } });
  });
  afterAll(async () => {
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves its files without a login, with a strict Content-Security-Policy', async () => {
    const script = await h.call('GET', '/assets/app.js');
    expect(script.status).toBe(200);
    expect(await script.text()).toBe('console.log("ui")');
    const index = await h.call('GET', '/');
    expect(await index.text()).toContain('<div id="root">');
    expect(index.headers.get('Content-Security-Policy')).toContain("script-src 'self'");
  });

  it('answers the UI\'s own routes with index.html', async () => {
    const page = await h.call('GET', '/cases/C123');
    expect(page.status).toBe(200);
    expect(page.headers.get('Content-Type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('<title>Caseflow</title>');
  });

  it('serves nothing outside its folder', async () => {
    for (const path of ['/../../../../etc/passwd', '/..%2F..%2F..%2F..%2Fetc%2Fpasswd', '/assets/..%2F..%2F..%2Fetc%2Fpasswd']) {
      const response = await h.call('GET', path);
      expect(await response.text()).not.toContain('root:');
    }
  });

  it('never answers an API path with the UI', async () => {
    const api = await h.call('GET', '/api/no-such-thing');
    expect(api.status).toBe(401);
    expect(api.headers.get('Content-Type')).toMatch(/^application\/problem\+json/);
    expect((await h.call('GET', '/health')).headers.get('Content-Type')).toMatch(/^application\/json/);
  });
});
