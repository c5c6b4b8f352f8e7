/** Loading an API resource into a component, with reload and abort on change. */
import { useCallback, useEffect, useState } from 'react';
import { api } from '../api.js';

/** State of one loaded resource. */
export interface Resource<T> {
  data?: T;
  error?: unknown;
  loading: boolean;
  reload(): void;
  /** Replaces the data, e.g. with the answer of a write. */
  setData(data: T): void;
}

/** Loads `path` (skipped when null) and reloads when it changes. */
export function useApi<T>(path: string | null): Resource<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(path !== null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (path === null) return;
    const controller = new AbortController();
    setLoading(true);
    api<T>(path, { signal: controller.signal })
      .then((body) => {
        setData(body);
        setError(undefined);
      })
      .catch((caught: unknown) => {
        if (!controller.signal.aborted) setError(caught);
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [path, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, loading, reload, setData };
}
