/** Shared bits of the compiler tests: actors, a clock in plain numbers, timer firing. */
import type { ProcessDefinition } from '../../engine/dsl/types.js';
import { compileProcess } from '../../engine/compile/index.js';
import type { Actor, CaseSnapshot, CompiledProcess, Effect, ScheduleTimer, StepResult } from '../../engine/compile/types.js';

export const HOUR = 3_600_000;
export const MINUTE = 60_000;
export const DAY = 24 * HOUR;
/** Monday 2024-06-03 00:00 UTC. */
export const MONDAY = Date.UTC(2024, 5, 3);

/** An actor with the given roles. */
export const as = (...roles: string[]): Actor => ({ id: `user-${roles.join('-') || 'none'}`, roles });
export const SYSTEM: Actor = { id: 'system', roles: ['system'] };

/** A process with defaults filled in. */
export function process(partial: Partial<ProcessDefinition> & Pick<ProcessDefinition, 'states' | 'initial'>): ProcessDefinition {
  return { id: 'test-process', name: 'Test', roles: ['agent', 'lead'], data: { type: 'object', properties: {} }, ...partial };
}

/** Compiles a definition. */
export const compile = (definition: ProcessDefinition, files?: Record<string, string>): CompiledProcess => compileProcess(definition, files);

/** The timer effects of a result, by kind. */
export function schedules(effects: Effect[]): ScheduleTimer[] {
  return effects.filter((e): e is ScheduleTimer => e.kind === 'timer.schedule');
}
export function cancels(effects: Effect[]): string[] {
  return effects.flatMap((e) => (e.kind === 'timer.cancel' ? [e.key] : []));
}
export function scheduled(effects: Effect[], key: string): ScheduleTimer | undefined {
  return schedules(effects).find((e) => e.key === key);
}

/** Fires a timer as the runtime would. */
export function fire(compiled: CompiledProcess, snapshot: CaseSnapshot, timer: { key: string; count: number }, now: number, caseId = 'case-1'): StepResult {
  return compiled.step(snapshot, { type: '$timer', actor: SYSTEM, timer }, now, caseId);
}

/**
 * A tiny runtime: keeps pending timers from effects and fires them in due order up to `until`.
 * Returns the snapshot and every effect seen along the way.
 */
export class TimerBench {
  pending = new Map<string, ScheduleTimer>();
  log: Effect[] = [];
  snapshot: CaseSnapshot;
  constructor(readonly compiled: CompiledProcess, first: StepResult, readonly caseId = 'case-1') {
    this.snapshot = first.snapshot;
    this.absorb(first.effects);
  }
  absorb(effects: Effect[]): void {
    for (const effect of effects) {
      this.log.push(effect);
      if (effect.kind === 'timer.schedule') this.pending.set(effect.key, effect);
      if (effect.kind === 'timer.cancel') this.pending.delete(effect.key);
    }
  }
  send(type: string, actor: Actor, now: number, input?: Record<string, unknown>): StepResult {
    const result = this.compiled.step(this.snapshot, { type, actor, input }, now, this.caseId);
    this.snapshot = result.snapshot;
    this.absorb(result.effects);
    return result;
  }
  /** Fires due timers up to `until`, in due order; returns the keys fired. */
  runUntil(until: number): string[] {
    const fired: string[] = [];
    for (;;) {
      const next = [...this.pending.values()].filter((t) => t.dueAt <= until).sort((a, b) => a.dueAt - b.dueAt || a.key.localeCompare(b.key))[0];
      if (!next) return fired;
      this.pending.delete(next.key);
      fired.push(`${next.key}#${next.count}`);
      const result = fire(this.compiled, this.snapshot, { key: next.key, count: next.count }, next.dueAt, this.caseId);
      this.snapshot = result.snapshot;
      this.absorb(result.effects);
    }
  }
  notices(): string[] {
    return this.log.flatMap((e) => (e.kind === 'notify' ? [e.body] : []));
  }
}
