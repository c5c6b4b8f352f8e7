/**
 * A small in-memory Engine for route tests that must not depend on the compiler: every
 * published process behaves as a "ticket" (open -> answered -> closed) with a 24 h reply timer.
 */
import { parse } from 'yaml';
import type { Actor } from '../../engine/compile/types.js';
import type { Diagnostic } from '../../engine/dsl/diagnostic.js';
import { CaseflowError } from '../../engine/errors.js';
import type { CaseRecord, EventRecord, ProcessVersionRecord, TimerRecord } from '../../engine/runtime/store.js';
import type { CaseView, Clock, Engine } from '../../engine/runtime/types.js';

const DAY = 86_400_000;
const TRANSITIONS: Record<string, { from: string; to: string; roles: string[]; input?: string[] }> = {
  answer: { from: 'open', to: 'answered', roles: ['agent'], input: ['reply'] },
  close: { from: 'answered', to: 'closed', roles: ['team-lead'] },
};

function readYaml(yaml: string): Record<string, unknown> | string {
  let value: unknown;
  try {
    value = parse(yaml, { maxAliasCount: 10 });
  } catch (error) {
    return `not valid YAML: ${error instanceof Error ? error.message : ''}`;
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.fromEntries(Object.entries(value)) : {};
}

function diagnosticsOf(yaml: string): Diagnostic[] {
  const record = readYaml(yaml);
  if (typeof record === 'string') return [{ line: 1, column: 1, path: '', message: record, severity: 'error' }];
  return ['id', 'name', 'states']
    .filter((key) => record[key] === undefined)
    .map((key) => ({ line: 1, column: 1, path: key, message: `${key} is required`, severity: 'error' as const }));
}

/** The fake engine and its clock, which tests move directly. */
export function createFakeEngine(clock: Clock): Engine {
  const versions: ProcessVersionRecord[] = [];
  const cases = new Map<string, CaseRecord>();
  const events = new Map<string, EventRecord[]>();
  const timers = new Map<string, TimerRecord>();
  const idempotency = new Map<string, CaseView>();
  let nextId = 1;

  const latest = (processId: string) => versions.filter((v) => v.processId === processId).at(-1);
  const view = (record: CaseRecord, actor: Actor): CaseView => ({
    ...structuredClone(record),
    deadlines: [],
    actions: Object.entries(TRANSITIONS)
      .filter(([, t]) => t.from === record.state && t.roles.some((role) => actor.roles.includes(role)))
      .map(([type]) => ({ type })),
  });
  const existing = (id: string) => {
    const record = cases.get(id);
    if (!record) throw new CaseflowError('not-found', `case ${id} does not exist`);
    return record;
  };
  const append = (record: CaseRecord, type: string, actor: Actor, from: string | null, input: Record<string, unknown> | null) => {
    const list = events.get(record.id) ?? [];
    list.push({ caseId: record.id, seq: list.length + 1, type, actor: actor.id, actorRoles: actor.roles, at: clock.now(), from, to: record.state, input, prevHash: '', hash: `h${list.length + 1}` });
    events.set(record.id, list);
  };
  const remembered = (key: string | undefined, answer: () => CaseView): CaseView => {
    if (key === undefined) return answer();
    const earlier = idempotency.get(key);
    if (earlier) return structuredClone(earlier);
    const result = answer();
    idempotency.set(key, structuredClone(result));
    return result;
  };

  return {
    clock,
    async publish({ yaml, files = {}, publishedBy, message }) {
      const diagnostics = diagnosticsOf(yaml);
      if (diagnostics.length > 0) throw new CaseflowError('invalid-definition', `the process has ${diagnostics.length} error(s)`, { details: diagnostics });
      const definition = readYaml(yaml);
      const processId = typeof definition === 'string' ? '' : String(definition.id);
      const record: ProcessVersionRecord = {
        processId,
        version: (latest(processId)?.version ?? 0) + 1,
        name: typeof definition === 'string' ? '' : String(definition.name),
        yaml,
        files,
        publishedBy,
        publishedAt: clock.now(),
      };
      if (message !== undefined) record.message = message;
      versions.push(record);
      return record;
    },
    validate: (yaml) => diagnosticsOf(yaml),
    async listProcesses() {
      return [...new Set(versions.map((v) => v.processId))].map((id) => latest(id)).filter((v): v is ProcessVersionRecord => v !== undefined);
    },
    async getProcess(processId, version) {
      const record = version === undefined ? latest(processId) : versions.find((v) => v.processId === processId && v.version === version);
      if (!record) throw new CaseflowError('not-found', `process ${processId} is not published`);
      return record;
    },
    async listVersions(processId) {
      const list = versions.filter((v) => v.processId === processId);
      if (list.length === 0) throw new CaseflowError('not-found', `process ${processId} is not published`);
      return list;
    },
    async createCase({ process, data, actor, idempotencyKey }) {
      const version = latest(process);
      if (!version) throw new CaseflowError('not-found', `process ${process} is not published`);
      if (!actor.roles.includes('agent')) throw new CaseflowError('role-not-allowed', 'only agents open tickets');
      if (typeof data.customer !== 'string') throw new CaseflowError('invalid-input', 'data is not valid', { details: [{ field: 'customer', message: 'is required' }] });
      return remembered(idempotencyKey, () => {
        const now = clock.now();
        const record: CaseRecord = {
          id: `case-${nextId++}`, processId: process, version: version.version, state: 'open', status: 'active',
          snapshot: { value: 'open', data: structuredClone(data), clocks: {}, status: 'active' },
          revision: 1, actionableRoles: ['agent'], searchText: String(data.customer), createdAt: now, updatedAt: now, createdBy: actor.id, lastHash: 'h1',
        };
        cases.set(record.id, record);
        timers.set(record.id, { caseId: record.id, key: 'reply', dueAt: now + DAY, count: 1 });
        append(record, '$start', actor, null, null);
        return view(record, actor);
      });
    },
    async applyEvent(caseId, event, actor, options = {}) {
      const record = existing(caseId);
      if (options.expectedRevision !== undefined && options.expectedRevision !== record.revision) {
        throw new CaseflowError('stale-revision', `case ${caseId} is at revision ${record.revision}`, { details: { revision: record.revision } });
      }
      const transition = TRANSITIONS[event.type];
      if (!transition) throw new CaseflowError('not-found', `event ${event.type} is not part of this process`);
      if (transition.from !== record.state) throw new CaseflowError('event-not-allowed', `${event.type} is not allowed in ${record.state}`, { details: { state: record.state } });
      if (!transition.roles.some((role) => actor.roles.includes(role))) throw new CaseflowError('role-not-allowed', `${event.type} needs ${transition.roles.join(', ')}`);
      const missing = (transition.input ?? []).filter((field) => typeof event.input?.[field] !== 'string');
      if (missing.length > 0) throw new CaseflowError('invalid-input', 'input is not valid', { details: missing.map((field) => ({ field, message: 'is required' })) });
      return remembered(options.idempotencyKey, () => {
        const from = record.state;
        record.state = transition.to;
        record.snapshot = { ...record.snapshot, value: transition.to, data: { ...record.snapshot.data, ...event.input } };
        record.revision += 1;
        record.updatedAt = clock.now();
        if (transition.to === 'closed') record.status = 'done';
        timers.delete(caseId);
        append(record, event.type, actor, from, event.input ?? null);
        return view(record, actor);
      });
    },
    async getCase(caseId, actor) {
      return view(existing(caseId), actor);
    },
    async listCases(query) {
      const all = [...cases.values()].filter((c) => (!query.processId || c.processId === query.processId) && (!query.state || c.state === query.state) && (!query.status || c.status === query.status));
      const start = query.cursor ? Number(query.cursor) : 0;
      const items = all.slice(start, start + query.limit).map((c) => structuredClone(c));
      return { items, nextCursor: start + query.limit < all.length ? String(start + query.limit) : undefined };
    },
    async history(caseId) {
      existing(caseId);
      return structuredClone(events.get(caseId) ?? []);
    },
    async timers(caseId) {
      existing(caseId);
      const timer = timers.get(caseId);
      return timer ? [timer] : [];
    },
    async replay(caseId) {
      existing(caseId);
      return { caseId, consistent: true, chainValid: true, steps: [] };
    },
    async verifyAll() {
      return { valid: true, casesChecked: cases.size, eventsChecked: [...events.values()].reduce((n, list) => n + list.length, 0) };
    },
    async fireDueTimers() {
      let fired = 0;
      for (const [caseId, timer] of timers) {
        if (timer.dueAt > clock.now()) continue;
        const record = existing(caseId);
        record.snapshot = { ...record.snapshot, data: { ...record.snapshot.data, replyBreached: true } };
        record.revision += 1;
        timers.delete(caseId);
        append(record, '$timer', { id: 'system', roles: ['system'] }, record.state, null);
        fired += 1;
      }
      return fired;
    },
    startScheduler() {},
    async stop() {},
  };
}
