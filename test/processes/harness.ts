/**
 * A tiny runtime for scenario tests of the shipped processes: one case, a manual clock (plain
 * epoch ms), the pending timers the steps asked for, and every notification and linked case the
 * steps produced. `advance` fires due timers in due order through `step`, as the scheduler would.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseProcess } from '../../engine/dsl/index.js';
import { compileProcess } from '../../engine/compile/index.js';
import type { Actor, CaseSnapshot, CompiledProcess, Effect, Notify, StartCase, StepResult } from '../../engine/compile/index.js';
import { CaseflowError } from '../../engine/errors.js';

const PROCESSES = join(dirname(fileURLToPath(import.meta.url)), '../../processes');

/** The shipped YAML text of a process and its template files (paths relative to the YAML). */
export function shippedSource(id: string): { yaml: string; files: Record<string, string> } {
  const yaml = readFileSync(join(PROCESSES, `${id}.yaml`), 'utf8');
  const files: Record<string, string> = {};
  const folder = join(PROCESSES, 'templates', id);
  if (existsSync(folder)) {
    for (const name of readdirSync(folder)) files[`templates/${id}/${name}`] = readFileSync(join(folder, name), 'utf8');
  }
  return { yaml, files };
}

const compiled = new Map<string, CompiledProcess>();

function compileSource(id: string, yaml: string, files: Record<string, string>): CompiledProcess {
  const { definition, diagnostics } = parseProcess(yaml, files);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (!definition || errors.length > 0) {
    throw new Error(`${id}.yaml does not validate:\n${errors.map((d) => `${d.line}:${d.column} ${d.message}`).join('\n')}`);
  }
  return compileProcess(definition, files);
}

/** Parses, validates (no errors allowed) and compiles a shipped process, once per test file. */
export function loadProcess(id: string): CompiledProcess {
  const hit = compiled.get(id);
  if (hit) return hit;
  const { yaml, files } = shippedSource(id);
  const process = compileSource(id, yaml, files);
  compiled.set(id, process);
  return process;
}

/** A shipped process as a process owner might tune it: each `[from, to]` text replaced once. */
export function loadTuned(id: string, edits: Array<[string, string]>): CompiledProcess {
  const { yaml, files } = shippedSource(id);
  const tuned = edits.reduce((text, [from, to]) => {
    if (!text.includes(from)) throw new Error(`${id}.yaml has no ${from}`);
    return text.replace(from, to);
  }, yaml);
  return compileSource(id, tuned, files);
}

/** An actor with one role, named after it. */
export function as(role: string, id = role): Actor {
  return { id, roles: [role] };
}

/** A notification as the test sees it, with the clock time it was produced at. */
export interface SentMessage extends Notify {
  at: number;
}

/** Time units in ms, for readable arithmetic in tests. */
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Epoch ms of a China-local wall time such as `2026-03-02 09:00`. */
export function beijing(local: string): number {
  return Date.parse(`${local.replace(' ', 'T')}:00+08:00`);
}

interface PendingTimer {
  key: string;
  dueAt: number;
  count: number;
  seq: number;
}

/** One case of a compiled process, driven by hand. */
export class CaseRun {
  snapshot: CaseSnapshot;
  state: string;
  now: number;
  readonly messages: SentMessage[] = [];
  readonly started: StartCase[] = [];
  /** Timer keys in the order they fired. */
  readonly fired: string[] = [];
  private readonly timers = new Map<string, PendingTimer>();
  private seq = 0;

  constructor(
    readonly process: CompiledProcess,
    args: { data: Record<string, unknown>; actor: Actor; now: number; caseId?: string },
    readonly caseId = args.caseId ?? `${process.definition.id}-1`,
  ) {
    this.now = args.now;
    const result = process.start({ data: args.data, actor: args.actor, now: args.now, caseId: this.caseId });
    this.snapshot = result.snapshot;
    this.state = result.state;
    this.apply(result);
  }

  /** The case data. */
  get data(): Record<string, unknown> {
    return this.snapshot.data;
  }

  /** Sends a person's event now; a refusal throws and changes nothing. */
  send(type: string, actor: Actor, input?: Record<string, unknown>): StepResult {
    const result = this.process.step(this.snapshot, { type, actor, input }, this.now, this.caseId);
    this.accept(result);
    return result;
  }

  /** The CaseflowError a refused event throws (fails when the event is accepted). */
  refusal(type: string, actor: Actor, input?: Record<string, unknown>): CaseflowError {
    const before = JSON.stringify(this.snapshot);
    try {
      this.process.step(this.snapshot, { type, actor, input }, this.now, this.caseId);
    } catch (error) {
      if (!(error instanceof CaseflowError)) throw error;
      if (JSON.stringify(this.snapshot) !== before) throw new Error('a refused event changed the snapshot');
      return error;
    }
    throw new Error(`${type} by ${actor.id} was accepted in ${this.state}`);
  }

  /** Moves the clock forward, firing every timer that falls due on the way, in due order. */
  advance(ms: number): void {
    this.advanceTo(this.now + ms);
  }

  /** Moves the clock to `until` (epoch ms), firing due timers on the way. */
  advanceTo(until: number): void {
    for (;;) {
      const next = [...this.timers.values()]
        .filter((timer) => timer.dueAt <= until)
        .sort((a, b) => a.dueAt - b.dueAt || a.seq - b.seq)[0];
      if (!next) break;
      this.timers.delete(next.key);
      this.now = Math.max(this.now, next.dueAt);
      this.fired.push(next.key);
      const result = this.process.step(
        this.snapshot,
        { type: '$timer', actor: { id: 'system', roles: ['system'] }, timer: { key: next.key, count: next.count } },
        this.now,
        this.caseId,
      );
      this.accept(result);
    }
    this.now = Math.max(this.now, until);
  }

  /** Pending timers, soonest first. */
  pending(): Array<{ key: string; dueAt: number; count: number }> {
    return [...this.timers.values()].sort((a, b) => a.dueAt - b.dueAt).map(({ key, dueAt, count }) => ({ key, dueAt, count }));
  }

  /** The pending timer whose key contains `part` (fails when there is none). */
  timer(part: string): { key: string; dueAt: number; count: number } {
    const found = this.pending().find((timer) => timer.key.includes(part));
    if (!found) throw new Error(`no pending timer like ${part}; pending: ${this.pending().map((t) => t.key).join(', ')}`);
    return found;
  }

  /** Messages made from a template, oldest first. */
  sent(template: string): SentMessage[] {
    return this.messages.filter((message) => message.template === template);
  }

  /** Events this actor may send now. */
  available(actor: Actor): string[] {
    return this.process.availableEvents(this.snapshot, actor, this.now, this.caseId).map((event) => event.type);
  }

  private accept(result: StepResult): void {
    this.snapshot = result.snapshot;
    this.state = result.state;
    this.apply(result);
  }

  private apply(result: StepResult): void {
    for (const effect of result.effects) this.applyEffect(effect);
  }

  private applyEffect(effect: Effect): void {
    switch (effect.kind) {
      case 'timer.schedule':
        this.timers.set(effect.key, { key: effect.key, dueAt: effect.dueAt, count: effect.count, seq: this.seq++ });
        break;
      case 'timer.cancel':
        this.timers.delete(effect.key);
        break;
      case 'notify':
        this.messages.push({ ...effect, at: this.now });
        break;
      case 'start-case':
        this.started.push(effect);
        break;
    }
  }
}
