/**
 * Published processes as the UI uses them: the list (summaries), and definitions of single
 * versions for labels, forms and diagrams.
 */
import { useEffect, useMemo, useState } from 'react';
import { client, ok } from '../api.js';
import { buildDiagram, type DiagramModel } from '../diagram/model.js';
import { useApi, type Resource } from './use-api.js';
import type { JsonSchema, ProcessSummary, ProcessVersion } from '../types.js';

/** One version of a process with its definition read. */
export interface ProcessInfo {
  id: string;
  version: number;
  name: string;
  document?: Record<string, unknown>;
  model: DiagramModel;
  dataSchema: JsonSchema;
  stateLabels: Map<string, string>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Builds the UI's view of one version from the definition the server read from its YAML. */
function processInfo(record: ProcessVersion): ProcessInfo {
  const document = record.definition;
  const model = buildDiagram(document);
  return {
    id: record.processId,
    version: record.version,
    name: record.name || (typeof document?.name === 'string' ? document.name : record.processId),
    document,
    model,
    dataSchema: isRecord(document?.data) ? document.data : {},
    stateLabels: new Map(model.states.map((s) => [s.id, s.label])),
  };
}

/** Reads a process with its versions: its latest version, and the list of all. */
export function readProcess(processId: string, signal?: AbortSignal) {
  return ok(client.GET('/api/processes/{id}', { params: { path: { id: processId } }, signal }));
}

/** Reads one version of a process (the latest when `version` is undefined). */
export function readVersion(processId: string, version: number | undefined, signal?: AbortSignal): Promise<ProcessVersion> {
  if (version === undefined) return readProcess(processId, signal);
  return ok(client.GET('/api/processes/{id}/versions/{version}', { params: { path: { id: processId, version: String(version) } }, signal }));
}

/** One version of a process (the latest when `version` is undefined; nothing when `processId` is). */
export function useVersion(processId: string | undefined, version: number | undefined): Resource<ProcessVersion> {
  const key = processId === undefined ? null
    : version === undefined ? ['/api/processes/{id}', processId] : ['/api/processes/{id}/versions/{version}', processId, version];
  return useApi(key, (signal) => readVersion(processId ?? '', version, signal));
}

/** The latest version of every published process (summaries, no YAML). */
export function useProcessSummaries(): { processes: ProcessSummary[]; error?: unknown; loading: boolean } {
  const resource = useApi(['/api/processes'], (signal) => ok(client.GET('/api/processes', { signal })));
  return { processes: resource.data?.items ?? [], error: resource.error, loading: resource.loading };
}

/** The latest definitions of the given processes, by id (loaded in parallel, each once). */
export function useProcessDefinitions(ids: string[]): Map<string, ProcessInfo> {
  const [byId, setById] = useState<Map<string, ProcessInfo>>(new Map());
  const key = [...new Set(ids)].sort().join('\n');
  useEffect(() => {
    const wanted = key ? key.split('\n') : [];
    const missing = wanted.filter((id) => !byId.has(id));
    if (missing.length === 0) return;
    let live = true;
    void Promise.all(missing.map((id) => readProcess(id).then(processInfo, () => undefined)))
      .then((infos) => {
        if (!live) return;
        setById((previous) => {
          const next = new Map(previous);
          for (const info of infos) if (info) next.set(info.id, info);
          return next;
        });
      });
    return () => { live = false; };
  }, [key, byId]);
  return byId;
}

/** Loads one version of a process (the latest when `version` is undefined). */
export function useProcessVersion(processId: string | undefined, version: number | undefined): ProcessInfo | undefined {
  const resource = useVersion(processId, version);
  return useMemo(() => (resource.data ? processInfo(resource.data) : undefined), [resource.data]);
}

/** Labels of every event declared anywhere in a process document, by event type. */
export function eventLabels(document: Record<string, unknown> | undefined): Map<string, string> {
  const labels = new Map<string, string>([['$start', '开立 Opened'], ['$timer', '定时触发 Timer fired']]);
  const walk = (states: unknown) => {
    if (!isRecord(states)) return;
    for (const state of Object.values(states)) {
      if (!isRecord(state)) continue;
      if (isRecord(state.on)) {
        for (const [type, event] of Object.entries(state.on)) {
          if (isRecord(event) && typeof event.label === 'string' && !labels.has(type)) labels.set(type, event.label);
        }
      }
      walk(state.states);
    }
  };
  walk(document?.states);
  return labels;
}
