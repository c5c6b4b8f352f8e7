/**
 * The one walk along hash chains: replay checks one case with it, the whole-database audit every
 * case, and a store runs it over its own rows (in worker threads where it can). Events come as
 * records or as text (their JSON members as a store keeps them); text already in canonical form
 * is hashed as read, anything else is parsed and checked exactly as `chainBreak` checks a record,
 * so both ways give the same verdict. Each chain can be compared with its case row's head.
 */
import { hash } from 'node:crypto';
import { canonicalStoredJson } from './canonical-text.js';
import { chainBreak, GENESIS_HASH } from './hash-chain.js';
import type { EventRecord } from './store.js';
import type { ChainVerification } from './types.js';

/**
 * An event with its JSON members (actorRoles, input, timer, assignment) as text, in this order:
 * how a store that keeps JSON as text hands its events to the walk without parsing them.
 */
export type EventText = [
  caseId: string, seq: number, type: string, actor: string, actorRoles: string, at: number,
  from: string | null, to: string, input: string | null, timer: string | null, prevHash: string, hash: string,
  assignment: string | null, onBehalfOf: string | null,
];

/** Parses an event given as text into the EventRecord it stands for. */
export function eventFromText(row: EventText): EventRecord {
  const [caseId, seq, type, actor, actorRoles, at, from, to, input, timer, prevHash, hash, assignment, onBehalfOf] = row;
  const record: EventRecord = {
    caseId, seq, type, actor, actorRoles: JSON.parse(actorRoles), at, from, to,
    input: input === null ? null : JSON.parse(input),
    prevHash, hash,
  };
  if (timer !== null) record.timer = JSON.parse(timer);
  if (assignment !== null && assignment !== undefined) record.assignment = JSON.parse(assignment);
  if (onBehalfOf !== null && onBehalfOf !== undefined) record.onBehalfOf = onBehalfOf;
  return record;
}

/** The text `hashEvent` hashes for this event, built from its JSON text, or undefined if not surely the same. */
function eventTextHashed(r: EventText): string | undefined {
  const roles = canonicalStoredJson(r[4]);
  const input = r[8] === null ? 'null' : canonicalStoredJson(r[8]);
  const timer = r[9] === null ? '' : canonicalStoredJson(r[9]);
  const assignment = r[12] === null || r[12] === undefined ? '' : canonicalStoredJson(r[12]);
  if (roles === undefined || input === undefined || timer === undefined || assignment === undefined) return undefined;
  let out = '{"actor":' + JSON.stringify(r[3]);
  out += ',"actorRoles":' + roles;
  if (assignment !== '') out += ',"assignment":' + assignment;
  out += ',"at":' + JSON.stringify(r[5]);
  out += ',"caseId":' + JSON.stringify(r[0]);
  out += ',"from":' + (r[6] === null ? 'null' : JSON.stringify(r[6]));
  out += ',"input":' + input;
  if (r[13] !== null && r[13] !== undefined) out += ',"onBehalfOf":' + JSON.stringify(r[13]);
  out += ',"seq":' + JSON.stringify(r[1]);
  if (timer !== '') out += ',"timer":' + timer;
  out += ',"to":' + JSON.stringify(r[7]);
  out += ',"type":' + JSON.stringify(r[2]);
  return out + '}';
}

/** A case row's head: its id, revision (the seq of its last event) and last hash. */
export type CaseRowHead = [id: string, revision: number, lastHash: string];

/** Why a chain that ends at (seq, hash) does not end where its case row says, or undefined. */
function caseRowBreak(row: CaseRowHead, lastSeq: number, lastHash: string): string | undefined {
  if (row[1] === lastSeq && row[2] === lastHash) return undefined;
  if (row[1] > lastSeq) return `the case row is at revision ${row[1]} but its events end at seq ${lastSeq} (events were removed)`;
  if (row[1] < lastSeq) return `the case row is at revision ${row[1]} but its events go on to seq ${lastSeq}`;
  return 'the case row\'s last hash is not the hash of its last event';
}

/**
 * Walks chains fed in (caseId, seq) order, one run of events after another (as text or as
 * records), stopping at the first broken event; `result()` then names it, with the cases and
 * events checked before it.
 *
 * Made with `compareCaseRows`, it also checks that each chain ends where its case row says (last
 * seq = revision, last hash = the row's): before each run of rows, `expectCases` must be given the
 * case rows (in id order) of every case up to, not including, the run's last case, and `finish`
 * those of the rest of the range. A case row without events, or events without a case row, is
 * broken too.
 */
export class ChainWalk {
  private casesChecked = 0;
  private eventsChecked = 0;
  private caseId: string | undefined;
  private expectedSeq = 1;
  private prevHash = GENESIS_HASH;
  private broken: ChainVerification['firstBroken'];
  private caseRows: CaseRowHead[] = [];
  private caseRowAt = 0;

  constructor(private readonly compareCaseRows = false) {}

  /** Case rows to compare the chains with, in id order, following those given before. */
  expectCases(rows: CaseRowHead[]): void {
    if (this.caseRowAt < this.caseRows.length) {
      this.caseRows = this.caseRows.slice(this.caseRowAt);
      for (const row of rows) this.caseRows.push(row);
    } else {
      this.caseRows = rows;
    }
    this.caseRowAt = 0;
  }

  /** Checks events given as text; false once a broken event was found (later ones are not looked at). */
  check(rows: Iterable<EventText>): boolean {
    if (this.broken) return false;
    for (const row of rows) {
      if (row[0] !== this.caseId && !this.enter(row[0])) return false;
      const reason = this.textBreak(row);
      if (reason !== undefined) {
        this.broken = { caseId: row[0], seq: row[1], reason };
        return false;
      }
      this.eventsChecked++;
      this.expectedSeq++;
      this.prevHash = row[11];
    }
    return true;
  }

  /** Checks events given as records; false once a broken event was found. */
  checkRecords(events: Iterable<EventRecord>): boolean {
    if (this.broken) return false;
    for (const event of events) {
      if (event.caseId !== this.caseId && !this.enter(event.caseId)) return false;
      const reason = chainBreak(event, this.expectedSeq, this.prevHash);
      if (reason !== undefined) {
        this.broken = { caseId: event.caseId, seq: event.seq, reason };
        return false;
      }
      this.eventsChecked++;
      this.expectedSeq++;
      this.prevHash = event.hash;
    }
    return true;
  }

  /** The chain of `caseId` starts (the one before it ended); false when that ending is broken. */
  private enter(caseId: string): boolean {
    if (this.compareCaseRows && !this.caseEnds(caseId)) return false;
    this.caseId = caseId;
    this.casesChecked++;
    this.expectedSeq = 1;
    this.prevHash = GENESIS_HASH;
    return true;
  }

  /** Ends the check of a range: the last chain and the remaining case rows (in id order) are compared. */
  finish(rows: CaseRowHead[]): ChainVerification {
    if (!this.broken && this.compareCaseRows) {
      this.expectCases(rows);
      this.caseEnds(undefined);
    }
    return this.result();
  }

  /**
   * The current chain ended (the next starts at `nextCaseId`, or none follows): compares it with
   * its case row, and finds case rows before `nextCaseId` that have no events. False when broken.
   */
  private caseEnds(nextCaseId: string | undefined): boolean {
    const rows = this.caseRows;
    const ended = this.caseId;
    if (ended !== undefined) {
      if (!this.noEventsBefore(ended)) return false;
      const row = rows[this.caseRowAt];
      const lastSeq = this.expectedSeq - 1;
      if (row === undefined || row[0] !== ended) {
        this.broken = { caseId: ended, seq: lastSeq, reason: 'the events have no case row (the case row was removed)' };
        return false;
      }
      this.caseRowAt++;
      const reason = caseRowBreak(row, lastSeq, this.prevHash);
      if (reason !== undefined) {
        this.broken = { caseId: ended, seq: Math.max(row[1], lastSeq), reason };
        return false;
      }
    }
    return this.noEventsBefore(nextCaseId);
  }

  /** Fails on the first remaining case row before `caseId` (any, when undefined): it has no events. */
  private noEventsBefore(caseId: string | undefined): boolean {
    const row = this.caseRows[this.caseRowAt];
    if (row === undefined || (caseId !== undefined && row[0] >= caseId)) return true;
    this.broken = { caseId: row[0], seq: row[1], reason: 'the case row has no events (its events were removed)' };
    return false;
  }

  private textBreak(row: EventText): string | undefined {
    if (row[1] === this.expectedSeq && row[10] === this.prevHash) {
      const text = eventTextHashed(row);
      if (text !== undefined && hash('sha256', row[10] + text, 'hex') === row[11]) return undefined;
    }
    return chainBreak(eventFromText(row), this.expectedSeq, this.prevHash);
  }

  /** What was found so far. */
  result(): ChainVerification {
    const { casesChecked, eventsChecked, broken } = this;
    return broken ? { valid: false, casesChecked, eventsChecked, firstBroken: broken } : { valid: true, casesChecked, eventsChecked };
  }
}

/**
 * Joins the checks of consecutive case-id ranges (in range order) into the check of the whole:
 * counts up to the first range with a broken event, which is then the first broken event.
 */
export function joinChainChecks(parts: ChainVerification[]): ChainVerification {
  let casesChecked = 0;
  let eventsChecked = 0;
  for (const part of parts) {
    casesChecked += part.casesChecked;
    eventsChecked += part.eventsChecked;
    if (part.firstBroken) return { valid: false, casesChecked, eventsChecked, firstBroken: part.firstBroken };
  }
  return { valid: true, casesChecked, eventsChecked };
}
