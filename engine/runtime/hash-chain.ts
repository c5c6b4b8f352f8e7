/**
 * The audit chain: each event's hash covers the previous event's hash and its own fields, so a
 * changed row breaks the chain from that event on.
 */
import { hash } from 'node:crypto';
import type { EventJson, EventRecord } from './store.js';

/** The `prevHash` of a case's first event. */
export const GENESIS_HASH = '0'.repeat(64);

function isRecord(value: object): value is Record<string, unknown> {
  return !Array.isArray(value);
}

/** JSON with object keys sorted and `undefined` members left out, so equal values hash alike. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const text = JSON.stringify(value);
    return text === undefined ? 'null' : text;
  }
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      const item: unknown = value[i];
      out += item === undefined || typeof item === 'function' ? 'null' : canonicalJson(item);
    }
    return out + ']';
  }
  if (!isRecord(value)) return 'null';
  const record = value;
  const keys = Object.keys(record).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const member = record[key];
    if (member === undefined || typeof member === 'function') continue;
    if (!first) out += ',';
    first = false;
    out += JSON.stringify(key) + ':' + canonicalJson(member);
  }
  return out + '}';
}

/** The fields of an event that its hash covers: all but `prevHash` and `hash`. */
export type HashedEventFields = Omit<EventRecord, 'prevHash' | 'hash'>;

/**
 * The canonical text of an event's hashed fields, given the canonical JSON of its input, timer and
 * assignment; keys written in sorted order by hand for speed.
 */
function eventText(e: HashedEventFields, input: string, timer: string | null, assignment: string | null): string {
  let out = '{"actor":' + JSON.stringify(e.actor);
  out += ',"actorRoles":' + canonicalJson(e.actorRoles);
  if (assignment !== null) out += ',"assignment":' + assignment;
  out += ',"at":' + JSON.stringify(e.at);
  out += ',"caseId":' + JSON.stringify(e.caseId);
  out += ',"from":' + (e.from === null ? 'null' : JSON.stringify(e.from));
  out += ',"input":' + input;
  if (e.onBehalfOf !== undefined) out += ',"onBehalfOf":' + JSON.stringify(e.onBehalfOf);
  out += ',"seq":' + JSON.stringify(e.seq);
  if (timer !== null) out += ',"timer":' + timer;
  out += ',"to":' + JSON.stringify(e.to);
  out += ',"type":' + JSON.stringify(e.type);
  return out + '}';
}

/** `sha256(prevHash + canonical JSON of the event's other fields)`, hex. */
export function hashEvent(prevHash: string, fields: HashedEventFields): string {
  const input = fields.input === null ? 'null' : canonicalJson(fields.input);
  const timer = fields.timer === undefined ? null : canonicalJson(fields.timer);
  const assignment = fields.assignment === undefined ? null : canonicalJson(fields.assignment);
  return hash('sha256', prevHash + eventText(fields, input, timer, assignment), 'hex');
}

/** A new event on its way to the store, with its JSON members as the canonical text that was hashed. */
export interface SealedEvent {
  event: EventRecord;
  json: EventJson;
}

/** Hashes a new event onto `prevHash` (as `hashEvent`) and returns it with its canonical JSON. */
export function sealEvent(prevHash: string, fields: HashedEventFields): SealedEvent {
  const input = fields.input === null ? null : canonicalJson(fields.input);
  const timer = fields.timer === undefined ? null : canonicalJson(fields.timer);
  const assignment = fields.assignment === undefined ? null : canonicalJson(fields.assignment);
  const hashed = hash('sha256', prevHash + eventText(fields, input ?? 'null', timer, assignment), 'hex');
  // Written out rather than spread: spreading the fields into a larger object costs more than hashing.
  const event: EventRecord = {
    caseId: fields.caseId, seq: fields.seq, type: fields.type, actor: fields.actor, actorRoles: fields.actorRoles,
    at: fields.at, from: fields.from, to: fields.to, input: fields.input, prevHash, hash: hashed,
  };
  if (fields.timer !== undefined) event.timer = fields.timer;
  if (fields.assignment !== undefined) event.assignment = fields.assignment;
  if (fields.onBehalfOf !== undefined) event.onBehalfOf = fields.onBehalfOf;
  return { event, json: { input, timer, assignment } };
}

/** The event's fields without its hashes (an `EventRecord` read back from the store). */
export function hashedFields(e: EventRecord): HashedEventFields {
  const fields: HashedEventFields = {
    caseId: e.caseId, seq: e.seq, type: e.type, actor: e.actor, actorRoles: e.actorRoles,
    at: e.at, from: e.from, to: e.to, input: e.input,
  };
  if (e.timer !== undefined) fields.timer = e.timer;
  if (e.assignment !== undefined) fields.assignment = e.assignment;
  if (e.onBehalfOf !== undefined) fields.onBehalfOf = e.onBehalfOf;
  return fields;
}

/**
 * Checks one event against the chain so far: its seq follows, its prevHash is the previous hash,
 * and its hash is right. Returns why it is broken, or undefined.
 */
export function chainBreak(e: EventRecord, expectedSeq: number, expectedPrevHash: string): string | undefined {
  if (e.seq !== expectedSeq) return `expected seq ${expectedSeq}, found ${e.seq}`;
  if (e.prevHash !== expectedPrevHash) return 'prevHash does not match the previous event';
  if (hashEvent(e.prevHash, e) !== e.hash) return 'hash does not match the event';
  return undefined;
}
