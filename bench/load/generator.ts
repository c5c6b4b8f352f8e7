/**
 * The load generator, run as its own process so it never shares an event loop with the server
 * it measures. Keep-alive connections through node's http Agent (at most `connections` sockets).
 *
 * - closed: `connections` workers, each sending its next request as soon as the last answered
 *   (the maximum throughput);
 * - open: requests started at a constant `rate` whatever the answers do; a request's latency is
 *   measured from when it was due to start, so a stalled server cannot hide its queue.
 *
 * With several servers of one database (`urls`), requests go to them in turn, as through a load
 * balancer without affinity, within the same `connections` sockets.
 *
 * Usage: node --import tsx bench/load/generator.ts '<json LoadSpec>'; prints one JSON LoadResult.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { makeFlow, type Flow, type FlowKind, type FlowRequest } from './flows.js';
import { latencySummary, type LatencySummary } from '../lib/stats.js';

/** What to run. */
export interface LoadSpec {
  url: string;
  /** Servers of one database to spread the requests over, one after the other (default: `url` alone). */
  urls?: string[];
  token?: string;
  kind: FlowKind;
  mode: 'closed' | 'open';
  connections: number;
  /** Requests per second of an open run. */
  rate?: number;
  warmupMs: number;
  durationMs: number;
}

/** What a run measured (only requests started inside the measured window count). */
export interface LoadResult {
  kind: FlowKind;
  mode: 'closed' | 'open';
  connections: number;
  rate?: number;
  durationMs: number;
  /** 2xx answers in the window. */
  acknowledged: number;
  errors: number;
  firstError?: string;
  perSecond: number;
  latency: LatencySummary;
}

interface Answer {
  status: number;
  body: string;
}

const spec: LoadSpec = JSON.parse(process.argv[2] ?? '{}');
const targets = (spec.urls ?? [spec.url]).map((url) => new URL(url));
// At most `connections` sockets in all, whatever the number of servers.
const agent = new http.Agent({ keepAlive: true, maxSockets: spec.connections, maxFreeSockets: spec.connections, maxTotalSockets: spec.connections });
const baseHeaders: Record<string, string> = { 'Content-Type': 'application/json', Accept: 'application/json' };
if (spec.token) baseHeaders.Authorization = `Bearer ${spec.token}`;

let sentCount = 0;

/** Sends a request to the next server in turn (round-robin, as a load balancer without affinity). */
function send(request: FlowRequest): Promise<Answer> {
  const target = targets[sentCount++ % targets.length];
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: target.hostname, port: target.port, method: 'POST', path: request.path, agent,
        headers: { ...baseHeaders, 'Content-Length': Buffer.byteLength(request.body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(request.body);
  });
}

/** Counts what happened inside the measured window. */
class Tally {
  readonly latencies: number[] = [];
  acknowledged = 0;
  errors = 0;
  firstError: string | undefined;

  constructor(readonly from: number, readonly to: number) {}

  inWindow(startedAt: number): boolean {
    return startedAt >= this.from && startedAt < this.to;
  }

  answer(dueAt: number, answeredAt: number, answer: Answer | Error): void {
    if (!this.inWindow(dueAt)) return;
    const ok = !(answer instanceof Error) && answer.status >= 200 && answer.status < 300;
    if (ok) {
      this.acknowledged++;
      this.latencies.push(answeredAt - dueAt);
      return;
    }
    this.errors++;
    this.firstError ??= answer instanceof Error ? answer.message : `${answer.status} ${answer.body.slice(0, 300)}`;
  }
}

let flowCount = 0;
const nextFlow = (): Flow => makeFlow(spec.kind, flowCount++);

async function closedLoop(tally: Tally): Promise<void> {
  const worker = async () => {
    while (performance.now() < tally.to) {
      const flow = nextFlow();
      let previous: string | undefined;
      for (let request = flow.next(previous); request && performance.now() < tally.to; request = flow.next(previous)) {
        const startedAt = performance.now();
        const answer = await send(request).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
        tally.answer(startedAt, performance.now(), answer);
        if (answer instanceof Error || answer.status >= 300) break;
        previous = answer.body;
      }
    }
  };
  await Promise.all(Array.from({ length: spec.connections }, worker));
}

async function openLoop(tally: Tally, start: number, rate: number): Promise<void> {
  const ready: Array<{ flow: Flow; previous?: string }> = [];
  const inFlight = new Set<Promise<void>>();
  let sent = 0;
  const dispatch = (dueAt: number) => {
    let entry = ready.pop() ?? { flow: nextFlow() };
    let request = entry.flow.next(entry.previous);
    if (!request) {
      entry = { flow: nextFlow() };
      request = entry.flow.next(undefined);
    }
    if (!request) throw new Error('a new flow has no first request');
    const work = send(request).then(
      (answer) => {
        tally.answer(dueAt, performance.now(), answer);
        if (answer.status < 300) ready.push({ flow: entry.flow, previous: answer.body });
      },
      (error: unknown) => tally.answer(dueAt, performance.now(), error instanceof Error ? error : new Error(String(error))),
    );
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };
  await new Promise<void>((resolve) => {
    const pump = () => {
      const now = performance.now();
      const due = Math.min(Math.floor(((now - start) * rate) / 1000) + 1, Math.ceil(((tally.to - start) * rate) / 1000));
      while (sent < due) dispatch(start + (sent++ * 1000) / rate);
      if (now >= tally.to) resolve();
      else setTimeout(pump, 1);
    };
    pump();
  });
  await Promise.all(inFlight);
}

const start = performance.now();
const tally = new Tally(start + spec.warmupMs, start + spec.warmupMs + spec.durationMs);
if (spec.mode === 'closed') await closedLoop(tally);
else await openLoop(tally, start, spec.rate ?? 100);
agent.destroy();

const result: LoadResult = {
  kind: spec.kind,
  mode: spec.mode,
  connections: spec.connections,
  rate: spec.rate,
  durationMs: spec.durationMs,
  acknowledged: tally.acknowledged,
  errors: tally.errors,
  firstError: tally.firstError,
  perSecond: Math.round((tally.acknowledged / spec.durationMs) * 1000),
  latency: latencySummary(tally.latencies),
};
process.stdout.write(`${JSON.stringify(result)}\n`);
