/**
 * Child processes of the benchmarks: servers waited on until they print their port, and
 * measuring scripts whose last stdout line is their JSON result.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A running child and how to stop it. */
export interface Child {
  process: ChildProcess;
  /** Everything printed so far (stdout and stderr). */
  output(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when it has exited. */
  stop(graceMs?: number): Promise<void>;
}

/** Starts `node --import tsx <script> ...args` in the repository root. */
export function startTsx(script: string, args: string[] = [], env: Record<string, string> = {}, nodeFlags: string[] = []): Child {
  return startNode(script, args, env, [...nodeFlags, '--import', 'tsx']);
}

/** The server compiled as `npm start` runs it (`server/ensure-built.mjs` compiles it when stale); returns its entry script. */
export function buildServer(): string {
  const built = spawnSync(process.execPath, ['server/ensure-built.mjs'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`the server did not compile:\n${built.stdout}${built.stderr}`);
  return 'dist/server/server/main.js';
}

/** Starts `node <script> ...args` (a JavaScript file) in the repository root. */
export function startNode(script: string, args: string[] = [], env: Record<string, string> = {}, nodeFlags: string[] = []): Child {
  const child = spawn(process.execPath, [...nodeFlags, script, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  child.stderr?.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  return {
    process: child,
    output: () => output,
    async stop(graceMs = 5000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Waits until the child's output matches `pattern`; rejects if it exits first or `timeoutMs` passes. */
export function waitForOutput(child: Child, pattern: RegExp, timeoutMs = 60_000): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const match = pattern.exec(child.output());
      if (match) {
        cleanup();
        resolve(match);
      }
    };
    const onExit = () => {
      cleanup();
      reject(new Error(`child exited before printing ${pattern}:\n${child.output().slice(-2000)}`));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`child did not print ${pattern} within ${timeoutMs} ms:\n${child.output().slice(-2000)}`));
    }, timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      child.process.stdout?.off('data', check);
      child.process.stderr?.off('data', check);
      child.process.off('exit', onExit);
    };
    child.process.stdout?.on('data', check);
    child.process.stderr?.on('data', check);
    child.process.once('exit', onExit);
    check();
  });
}

/** Runs a tsx script to the end and parses the last line of its stdout as JSON. */
export function runTsxForJson<T>(script: string, args: string[] = [], env: Record<string, string> = {}, nodeFlags: string[] = []): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', script, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    child.once('exit', (code, signal) => {
      const last = stdout.trim().split('\n').at(-1) ?? '';
      if (code !== 0) {
        reject(new Error(`${script} exited with ${code ?? signal}:\n${stderr.slice(-3000)}${stdout.slice(-1000)}`));
        return;
      }
      try {
        const result: T = JSON.parse(last);
        resolve(result);
      } catch {
        reject(new Error(`${script} printed no JSON result:\n${stdout.slice(-2000)}${stderr.slice(-2000)}`));
      }
    });
  });
}

/** CPU time (user + system, ms) a process has used so far, from /proc; NaN where there is no /proc. */
export function cpuTimeMs(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of stat (12 and 13 after the command name), in ticks of 1/100 s.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}
