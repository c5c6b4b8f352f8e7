/** The published processes, loaded once per page, with their parsed definitions for labels and diagrams. */
import { useMemo } from 'react';
import { parse } from 'yaml';
import { buildDiagram, type DiagramModel } from '../diagram/model.js';
import { useApi } from './use-api.js';
import { itemsOf, type JsonSchema, type ListAnswer, type ProcessDetail, type ProcessVersionRecord } from '../types.js';

/** A process as the UI uses it. */
export interface ProcessInfo {
  record: ProcessVersionRecord;
  id: string;
  name: string;
  /** Parsed YAML (undefined if the server sent none or it does not parse). */
  document?: Record<string, unknown>;
  model: DiagramModel;
  dataSchema: JsonSchema;
  starters?: string[];
  roles: string[];
  stateLabels: Map<string, string>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses a YAML text safely (alias expansion capped); undefined when it is not a mapping. */
export function parseDocument(yaml: string | undefined): Record<string, unknown> | undefined {
  if (!yaml) return undefined;
  try {
    const value: unknown = parse(yaml, { maxAliasCount: 100 });
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function strings(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined;
}

/** Builds the UI's view of one published version. */
export function processInfo(record: ProcessVersionRecord): ProcessInfo {
  const document = parseDocument(record.yaml);
  const model = buildDiagram(document);
  return {
    record,
    id: record.processId,
    name: record.name || (typeof document?.name === 'string' ? document.name : record.processId),
    document,
    model,
    dataSchema: isRecord(document?.data) ? document.data : {},
    starters: strings(document?.starters),
    roles: strings(document?.roles) ?? [],
    stateLabels: new Map(model.states.map((s) => [s.id, s.label])),
  };
}

/** Loads the latest version of every published process. */
export function useProcesses(): { processes: ProcessInfo[]; byId: Map<string, ProcessInfo>; error?: unknown; loading: boolean } {
  const resource = useApi<ListAnswer<ProcessVersionRecord>>('/api/processes');
  return useMemo(() => {
    const processes = itemsOf(resource.data).map(processInfo);
    return { processes, byId: new Map(processes.map((p) => [p.id, p])), error: resource.error, loading: resource.loading };
  }, [resource.data, resource.error, resource.loading]);
}

/** Labels of every event declared anywhere in a process document, by event type. */
export function eventLabels(document: Record<string, unknown> | undefined): Map<string, string> {
  const labels = new Map<string, string>();
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

/** Loads the version of a process a case is pinned to (falls back to the latest). */
export function useProcessVersion(processId: string | undefined, version: number | undefined): ProcessInfo | undefined {
  const resource = useApi<ProcessDetail>(processId ? `/api/processes/${encodeURIComponent(processId)}` : null);
  return useMemo(() => {
    const detail = resource.data;
    if (!detail) return undefined;
    const pinned = detail.versions?.find((v) => v.version === version && typeof v.yaml === 'string' && v.yaml.length > 0);
    return processInfo(pinned ?? detail);
  }, [resource.data, version]);
}
