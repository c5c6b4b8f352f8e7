/**
 * `caseflow migrate-cases <process-id> --from N --to M --plan plan.yaml [--apply]`: moves the
 * running cases of version N of a process onto version M by a migration plan, in the database
 * named by CASEFLOW_DB. Without `--apply` it is a dry run. Prints one block per case; exits 1
 * when some case cannot move (it stays on its version), 0 otherwise.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { CaseflowError, ensureError } from '../../engine/errors.js';
import { systemClock } from '../../engine/runtime/clock.js';
import { createEngine } from '../../engine/runtime/engine.js';
import type { CaseMigration, MigrationRequest } from '../../engine/runtime/migrate-cases.js';
import { parseMigrationPlan } from '../../engine/runtime/migration-plan.js';
import { openStore } from '../../engine/store/open-store.js';
import { commandLineActor } from '../admin-audit.js';
import { peopleDirectory } from '../auth/people-directory.js';
import { loadConfig } from '../config.js';
import { processIo, type CommandIo } from './accounts-db.js';
import type { Command } from './index.js';
import { guardedRun } from './user.js';

const USAGE = 'migrate-cases <process-id> --from N --to M --plan plan.yaml [--apply]';

const HELP = `usage: caseflow ${USAGE}

Moves the running cases of version N of a process onto version M. Without --apply, reports
what would happen to each case and changes nothing. The plan (YAML):

  states: { old-name: new-name }          states renamed in version M
  timers: { <timer key or state>: keep | recompute }
                                          a timer named nowhere keeps its due time when its key
                                          still exists in version M; otherwise it is dropped
  set: { field: <CEL over the old data> } data to set

Exits 1 when some case cannot move (it stays on version N and is listed with the reasons).`;

function version(text: string | undefined, option: string): number {
  const value = Number(text);
  if (text === undefined || !Number.isInteger(value) || value < 1) {
    throw new CaseflowError('invalid-input', `--${option} needs a version number, not '${text ?? ''}'`);
  }
  return value;
}

function when(ms: number): string {
  return new Date(ms).toISOString();
}

/** The lines that report one case. */
export function caseLines(result: CaseMigration): string[] {
  const lines = [`${result.caseId}  ${result.state} -> ${result.newState ?? '?'}  ${result.outcome}`];
  for (const reason of result.reasons) lines.push(`  cannot move: ${reason}`);
  for (const timer of result.timers) {
    if (timer.action === 'drop') continue;
    const moved = timer.newKey !== timer.key ? ` as ${timer.newKey ?? ''}` : '';
    const due = timer.newDueAt !== timer.dueAt ? `${when(timer.dueAt)} -> ${when(timer.newDueAt ?? timer.dueAt)}` : when(timer.dueAt);
    lines.push(`  timer ${timer.key}${moved}: ${timer.action}, due ${due}${timer.firesAtOnce ? ' (past: fires at once)' : ''}`);
  }
  for (const note of result.notes) lines.push(`  note: ${note}`);
  return lines;
}

/** Runs `caseflow migrate-cases`; resolves to the exit code. */
export async function runMigrateCases(args: string[], io: CommandIo = processIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { from: { type: 'string' }, to: { type: 'string' }, plan: { type: 'string' }, apply: { type: 'boolean', default: false } },
  });
  if (positionals.length !== 1 || values.plan === undefined) {
    io.err(`usage: caseflow ${USAGE}`);
    return 2;
  }
  let planText: string;
  try {
    planText = await readFile(values.plan, 'utf8');
  } catch (caught) {
    throw new CaseflowError('invalid-input', `cannot read the plan ${values.plan}: ${ensureError(caught).message}`);
  }
  const base: MigrationRequest = { processId: positionals[0], from: version(values.from, 'from'), to: version(values.to, 'to'), plan: parseMigrationPlan(planText) };
  const config = loadConfig(io.env);
  const opened = await openStore({ db: config.dbFile });
  const engine = createEngine({ store: opened.store, clock: systemClock, people: peopleDirectory(opened.accounts) });
  const actor = { id: commandLineActor().name, roles: ['process-owner'] };
  const counts = { ready: 0, migrated: 0, blocked: 0 };
  try {
    let cursor: string | undefined;
    do {
      const request = cursor === undefined ? base : { ...base, cursor };
      const page = values.apply ? await engine.migrateCases(request, actor) : await engine.planMigration(request, actor);
      for (const result of page.cases) {
        counts[result.outcome]++;
        for (const line of caseLines(result)) io.out(line);
      }
      cursor = page.nextCursor;
    } while (cursor !== undefined);
  } finally {
    await engine.stop();
    await opened.close();
  }
  const done = values.apply ? `${counts.migrated} case(s) moved` : `${counts.ready} case(s) can move (dry run; --apply moves them)`;
  io.out(`${base.processId} ${base.from} -> ${base.to}: ${done}, ${counts.blocked} cannot move.`);
  return counts.blocked > 0 ? 1 : 0;
}

/** The `migrate-cases` subcommand. */
export const migrateCasesCommand: Command = {
  summary: 'move running cases onto a later version of their process (dry run unless --apply)',
  usage: USAGE,
  help: HELP,
  run: (args) => guardedRun(() => runMigrateCases(args), processIo),
};
