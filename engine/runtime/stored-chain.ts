/**
 * The chain check over events as a store keeps them (JSON columns as text), for whole-database
 * audits. When the stored JSON is already in canonical form it is hashed as read; otherwise the
 * row is parsed and checked exactly as `chainBreak` checks an EventRecord, so both ways give the
 * same verdict (see `isCanonicalJson`).
 */
import { hash } from 'node:crypto';
import { chainBreak, GENESIS_HASH } from './hash-chain.js';
import type { EventRecord } from './store.js';
import type { ChainVerification } from './types.js';

/** An `events` row with its JSON columns as stored text. */
export type StoredEventRow = [
  caseId: string, seq: number, type: string, actor: string, actorRoles: string, at: number,
  from: string | null, to: string, input: string | null, timer: string | null, prevHash: string, hash: string,
  assignment: string | null, onBehalfOf: string | null,
];

/** Parses a stored row into the EventRecord it stands for. */
export function storedEventRecord(row: StoredEventRow): EventRecord {
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

const QUOTE = 34;
const BACKSLASH = 92;

/** End of the string starting at `i` (its closing quote + 1), or -1 unless `JSON.stringify` writes it so. */
function stringEnd(t: string, i: number, allowEscapes: boolean): number {
  for (let j = i + 1; j < t.length; j++) {
    const c = t.charCodeAt(j);
    if (c === QUOTE) return j + 1;
    if (c < 0x20) return -1;
    if (c === BACKSLASH) {
      if (!allowEscapes) return -1;
      const e = t.charCodeAt(++j);
      // JSON.stringify escapes only these; \u is left to the slow path.
      if (e !== QUOTE && e !== BACKSLASH && e !== 98 && e !== 102 && e !== 110 && e !== 114 && e !== 116) return -1;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      const low = t.charCodeAt(j + 1);
      if (c > 0xdbff || !(low >= 0xdc00 && low <= 0xdfff)) return -1;
      j++;
    }
  }
  return -1;
}

const isDigit = (c: number) => c >= 48 && c <= 57;

/**
 * End of the number at `i`, or -1 unless it is surely as `JSON.stringify` writes its value: no
 * exponent, no trailing fraction zeros, not -0, at least 1e-6 in size and at most 15 significant
 * digits (a decimal of 15 digits or fewer is the shortest text of its double).
 */
function numberEnd(t: string, i: number): number {
  let j = i;
  if (t.charCodeAt(j) === 45) j++;
  const intStart = j;
  if (t.charCodeAt(j) === 48) j++;
  else if (isDigit(t.charCodeAt(j))) while (isDigit(t.charCodeAt(j))) j++;
  else return -1;
  const intDigits = j - intStart;
  const zeroInt = intDigits === 1 && t.charCodeAt(intStart) === 48;
  let significant = zeroInt ? 0 : intDigits;
  if (t.charCodeAt(j) === 46) {
    const fracStart = ++j;
    while (isDigit(t.charCodeAt(j))) j++;
    if (j === fracStart || t.charCodeAt(j - 1) === 48) return -1;
    let lead = 0;
    if (zeroInt) while (t.charCodeAt(fracStart + lead) === 48) lead++;
    if (lead > 5) return -1;
    significant += j - fracStart - lead;
  } else if (zeroInt && intStart > i) {
    return -1;
  }
  const next = t.charCodeAt(j);
  if (next === 101 || next === 69 || significant > 15) return -1;
  return j;
}

/** Whether the key at [a, b) sorts strictly after the key at [c, d), by UTF-16 code units like `sort()`. */
function keyAfter(t: string, a: number, b: number, c: number, d: number): boolean {
  const n = Math.min(b - a, d - c);
  for (let k = 0; k < n; k++) {
    const x = t.charCodeAt(a + k);
    const y = t.charCodeAt(c + k);
    if (x !== y) return x > y;
  }
  return b - a > d - c;
}

/** End of the canonical JSON value at `i`, or -1 if it is not (surely) canonical. */
function valueEnd(t: string, i: number): number {
  const c = t.charCodeAt(i);
  if (c === QUOTE) return stringEnd(t, i, true);
  if (c === 123) {
    let j = i + 1;
    if (t.charCodeAt(j) === 125) return j + 1;
    let prevStart = -1;
    let prevEnd = -1;
    for (;;) {
      if (t.charCodeAt(j) !== QUOTE) return -1;
      const keyEnd = stringEnd(t, j, false);
      if (keyEnd < 0) return -1;
      if (prevStart >= 0 && !keyAfter(t, j + 1, keyEnd - 1, prevStart, prevEnd)) return -1;
      prevStart = j + 1;
      prevEnd = keyEnd - 1;
      if (t.charCodeAt(keyEnd) !== 58) return -1;
      j = valueEnd(t, keyEnd + 1);
      if (j < 0) return -1;
      const sep = t.charCodeAt(j);
      if (sep === 125) return j + 1;
      if (sep !== 44) return -1;
      j++;
    }
  }
  if (c === 91) {
    let j = i + 1;
    if (t.charCodeAt(j) === 93) return j + 1;
    for (;;) {
      j = valueEnd(t, j);
      if (j < 0) return -1;
      const sep = t.charCodeAt(j);
      if (sep === 93) return j + 1;
      if (sep !== 44) return -1;
      j++;
    }
  }
  if (c === 116) return t.startsWith('true', i) ? i + 4 : -1;
  if (c === 102) return t.startsWith('false', i) ? i + 5 : -1;
  if (c === 110) return t.startsWith('null', i) ? i + 4 : -1;
  return numberEnd(t, i);
}

/**
 * Whether `canonicalJson(JSON.parse(text)) === text` surely holds. May say no to some canonical
 * texts (`\u` escapes, exponents, keys with escapes); those take the slow path, never a wrong one.
 */
export function isCanonicalJson(text: string): boolean {
  return valueEnd(text, 0) === text.length;
}

/** Where `reordered` reads next. */
let cursor = 0;

/**
 * The canonical text of the value at `cursor` in `t`, made by putting object members in key order
 * (their values kept as written), or undefined where that may differ from `canonicalJson` of the
 * parsed value (a value not surely canonical, escaped or repeated keys).
 */
function reordered(t: string): string | undefined {
  const c = t.charCodeAt(cursor);
  if (c === 123) {
    cursor++;
    if (t.charCodeAt(cursor) === 125) {
      cursor++;
      return '{}';
    }
    const members: Array<{ keyStart: number; keyEnd: number; text: string }> = [];
    let sorted = true;
    for (;;) {
      if (t.charCodeAt(cursor) !== QUOTE) return undefined;
      const keyEnd = stringEnd(t, cursor, false);
      if (keyEnd < 0 || t.charCodeAt(keyEnd) !== 58) return undefined;
      const keyStart = cursor;
      cursor = keyEnd + 1;
      const value = reordered(t);
      if (value === undefined) return undefined;
      const last = members[members.length - 1];
      if (last && !keyAfter(t, keyStart + 1, keyEnd - 1, last.keyStart + 1, last.keyEnd - 1)) sorted = false;
      members.push({ keyStart, keyEnd, text: t.slice(keyStart, keyEnd + 1) + value });
      const sep = t.charCodeAt(cursor++);
      if (sep === 125) break;
      if (sep !== 44) return undefined;
    }
    if (!sorted) {
      members.sort((a, b) => (keyAfter(t, a.keyStart + 1, a.keyEnd - 1, b.keyStart + 1, b.keyEnd - 1) ? 1 : -1));
      for (let i = 1; i < members.length; i++) {
        const a = members[i - 1];
        const b = members[i];
        if (!keyAfter(t, b.keyStart + 1, b.keyEnd - 1, a.keyStart + 1, a.keyEnd - 1)) return undefined;
      }
    }
    let out = '{' + members[0].text;
    for (let i = 1; i < members.length; i++) out += ',' + members[i].text;
    return out + '}';
  }
  if (c === 91) {
    cursor++;
    if (t.charCodeAt(cursor) === 93) {
      cursor++;
      return '[]';
    }
    let out = '[';
    for (;;) {
      const item = reordered(t);
      if (item === undefined) return undefined;
      out += item;
      const sep = t.charCodeAt(cursor++);
      if (sep === 93) return out + ']';
      if (sep !== 44) return undefined;
      out += ',';
    }
  }
  const end = valueEnd(t, cursor);
  if (end < 0) return undefined;
  const text = t.slice(cursor, end);
  cursor = end;
  return text;
}

/**
 * `canonicalJson(JSON.parse(text))` without parsing when that can be done surely: the text itself
 * if canonical, else with its object members put in key order; undefined otherwise.
 */
export function canonicalStoredJson(text: string): string | undefined {
  if (isCanonicalJson(text)) return text;
  cursor = 0;
  const out = reordered(text);
  return out !== undefined && cursor === text.length ? out : undefined;
}

/** The text `hashEvent` hashes for this row, built from the stored JSON, or undefined if not surely the same. */
function storedRowText(r: StoredEventRow): string | undefined {
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

/** A `cases` row's head as stored: id, revision (the seq of its last event) and last hash. */
export type StoredCaseHead = [id: string, revision: number, lastHash: string];

/** Why a chain that ends at (seq, hash) does not end where its case row says, or undefined. */
function caseRowBreak(row: StoredCaseHead, lastSeq: number, lastHash: string): string | undefined {
  if (row[1] === lastSeq && row[2] === lastHash) return undefined;
  if (row[1] > lastSeq) return `the case row is at revision ${row[1]} but its events end at seq ${lastSeq} (events were removed)`;
  if (row[1] < lastSeq) return `the case row is at revision ${row[1]} but its events go on to seq ${lastSeq}`;
  return 'the case row\'s last hash is not the hash of its last event';
}

/**
 * Checks chains fed in (caseId, seq) order, one run of rows after another, stopping at the first
 * broken event; `result()` then names it, with the cases and events checked before it.
 *
 * Made with `compareCaseRows`, it also checks that each chain ends where its case row says (last
 * seq = revision, last hash = the row's): before each run of rows, `expectCases` must be given the
 * case rows (in id order) of every case up to, not including, the run's last case, and `finish`
 * those of the rest of the range. A case row without events, or events without a case row, is
 * broken too.
 */
export class StoredChainCheck {
  private casesChecked = 0;
  private eventsChecked = 0;
  private caseId: string | undefined;
  private expectedSeq = 1;
  private prevHash = GENESIS_HASH;
  private broken: ChainVerification['firstBroken'];
  private caseRows: StoredCaseHead[] = [];
  private caseRowAt = 0;

  constructor(private readonly compareCaseRows = false) {}

  /** Case rows to compare the chains with, in id order, following those given before. */
  expectCases(rows: StoredCaseHead[]): void {
    if (this.caseRowAt < this.caseRows.length) {
      this.caseRows = this.caseRows.slice(this.caseRowAt);
      for (const row of rows) this.caseRows.push(row);
    } else {
      this.caseRows = rows;
    }
    this.caseRowAt = 0;
  }

  /** Checks the rows; false once a broken event was found (later rows are not looked at). */
  check(rows: Iterable<StoredEventRow>): boolean {
    if (this.broken) return false;
    for (const row of rows) {
      if (row[0] !== this.caseId) {
        if (this.compareCaseRows && !this.caseEnds(row[0])) return false;
        this.caseId = row[0];
        this.casesChecked++;
        this.expectedSeq = 1;
        this.prevHash = GENESIS_HASH;
      }
      const reason = this.rowBreak(row);
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

  /** Ends the check of a range: the last chain and the remaining case rows (in id order) are compared. */
  finish(rows: StoredCaseHead[]): ChainVerification {
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

  private rowBreak(row: StoredEventRow): string | undefined {
    if (row[1] === this.expectedSeq && row[10] === this.prevHash) {
      const text = storedRowText(row);
      if (text !== undefined && hash('sha256', row[10] + text, 'hex') === row[11]) return undefined;
    }
    return chainBreak(storedEventRecord(row), this.expectedSeq, this.prevHash);
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
