/**
 * A large Caseflow database for B3 (restart), B4 (whole-database check), B5 (inbox) and B6
 * (memory): a few real complaint cases are walked through the engine to different states, then
 * cloned with bulk inserts straight into the SQLite file, each clone with its own id, times,
 * customer name and a correctly re-hashed event chain, so the result is what the engine itself
 * would have written (and `verifyAll` passes).
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { newCaseId } from '../../engine/runtime/case-id.js';
import { GENESIS_HASH, hashEvent } from '../../engine/runtime/hash-chain.js';
import { createEngine, manualClock } from '../../engine/runtime/index.js';
import type { CaseRecord, EventRecord, TimerRecord } from '../../engine/runtime/store.js';
import { openSqliteStore } from '../../engine/store/sqlite/index.js';
import { createLogger } from '../../server/log.js';
import { publishShippedProcesses } from '../../server/setup.js';
import { ROOT } from './children.js';

const DAY = 86_400_000;
const MINUTE = 60_000;
/** Same length as every clone's name, so string replacement keeps JSON valid and sizes equal. */
const TEMPLATE_NAME = 'Bench Customer 0000000';
const cloneName = (n: number) => `Bench Customer ${String(n).padStart(7, '0')}`;

const agent = { id: 'agent-li', roles: ['agent'] };

/** Events after registration that bring a template complaint to its state. */
const WALKS: Array<{ weight: number; steps: Array<{ type: string; input?: Record<string, unknown> }> }> = [
  { weight: 30, steps: [] },
  { weight: 20, steps: [{ type: 'reply', input: { message: 'Looking into it' } }] },
  { weight: 10, steps: [{ type: 'reply', input: { message: 'Looking into it' } }, { type: 'transfer', input: { department: 'billing' } }] },
  { weight: 10, steps: [{ type: 'reply', input: { message: 'Looking into it' } }, { type: 'propose', input: { type: 'refund', amount: 20 } }] },
  { weight: 10, steps: [{ type: 'reply', input: { message: 'Looking into it' } }, { type: 'wait-for-customer', input: { reason: 'invoice copy' } }] },
  {
    weight: 10,
    steps: [{ type: 'reply', input: { message: 'Looking into it' } }, { type: 'propose', input: { type: 'refund', amount: 20 } }, { type: 'resolve', input: {} }],
  },
  {
    weight: 10,
    steps: [
      { type: 'reply', input: { message: 'Looking into it' } }, { type: 'propose', input: { type: 'refund', amount: 20 } },
      { type: 'resolve', input: {} }, { type: 'callback', input: { satisfaction: 'satisfied' } },
    ],
  },
];

interface Template {
  record: CaseRecord;
  events: EventRecord[];
  timers: TimerRecord[];
}

/** What was generated. */
export interface BigDatabase {
  file: string;
  cases: number;
  events: number;
  pendingTimers: number;
  /** Creation time of the first case: every timer is due after it. */
  firstCreatedAt: number;
  /** Creation time of the last case. */
  lastCreatedAt: number;
  /** Shares of the cases by state. */
  states: Record<string, number>;
  generateMs: number;
}

async function makeTemplates(file: string, start: number): Promise<Template[]> {
  const store = openSqliteStore({ file, synchronous: 'NORMAL' });
  const clock = manualClock(start);
  const engine = createEngine({ store, clock });
  // Every shipped process: a complaint opens linked cases of others (warnings, inspections).
  const report = await publishShippedProcesses(engine, join(ROOT, 'processes'), createLogger('error'));
  if (report.failed.length > 0) throw new Error(`shipped processes failed to publish: ${JSON.stringify(report.failed)}`);
  const templates: Template[] = [];
  for (const walk of WALKS) {
    const data = {
      customer: { name: TEMPLATE_NAME, phone: '13800138000' }, channel: 'phone', category: 'billing',
      severity: 'normal', unit: 'East branch', description: 'Data charged twice this month',
    };
    const opened = await engine.createCase({ process: 'complaint-handling', data, actor: agent });
    for (const step of walk.steps) {
      clock.advance(10 * MINUTE);
      await engine.applyEvent(opened.id, step, agent);
    }
    const record = await store.getCase(opened.id);
    if (!record) throw new Error('template case vanished');
    templates.push({ record, events: await store.getEvents(opened.id), timers: await store.pendingTimers(opened.id) });
    clock.set(start);
  }
  await engine.stop();
  await store.close();
  return templates;
}

/** The snapshot with its deadline clocks' times (`resumedAt`, `dueAt`, …) moved by `shift` ms. */
function shiftedSnapshot(snapshot: CaseRecord['snapshot'], shift: number): CaseRecord['snapshot'] {
  const clocks: CaseRecord['snapshot']['clocks'] = {};
  for (const [name, clock] of Object.entries(snapshot.clocks)) {
    const moved: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(clock)) moved[key] = key.endsWith('At') && typeof value === 'number' ? value + shift : value;
    clocks[name] = { ...clock, ...moved };
  }
  return { ...snapshot, clocks };
}

/** Parses a JSON object written by the engine. */
function parseObject(text: string): Record<string, unknown> {
  const value: unknown = JSON.parse(text);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`not a JSON object: ${text.slice(0, 80)}`);
  return Object.fromEntries(Object.entries(value));
}

/** Units the bench cases belong to. */
export const BENCH_UNITS = 10;
/** Agents who hold the bench cases. */
export const BENCH_AGENTS = 200;
/** The unit of the n-th bench case. */
export const benchUnit = (n: number): string => `unit-${n % BENCH_UNITS}`;
/** The agent holding the n-th bench case (agents work in one unit each). */
export const benchAgent = (n: number): string => `agent-${n % BENCH_AGENTS}`;

/** Picks template indexes by weight, deterministically. */
function weightedCycle(): number[] {
  const cycle: number[] = [];
  WALKS.forEach((walk, index) => { for (let i = 0; i < walk.weight; i++) cycle.push(index); });
  // Interleave so neighbouring cases differ (created_at order then mixes states as in real life).
  return cycle.map((value, i) => ({ value, key: (i * 7919) % cycle.length })).sort((a, b) => a.key - b.key).map((x) => x.value);
}

/**
 * Creates `file` with `cases` complaint cases created over the 60 days before `end`, in bulk.
 * Returns what it wrote.
 */
export async function generateBigDatabase(file: string, cases: number, end: number = Date.now()): Promise<BigDatabase> {
  const started = performance.now();
  const span = 60 * DAY;
  const firstCreatedAt = end - span;
  const templates = await makeTemplates(file, firstCreatedAt - DAY);
  const db = new Database(file);
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144');
  db.pragma('wal_autocheckpoint = 0');
  // The template cases themselves are removed; only clones remain.
  db.exec('DELETE FROM cases; DELETE FROM case_roles; DELETE FROM events; DELETE FROM timers; DELETE FROM outbox;');
  const insertCase = db.prepare(
    `INSERT INTO cases (id, process_id, version, parent_id, state, status, snapshot, revision, next_due_at,
       actionable_roles, search_text, created_at, updated_at, created_by, last_hash, unit, assignee)
     VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertRole = db.prepare('INSERT INTO case_roles (case_id, role, created_at, next_due_at, unit, queued) VALUES (?, ?, ?, ?, ?, ?)');
  const insertEvent = db.prepare(
    `INSERT INTO events (case_id, seq, type, actor, actor_roles, at, from_state, to_state, input, timer, prev_hash, hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertTimer = db.prepare('INSERT INTO timers (case_id, key, due_at, count) VALUES (?, ?, ?, ?)');
  const prepared = templates.map((t) => ({
    t,
    roles: JSON.stringify(t.record.actionableRoles),
    eventInputs: t.events.map((e) => (e.input === null ? null : JSON.stringify(e.input))),
    actorRoles: t.events.map((e) => JSON.stringify(e.actorRoles)),
  }));
  const cycle = weightedCycle();
  const states: Record<string, number> = {};
  let events = 0;
  let pendingTimers = 0;
  const step = cases > 1 ? span / (cases - 1) : 0;
  const writeRange = db.transaction((from: number, to: number) => {
    for (let n = from; n < to; n++) {
      const p = prepared[cycle[n % cycle.length]];
      const { record, events: templateEvents, timers } = p.t;
      const createdAt = Math.floor(firstCreatedAt + n * step);
      const shift = createdAt - record.createdAt;
      const id = newCaseId(createdAt);
      const name = cloneName(n);
      const swap = (text: string) => text.replaceAll(record.id, id).replaceAll(TEMPLATE_NAME, name);
      let prevHash = GENESIS_HASH;
      templateEvents.forEach((e, i) => {
        const input = p.eventInputs[i] === null ? null : swap(p.eventInputs[i] ?? 'null');
        const fields = {
          caseId: id, seq: e.seq, type: e.type, actor: e.actor, actorRoles: e.actorRoles, at: e.at + shift,
          from: e.from, to: e.to, input: input === null ? null : parseObject(input),
          ...(e.timer ? { timer: e.timer } : {}),
        };
        const hash = hashEvent(prevHash, fields);
        insertEvent.run(id, e.seq, e.type, e.actor, p.actorRoles[i], fields.at, e.from, e.to, input, e.timer ? JSON.stringify(e.timer) : null, prevHash, hash);
        prevHash = hash;
      });
      events += templateEvents.length;
      const nextDueAt = record.nextDueAt === undefined ? null : record.nextDueAt + shift;
      // People: the cases spread over BENCH_UNITS units and BENCH_AGENTS agents; every fifth waits in a queue.
      const unit = benchUnit(n);
      const assignee = n % 5 === 0 || record.status === 'done' ? undefined : benchAgent(n);
      const snapshot = { ...shiftedSnapshot(record.snapshot, shift), unit, ...(assignee === undefined ? {} : { assignee }) };
      if (assignee === undefined) delete snapshot.assignee;
      insertCase.run(
        id, record.processId, record.version, record.state, record.status, swap(JSON.stringify(snapshot)), record.revision, nextDueAt,
        p.roles, swap(record.searchText), createdAt, record.updatedAt + shift, record.createdBy, prevHash, unit, assignee ?? null,
      );
      const queued = assignee === undefined && record.status === 'active' ? 1 : 0;
      for (const role of record.actionableRoles) insertRole.run(id, role, createdAt, nextDueAt, unit, queued);
      for (const timer of timers) insertTimer.run(id, timer.key, timer.dueAt + shift, timer.count);
      pendingTimers += timers.length;
      states[record.state] = (states[record.state] ?? 0) + 1;
    }
  });
  for (let from = 0; from < cases; from += 20_000) writeRange(from, Math.min(cases, from + 20_000));
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.exec('ANALYZE');
  db.close();
  return {
    file, cases, events, pendingTimers, firstCreatedAt, lastCreatedAt: Math.floor(firstCreatedAt + (cases - 1) * step), states,
    generateMs: performance.now() - started,
  };
}
