/**
 * Shared pieces of the engine tests: a small inline process, actors, and an engine on a SQLite
 * file that can be closed and reopened (a simulated restart).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Actor } from '../../engine/compile/types.js';
import { createEngine, manualClock, type Engine, type ManualClock } from '../../engine/runtime/index.js';
import { openSqliteStore, type SqliteStore } from '../../engine/store/sqlite/index.js';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
/** Monday 6 January 2025, 09:00 UTC. */
export const MONDAY = Date.UTC(2025, 0, 6, 9);

export const agent: Actor = { id: 'ann', roles: ['agent'] };
export const lead: Actor = { id: 'lee', roles: ['team-lead'] };
export const auditor: Actor = { id: 'aud', roles: ['auditor'] };

/** A repair request: a reminder every 4 h (3 times), a first-reply clock with warn, two rungs and a breach. */
export const REPAIR_YAML = `
id: repair-request
name: 报修 Repair request
roles: [agent, team-lead]
starters: [agent]
data:
  type: object
  required: [customer]
  properties:
    customer:
      type: object
      required: [name]
      properties:
        name: { type: string }
        phone: { type: string }
    note: { type: string }
    escalated: { type: boolean }
deadlines:
  reply:
    label: First reply
    within: 24h
    activeIn: [received, waiting-customer]
    pausedIn: [waiting-customer]
    warn: { at: 20h, actions: [{ notify: warn, to: [team-lead] }] }
    escalate:
      - at: 21h
        actions: [{ notify: rung, to: [team-lead] }]
      - at: 22h
        actions: [{ notify: rung, to: [team-lead] }, { set: { escalated: "true" } }]
    breach: { actions: [{ notify: breach, to: [team-lead], channel: email }] }
initial: received
states:
  received:
    label: 已受理 Received
    timers:
      - id: remind
        in: 4h
        every: 4h
        max: 3
        actions: [{ notify: remind, to: [agent] }]
    on:
      note:
        roles: [agent]
        input: { type: object, required: [text], properties: { text: { type: string, minLength: 1 } } }
        set: { note: input.text }
      wait: { roles: [agent], to: waiting-customer }
      answer:
        roles: [agent]
        input: { type: object, required: [reply], properties: { reply: { type: string, minLength: 1 } } }
        set: { note: input.reply }
        to: answered
      follow-up:
        roles: [agent]
        actions:
          - start: repair-request
            data: { customer: data.customer }
  waiting-customer:
    label: 等待客户 Waiting for the customer
    on:
      resume: { roles: [agent], to: received }
  answered:
    on:
      close: { roles: [team-lead], to: closed }
  closed: { final: true }
templates:
  remind: "Repair {{case.id}} for {{data.customer.name}} still waits"
  warn: "Repair {{case.id}} has used {{elapsed}} of its reply time"
  rung: "Repair {{case.id}} escalated at {{deadline.mark}}"
  breach:
    subject: "Reply overdue"
    body: "Repair {{case.id}} breached {{deadline.label}}"
`;

/** A test database folder with an engine that can be restarted on the same file. */
export class EngineRig {
  readonly dir = mkdtempSync(join(tmpdir(), 'caseflow-engine-'));
  readonly file = join(this.dir, 'caseflow.db');
  readonly clock: ManualClock;
  store!: SqliteStore;
  engine!: Engine;

  constructor(start = MONDAY) {
    this.clock = manualClock(start);
    this.open();
  }

  /** Opens the store and a new engine on the file. */
  open(): void {
    this.store = openSqliteStore({ file: this.file, synchronous: 'FULL' });
    this.engine = createEngine({ store: this.store, clock: this.clock });
  }

  /** Stops the engine and closes the store, as a shutdown would. */
  async close(): Promise<void> {
    await this.engine.stop();
    await this.store.close();
  }

  /** A shutdown and a fresh start on the same file. */
  async restart(): Promise<void> {
    await this.close();
    this.open();
  }

  /** Closes everything and removes the folder. */
  async dispose(): Promise<void> {
    await this.close();
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Publishes the repair process. */
  async publishRepair(): Promise<void> {
    await this.engine.publish({ yaml: REPAIR_YAML, publishedBy: 'owner' });
  }

  /** Opens a repair case for a customer. */
  async openRepair(name = 'Wang Fang', phone = '13800138000') {
    return this.engine.createCase({ process: 'repair-request', data: { customer: { name, phone } }, actor: agent });
  }
}
