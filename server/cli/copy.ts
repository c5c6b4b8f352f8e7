/**
 * `caseflow copy --from data/caseflow.db --to postgres://user@host:port/db [--batch N] [--replace]`:
 * copies a SQLite database into PostgreSQL (see `engine/store/copy/`), then prints the rows of
 * each table on both sides and the chain check of the copy (case chains, admin log, and the sealed
 * checkpoints when the seal key is at hand). Exits 1 when counts differ or a chain is broken.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { verifyWithAudit } from '../../engine/audit/verify-all.js';
import type { SealKey } from '../../engine/audit/checkpoint.js';
import { CaseflowError } from '../../engine/errors.js';
import type { ChainVerification } from '../../engine/runtime/types.js';
import { copyDatabase, DEFAULT_COPY_BATCH, type CopyProgress, type CopyReport } from '../../engine/store/copy/copy-database.js';
import { openStore } from '../../engine/store/open-store.js';
import { ConfigError } from '../config.js';
import { loadSealKey } from '../seal-key.js';
import { processIo, type CommandIo } from './accounts-db.js';
import type { Command } from './index.js';
import { guardedRun } from './user.js';

const USAGE = 'copy --from FILE --to postgres://… [--batch N] [--replace]';

const HELP = `usage: caseflow ${USAGE}

Copies a SQLite database (stop its server first) into a PostgreSQL database: processes and
calendars with their drafts, cases with their events (the hash chains as stored), pending
timers with their due times, the outbox with its delivery state, notices, tally marks, saved
filters, the admin log and sealed checkpoints, users, units, sessions and API tokens. Signed-in
sessions and API tokens keep working on the copy (only their hashes are stored, and copied).

  --from FILE      the SQLite database (brought to this version's schema first, as at start)
  --to URL         the PostgreSQL database (its schema created when new; it must hold no Caseflow rows)
  --batch N        rows per transaction (default ${DEFAULT_COPY_BATCH})
  --replace        empty the target's Caseflow tables first instead of refusing a target that
                   holds rows (to copy again after an interrupted copy)

Then prints the rows of each table in the source and in the copy, and checks every chain of
the copy (case chains, admin log; checkpoints with the seal key of CASEFLOW_SEAL_KEY,
CASEFLOW_SEAL_KEY_FILE or FILE.seal-key). Exits 1 when a count differs or a chain is broken.`;

/** The seal key the source's checkpoints were sealed with, if it is at hand (never created here), and its file. */
function sourceSealKey(env: CommandIo['env'], from: string): { key: SealKey; file?: string } | undefined {
  const sealKey = env.CASEFLOW_SEAL_KEY || undefined;
  const file = env.CASEFLOW_SEAL_KEY_FILE?.trim() || `${from}.seal-key`;
  try {
    if (sealKey !== undefined) return { key: loadSealKey({ sealKey, sealKeyFile: file, dbFile: from }).key };
    if (!existsSync(file)) return undefined;
    return { key: loadSealKey({ sealKeyFile: file, dbFile: from }).key, file };
  } catch (error) {
    if (error instanceof ConfigError) throw new CaseflowError('invalid-input', error.message);
    throw error;
  }
}

/** Progress lines: at most one a second per table, and the last of each table. */
function progressPrinter(io: CommandIo): (progress: CopyProgress) => void {
  let shownAt = 0;
  return ({ table, copied, total }) => {
    const now = Date.now();
    if (copied < total && now - shownAt < 1000) return;
    shownAt = now;
    io.out(`${table}: ${copied}/${total} rows`);
  };
}

/** The lines of the counts table. */
export function countLines(report: CopyReport): string[] {
  const width = Math.max(...report.tables.map((count) => count.table.length));
  const lines = [`${'table'.padEnd(width)}  ${'from'.padStart(9)}  ${'to'.padStart(9)}`];
  for (const { table, from, to } of report.tables) {
    lines.push(`${table.padEnd(width)}  ${String(from).padStart(9)}  ${String(to).padStart(9)}${from === to ? '' : '  MISMATCH'}`);
  }
  return lines;
}

/** The verdict line of a chain check. */
export function verdictLine(check: ChainVerification): string {
  const parts = [`${check.casesChecked} case(s), ${check.eventsChecked} event(s)`];
  const adminLog = check.adminLog;
  if (adminLog) {
    const broken = adminLog.firstBroken ? ` at entry ${adminLog.firstBroken.seq}: ${adminLog.firstBroken.reason}` : '';
    parts.push(`admin log ${adminLog.valid ? 'valid' : 'BROKEN'} (${adminLog.entriesChecked} entries)${broken}`);
  }
  parts.push(check.checkpoints ? `checkpoints ${check.checkpoints.valid ? 'valid' : 'BROKEN'} (${check.checkpoints.checkpointsChecked})` : 'checkpoints not checked (no seal key)');
  const broken = check.firstBroken ? ` — first broken: case ${check.firstBroken.caseId} event ${check.firstBroken.seq}: ${check.firstBroken.reason}` : '';
  return `Chain check of the copy: ${check.valid ? 'VALID' : 'BROKEN'}: ${parts.join('; ')}${broken}`;
}

/** Runs `caseflow copy`; resolves to the exit code (1 with the reason for a refused copy). */
export function runCopy(args: string[], io: CommandIo = processIo): Promise<number> {
  return guardedRun(() => copy(args, io), io);
}

async function copy(args: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { from: { type: 'string' }, to: { type: 'string' }, batch: { type: 'string' }, replace: { type: 'boolean', default: false } },
  });
  if (positionals.length > 0 || values.from === undefined || values.to === undefined) {
    io.err(`usage: caseflow ${USAGE}`);
    return 2;
  }
  const batch = values.batch === undefined ? DEFAULT_COPY_BATCH : Number(values.batch);
  if (!Number.isInteger(batch) || batch < 1) throw new CaseflowError('invalid-input', `--batch needs a whole number of rows, not '${values.batch ?? ''}'`);
  const seal = sourceSealKey(io.env, values.from);
  io.out(`Copying ${values.from} into ${values.to.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@')}, ${batch} rows a transaction.`);
  const report = await copyDatabase({ from: values.from, to: values.to, batch, replace: values.replace, onProgress: progressPrinter(io) });
  for (const line of countLines(report)) io.out(line);
  const opened = await openStore({ db: values.to });
  let check: ChainVerification;
  try {
    check = await verifyWithAudit(report.chains, { store: opened.store, sealKey: seal?.key });
  } finally {
    await opened.close();
  }
  io.out(verdictLine(check));
  if (report.mismatched.length > 0) io.err(`caseflow: row counts differ in ${report.mismatched.join(', ')}`);
  if (seal?.file !== undefined) io.out(`Servers on the copy seal checkpoints with the same key: CASEFLOW_SEAL_KEY_FILE=${seal.file}`);
  return report.mismatched.length === 0 && check.valid ? 0 : 1;
}

/** The `copy` subcommand. */
export const copyCommand: Command = {
  summary: 'copy a SQLite database into PostgreSQL, chains intact',
  usage: USAGE,
  help: HELP,
  run: (args) => runCopy(args),
};
