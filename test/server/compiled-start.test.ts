/**
 * `npm start` runs the server compiled to JavaScript: the build step compiles it and copies what
 * it reads beside itself, and the compiled server starts, migrates and answers, its case commits
 * written by the compiled writer thread.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { complaint } from './harness.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('the compiled server', () => {
  it('is built by the start script and serves the shipped processes', async () => {
    const build = spawnSync(process.execPath, ['server/ensure-built.mjs'], { cwd: ROOT, encoding: 'utf8' });
    expect(build.status, build.stderr).toBe(0);
    expect(existsSync(join(ROOT, 'dist/server/server/main.js'))).toBe(true);

    const dir = mkdtempSync(join(tmpdir(), 'caseflow-compiled-'));
    const env = { ...process.env, PORT: '0', CASEFLOW_DB: join(dir, 'c.db'), CASEFLOW_ADMIN_PASSWORD: 'compiled start check 7', CASEFLOW_UI_DIR: join(dir, 'no-ui'), CASEFLOW_SQLITE_WRITER: 'thread' };
    const child = spawn(process.execPath, ['dist/server/server/main.js'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let output = '';
        const read = (chunk: Buffer) => {
          output += chunk.toString();
          const match = /listening on (http:\/\/\S+)/.exec(output);
          if (match) resolve(match[1].replace(/["',}]+$/, ''));
        };
        child.stdout.on('data', read);
        child.stderr.on('data', read);
        child.on('exit', (code) => reject(new Error(`server exited ${code}: ${output}`)));
      });
      const health = await fetch(`${url}/health`);
      expect(health.status).toBe(200);
      const login = await fetch(`${url}/api/session`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: 'compiled start check 7' }),
      });
      expect(login.status).toBe(200);
      const cookie = (login.headers.get('Set-Cookie') ?? '').split(';')[0];
      const processes = await (await fetch(`${url}/api/processes`, { headers: { Cookie: cookie } })).json();
      expect(processes.items.map((p: { processId: string }) => p.processId)).toContain('complaint-handling');
      const csrf: string = (await login.json()).csrfToken;
      const asAdmin = { 'Content-Type': 'application/json', Cookie: cookie, 'X-CSRF-Token': csrf };
      const user = await fetch(`${url}/api/users`, { method: 'POST', headers: asAdmin, body: JSON.stringify({ username: 'li.agent', password: 'a long password 123', roles: ['agent'] }) });
      expect(user.status).toBe(201);
      const token = await fetch(`${url}/api/tokens`, { method: 'POST', headers: asAdmin, body: JSON.stringify({ name: 'check', user: 'li.agent' }) });
      const bearer = { 'Content-Type': 'application/json', Authorization: `Bearer ${(await token.json()).token}` };
      // The case is written by the writer thread, whose compiled entry sits beside the store's.
      const opened = await fetch(`${url}/api/cases`, { method: 'POST', headers: bearer, body: JSON.stringify({ process: 'complaint-handling', data: complaint() }) });
      expect(opened.status).toBe(201);
      const { id } = await opened.json();
      expect(await (await fetch(`${url}/api/cases/${id}`, { headers: bearer })).json()).toMatchObject({ id, revision: 1 });
    } finally {
      child.kill();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
