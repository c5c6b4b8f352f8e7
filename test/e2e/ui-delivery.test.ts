/**
 * How the UI reaches a browser: compressed, and split so that staff opening their inbox do not
 * download the process editor, the diagrams or the charts.
 */
import type { Browser, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureUiBuilt, launchBrowser } from './browser.js';
import { PASSWORD, USERS, startServer, type TestServer } from './server.js';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  ensureUiBuilt();
  server = await startServer();
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Signs `username` in and records every script the page loads, with its encoding. */
async function scriptsLoadedBy(username: string, then?: (page: import('playwright-core').Page) => Promise<void>) {
  const context = await browser.newContext({ locale: 'en-GB', baseURL: server.url });
  const page = await context.newPage();
  const scripts: { url: string; encoding: string | null; cache: string | null; bytes: number }[] = [];
  page.on('response', (response: Response) => {
    if (!/\.js$/.test(new URL(response.url()).pathname)) return;
    const headers = response.headers();
    scripts.push({ url: response.url(), encoding: headers['content-encoding'] ?? null, cache: headers['cache-control'] ?? null, bytes: Number(headers['content-length'] ?? 0) });
  });
  await page.goto('/');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('.app-header').waitFor();
  await then?.(page);
  await context.close();
  return scripts;
}

describe('the UI as delivered', () => {
  it('gives an agent the inbox without the editor, diagram or chart code, compressed and cached', async () => {
    const scripts = await scriptsLoadedBy(USERS.agent.username, async (page) => {
      await page.getByRole('heading', { level: 1 }).first().waitFor();
    });
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts.filter((s) => /process-editor|dashboard|state-diagram/.test(s.url))).toEqual([]);
    for (const script of scripts) {
      // The build leaves files under 1 KB as they are: compressing them saves nothing.
      if (script.encoding === null) expect(script.bytes, script.url).toBeLessThan(1024);
      else expect(script.encoding).toMatch(/^(br|gzip)$/);
      expect(script.cache).toBe('public, max-age=31536000, immutable');
    }
  });

  it('serves the production build of React, whatever NODE_ENV the build ran under', async () => {
    const scripts = await scriptsLoadedBy(USERS.agent.username);
    const texts = await Promise.all(scripts.map(async (script) => (await fetch(script.url)).text()));
    // React's development build asks the reader to install its DevTools; the production build does not.
    expect(scripts.filter((_, i) => texts[i].includes('react.dev/link/react-devtools')).map((script) => script.url)).toEqual([]);
    expect(texts.join('').length).toBeGreaterThan(0);
  });

  it('loads the editor code when a process owner opens a process', async () => {
    const scripts = await scriptsLoadedBy(USERS.owner.username, async (page) => {
      await page.goto('/processes/complaint-handling');
      await page.locator('.cm-editor').first().waitFor();
    });
    expect(scripts.some((s) => /process-editor/.test(s.url))).toBe(true);
  });
});
