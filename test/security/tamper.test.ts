/**
 * Tampering with a copy of a database file behind Caseflow's back, the way someone holding the
 * file (but not the seal key) could: each change is caught by the whole-database check, which
 * names the case, the seq and why; an untouched copy verifies.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminLog, hashAdminEntry, sealKey, writeCheckpoint, type SealKey } from '../../engine/audit/index.js';
import { headsDigest, hashCheckpoint } from '../../engine/audit/checkpoint.js';
import { GENESIS_HASH, hashedFields, hashEvent } from '../../engine/runtime/hash-chain.js';
import { createEngine, manualClock } from '../../engine/runtime/index.js';
import { eventFromText, type EventText } from '../../engine/runtime/chain-walk.js';
import type { ChainVerification } from '../../engine/runtime/types.js';
import { openSqliteStore } from '../../engine/store/sqlite/index.js';
import { EVENT_COLUMNS } from '../../engine/store/sqlite/sql/rows.js';

const PROCESS = `id: tamper-demo
name: Tamper demo
roles: [agent]
starters: [agent]
data: { type: object }
initial: open
states:
  open:
    on:
      note: { roles: [agent], input: { type: object, properties: { text: { type: string } } }, to: open }
      close: { roles: [agent], to: closed }
  closed: { final: true }
`;
const agent = { id: 'li.na', roles: ['agent'] };
const START = Date.UTC(2025, 2, 3, 1);

let folder: string;
let original: string;
let key: SealKey;
let caseIds: string[];

/** Opens a database file as Caseflow does and runs the whole-database check with `key`. */
async function verify(file: string, withKey: SealKey = key): Promise<ChainVerification> {
  const store = openSqliteStore({ file });
  try {
    return await createEngine({ store, clock: manualClock(START), audit: { store, sealKey: withKey } }).verifyAll();
  } finally {
    await store.close();
  }
}

/** A copy of the original database, changed by `tamper` straight through SQLite. */
function tamperedCopy(name: string, tamper: (db: Database.Database) => void): string {
  const file = join(folder, `${name}.db`);
  copyFileSync(original, file);
  const db = new Database(file);
  try {
    tamper(db);
  } finally {
    db.close();
  }
  return file;
}

/** Recomputes the hashes of a case's events and its case row's head, as an attacker would. */
function rehash(db: Database.Database, caseId: string): void {
  const rows = db.prepare<[string], EventText>(`SELECT ${EVENT_COLUMNS} FROM events WHERE case_id = ? ORDER BY seq`).raw().all(caseId);
  let prevHash = GENESIS_HASH;
  for (const row of rows) {
    const hash = hashEvent(prevHash, hashedFields(eventFromText(row)));
    db.prepare('UPDATE events SET prev_hash = ?, hash = ? WHERE case_id = ? AND seq = ?').run(prevHash, hash, caseId, row[1]);
    prevHash = hash;
  }
  db.prepare('UPDATE cases SET last_hash = ?, revision = ? WHERE id = ?').run(prevHash, rows.length, caseId);
}

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'caseflow-tamper-'));
  original = join(folder, 'original.db');
  key = sealKey(Buffer.alloc(32, 7));
  const store = openSqliteStore({ file: original });
  const clock = manualClock(START);
  const engine = createEngine({ store, clock, audit: { store, sealKey: key } });
  await engine.publish({ yaml: PROCESS, publishedBy: 'owner' });
  await createAdminLog(store, clock).record({ actor: { id: 'u1', name: 'root' }, action: 'process.publish', target: 'tamper-demo', details: { version: 1 } });
  caseIds = [];
  for (let n = 0; n < 6; n++) {
    const opened = await engine.createCase({ process: 'tamper-demo', data: { customer: `Customer ${n}` }, actor: agent });
    for (let step = 1; step <= 3; step++) await engine.applyEvent(opened.id, { type: 'note', input: { text: `call ${step} with customer ${n}` } }, agent);
    caseIds.push(opened.id);
  }
  expect(await writeCheckpoint(store, key, clock)).toMatchObject({ seq: 1, caseCount: 6, adminSeq: 1 });
  await store.close();
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('a copy of a database file', () => {
  it('verifies untouched: every chain, the admin log and the checkpoint', async () => {
    const file = tamperedCopy('untouched', () => {});
    expect(await verify(file)).toMatchObject({
      valid: true, casesChecked: 6, eventsChecked: 24,
      adminLog: { valid: true, entriesChecked: 1 },
      checkpoints: { valid: true, checkpointsChecked: 1, headsChecked: 6, latest: { seq: 1 } },
    });
  });

  it('is caught when a whole case is deleted', async () => {
    const victim = caseIds[2];
    const file = tamperedCopy('deleted-case', (db) => {
      for (const table of ['events', 'timers', 'outbox', 'case_roles']) db.prepare(`DELETE FROM ${table} WHERE case_id = ?`).run(victim);
      db.prepare('DELETE FROM cases WHERE id = ?').run(victim);
    });
    const verdict = await verify(file);
    expect(verdict.valid).toBe(false);
    expect(verdict.firstBroken).toEqual({ caseId: victim, seq: 4, reason: 'checkpoint 1 recorded event 4 of this case; it is gone (case deleted or its tail dropped)' });
    expect(verdict.checkpoints).toMatchObject({ valid: false, firstBroken: { checkpoint: 1, caseId: victim, seq: 4 } });
  });

  it('is caught when a case\'s last event is deleted and its case row left as it was', async () => {
    const victim = caseIds[4];
    const file = tamperedCopy('dropped-tail', (db) => {
      db.prepare('DELETE FROM events WHERE case_id = ? AND seq = 4').run(victim);
    });
    expect(await verify(file)).toMatchObject({
      valid: false,
      firstBroken: { caseId: victim, seq: 4, reason: 'the case row is at revision 4 but its events end at seq 3 (events were removed)' },
    });
  });

  it('is caught when a case\'s last event is deleted and its case row made to agree', async () => {
    const victim = caseIds[1];
    const file = tamperedCopy('dropped-tail-fixed', (db) => {
      db.prepare('DELETE FROM events WHERE case_id = ? AND seq = 4').run(victim);
      rehash(db, victim);
    });
    const verdict = await verify(file);
    expect(verdict).toMatchObject({ valid: false, casesChecked: 6, eventsChecked: 23 });
    expect(verdict.firstBroken).toEqual({ caseId: victim, seq: 4, reason: 'checkpoint 1 recorded event 4 of this case; it is gone (case deleted or its tail dropped)' });
  });

  it('is caught when an event\'s input is rewritten and every hash after it recomputed', async () => {
    const victim = caseIds[3];
    const file = tamperedCopy('rewritten', (db) => {
      db.prepare(`UPDATE events SET input = '{"text":"customer withdrew the complaint"}' WHERE case_id = ? AND seq = 2`).run(victim);
      rehash(db, victim);
    });
    const verdict = await verify(file);
    expect(verdict.eventsChecked).toBe(24);
    expect(verdict.valid).toBe(false);
    expect(verdict.firstBroken).toEqual({ caseId: victim, seq: 4, reason: 'checkpoint 1 recorded another hash for event 4 (history rewritten)' });
  });

  it('is caught when the checkpoint is rewritten to agree, for want of the seal key', async () => {
    const victim = caseIds[3];
    const file = tamperedCopy('rewritten-and-checkpoint', (db) => {
      db.prepare(`UPDATE events SET input = '{"text":"customer withdrew the complaint"}' WHERE case_id = ? AND seq = 2`).run(victim);
      rehash(db, victim);
      const { hash } = db.prepare<[string], { hash: string }>('SELECT hash FROM events WHERE case_id = ? AND seq = 4').get(victim) ?? { hash: '' };
      db.prepare('UPDATE checkpoint_heads SET hash = ? WHERE case_id = ?').run(hash, victim);
      const heads = db.prepare<[], { caseId: string; seq: number; hash: string }>('SELECT case_id AS caseId, seq, hash FROM checkpoint_heads ORDER BY case_id').all();
      const row = db.prepare<[], Record<string, string | number>>('SELECT * FROM audit_checkpoints WHERE seq = 1').get() ?? {};
      const fields = {
        seq: 1, at: Number(row.at), eventsMark: Number(row.events_mark), caseCount: heads.length, headsDigest: headsDigest(heads),
        adminSeq: Number(row.admin_seq), adminHash: String(row.admin_hash), keyId: String(row.key_id), prevHash: GENESIS_HASH,
      };
      db.prepare('UPDATE audit_checkpoints SET heads_digest = ?, hash = ? WHERE seq = 1').run(fields.headsDigest, hashCheckpoint(fields));
    });
    const verdict = await verify(file);
    expect(verdict.valid).toBe(false);
    expect(verdict.checkpoints).toMatchObject({ valid: false, firstBroken: { checkpoint: 1, reason: 'the seal does not hold: the checkpoint was not written with the seal key' } });
  });

  it('is caught when a rewritten admin log entry is recomputed, by the checkpoint that holds its head', async () => {
    const file = tamperedCopy('admin-rewritten', (db) => {
      const row = db.prepare<[], Record<string, string | number>>('SELECT * FROM admin_log WHERE seq = 1').get() ?? {};
      const entry = {
        seq: 1, at: Number(row.at), actorId: String(row.actor_id), actorName: 'someone.else', action: String(row.action), target: String(row.target),
        details: JSON.parse(String(row.details)),
      };
      db.prepare('UPDATE admin_log SET actor_name = ?, hash = ? WHERE seq = 1').run(entry.actorName, hashAdminEntry(GENESIS_HASH, entry));
    });
    const verdict = await verify(file);
    expect(verdict.adminLog).toMatchObject({ valid: true });
    expect(verdict).toMatchObject({ valid: false, checkpoints: { firstBroken: { checkpoint: 1, reason: 'admin log entry 1 is not the one checkpointed (rewritten)' } } });
  });

  it('does not verify with another seal key, and says so', async () => {
    const verdict = await verify(tamperedCopy('other-key', () => {}), sealKey(Buffer.alloc(32, 9)));
    expect(verdict.valid).toBe(false);
    expect(verdict.checkpoints?.firstBroken?.reason).toMatch(/^sealed with another key \([0-9a-f]{16}\); this server's seal key is [0-9a-f]{16}$/);
  });
});


describe('periodic checkpoints', () => {
  it('list only the cases changed since the previous one, and are skipped when nothing changed', async () => {
    const file = tamperedCopy('periodic', () => {});
    const store = openSqliteStore({ file });
    const clock = manualClock(START);
    const engine = createEngine({ store, clock, audit: { store, sealKey: key } });
    try {
      expect(await writeCheckpoint(store, key, clock)).toBeUndefined();
      await engine.applyEvent(caseIds[5], { type: 'close' }, agent);
      const second = await writeCheckpoint(store, key, clock);
      expect(second).toMatchObject({ seq: 2, caseCount: 1, adminSeq: 1 });
      expect(await store.checkpointHeads(2)).toEqual([{ caseId: caseIds[5], seq: 5, hash: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
      expect(await engine.verifyAll()).toMatchObject({ valid: true, checkpoints: { checkpointsChecked: 2, headsChecked: 7, latest: { seq: 2 } } });
    } finally {
      await store.close();
    }
  });
});

describe('the admin log', () => {
  it('refuses to record a secret in the details, and writes nothing', async () => {
    const store = openSqliteStore({ file: ':memory:' });
    const log = createAdminLog(store, manualClock(START));
    try {
      for (const details of [{ password: 'hunter2' }, { user: { passwordHash: '$argon2id$…' } }, { token: 'cf_secret' }]) {
        await expect(log.record({ actor: { id: 'u1', name: 'root' }, action: 'user.create', target: 'li.na', details })).rejects.toThrow(/never records a secret/);
      }
      expect(await store.scanAdminLog(0, 10)).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
