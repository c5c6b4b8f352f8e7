/**
 * `caseflow checkpoint`: writes a sealed checkpoint of the database named by CASEFLOW_DB now
 * (with the seal key of CASEFLOW_SEAL_KEY or its key file), with or without the server running.
 */
import { createAdminLog } from '../../engine/audit/admin-log.js';
import { writeCheckpoint } from '../../engine/audit/checkpoint.js';
import { CaseflowError } from '../../engine/errors.js';
import { systemClock } from '../../engine/runtime/clock.js';
import { openStore } from '../../engine/store/open-store.js';
import { commandLineActor } from '../admin-audit.js';
import { configuredDatabase, loadConfig } from '../config.js';
import { loadSealKey } from '../seal-key.js';
import { processIo, type CommandIo } from './accounts-db.js';
import type { Command } from './index.js';
import { guardedRun } from './user.js';

/** Runs `caseflow checkpoint`; resolves to the exit code. */
export async function runCheckpoint(args: string[], io: CommandIo = processIo): Promise<number> {
  if (args.length > 0) {
    io.err('usage: caseflow checkpoint');
    return 2;
  }
  const config = loadConfig(io.env);
  const { key, createdFile } = loadSealKey(config);
  if (createdFile) io.out(`Created the seal key in ${createdFile} (mode 0600).`);
  const opened = await openStore({ db: configuredDatabase(config) });
  const { store } = opened;
  try {
    const checkpoint = await writeCheckpoint(store, key, systemClock, true);
    if (!checkpoint) throw new CaseflowError('internal', 'the checkpoint was not written');
    await createAdminLog(store, systemClock).record({
      actor: commandLineActor(), action: 'audit.checkpoint', target: `checkpoint ${checkpoint.seq}`, details: { cases: checkpoint.caseCount, adminSeq: checkpoint.adminSeq },
    });
    io.out(`Checkpoint ${checkpoint.seq}: ${checkpoint.caseCount} case head(s), admin log at ${checkpoint.adminSeq}, sealed with key ${checkpoint.keyId}.`);
    return 0;
  } finally {
    await opened.close();
  }
}

/** The `checkpoint` subcommand. */
export const checkpointCommand: Command = {
  summary: 'write a sealed checkpoint of every case changed since the last one',
  usage: 'checkpoint',
  run: (args) => guardedRun(() => runCheckpoint(args), processIo),
};
