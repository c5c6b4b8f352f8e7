/** Loading an API resource into a component, through the UI's shared query cache. */
import { keepPreviousData, useQuery, type QueryKey } from '@tanstack/react-query';
import { useCallback } from 'react';
import { queryClient } from './query-client.js';

/** State of one loaded resource. */
export interface Resource<T> {
  data?: T;
  error?: unknown;
  loading: boolean;
  reload(): void;
  /** Replaces the data, e.g. with the answer of a write. */
  setData(data: T): void;
}

/** Stands for a skipped read in the cache, which never runs it. */
const SKIPPED: QueryKey = ['skipped'];

/**
 * Loads a resource with `load` (a typed call of `client`), under `key` (the operation's path
 * and its parameters; null skips the read), and loads again when the key changes, showing the
 * previous answer until the new one arrives. Two components asking for one key share one request.
 */
export function useApi<T>(key: QueryKey | null, load: (signal: AbortSignal) => Promise<T>): Resource<T> {
  const queryKey = key ?? SKIPPED;
  const query = useQuery({
    queryKey,
    queryFn: ({ signal }) => load(signal),
    enabled: key !== null,
    placeholderData: keepPreviousData,
  });
  const { refetch } = query;
  const reload = useCallback(() => void refetch(), [refetch]);
  // The key's text stands for the key: a key written afresh each render is the same resource.
  const keyText = JSON.stringify(queryKey);
  const setData = useCallback((data: T) => queryClient.setQueryData(queryKey, data), [keyText]);
  return { data: query.data, error: query.error ?? undefined, loading: query.isFetching, reload, setData };
}
