/**
 * Scenario tests of the shipped processes: loading them, and `CaseRun`, the engine's in-memory
 * `TrialCase` (manual clock, timers fired in due order as the scheduler fires them) with the
 * checks the tests make.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCalendar, parseProcess, sharedCalendar, type CalendarLibrary } from '../../engine/dsl/index.js';
import { compileProcess } from '../../engine/compile/index.js';
import type { Actor, CompiledProcess } from '../../engine/compile/index.js';
import { CaseflowError } from '../../engine/errors.js';
import type { DirectoryNames } from '../../engine/compile/directory-names.js';
import { TrialCase, type PendingTimer, type TrialCaseStart, type TrialMessage } from '../../engine/runtime/trial-case.js';

const PROCESSES = join(dirname(fileURLToPath(import.meta.url)), '../../processes');
const CALENDARS = join(dirname(fileURLToPath(import.meta.url)), '../../calendars');

/** The shipped shared calendars (`calendars/*.yaml`), by name. */
export function shippedCalendars(): CalendarLibrary {
  const library: Record<string, ReturnType<typeof sharedCalendar>> = {};
  for (const name of readdirSync(CALENDARS).filter((file) => file.endsWith('.yaml'))) {
    const { calendar } = parseCalendar(readFileSync(join(CALENDARS, name), 'utf8'));
    if (!calendar) throw new Error(`calendars/${name} does not validate`);
    library[calendar.id] = sharedCalendar(calendar);
  }
  return library;
}

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
  const { definition, diagnostics } = parseProcess(yaml, files, {}, { calendars: shippedCalendars() });
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
export type SentMessage = TrialMessage;

/** Time units in ms, for readable arithmetic in tests. */
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Epoch ms of a China-local wall time such as `2026-03-02 09:00`. */
export function beijing(local: string): number {
  return Date.parse(`${local.replace(' ', 'T')}:00+08:00`);
}

const UNIT_LABELS: Record<string, string> = { 'east-district': '城东分公司', 'west-district': '城西分公司', 'development-zone': '开发区分公司' };
const DISPLAY_NAMES: Record<string, string> = { 'advisor-liu': '刘洋', 'agent-wang': '王芳', 'lead-li': '李静' };

/** The directory the scenario tests name units and people from (others show their ids). */
export const TEST_DIRECTORY: DirectoryNames = {
  unit: (id) => UNIT_LABELS[id],
  person: (id) => DISPLAY_NAMES[id],
};

/** One case of a compiled process, driven by hand, with the checks scenario tests make. */
export class CaseRun extends TrialCase {
  constructor(process: CompiledProcess, args: TrialCaseStart) {
    super(process, { names: TEST_DIRECTORY, ...args });
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

  /** The pending timer whose key contains `part` (fails when there is none). */
  timer(part: string): PendingTimer {
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
}
