/** Loading an API resource into a component, through the UI's shared query cache. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import { api } from '../api.js';
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

/**
 * Loads `path` (skipped when null) and loads again when it changes, showing the previous answer
 * until the new one arrives. Two components asking for one path share one request.
 */
export function useApi<T>(path: string | null): Resource<T> {
  const query = useQuery({
    queryKey: [path],
    queryFn: ({ signal }) => api<T>(path ?? '', { signal }),
    enabled: path !== null,
    placeholderData: keepPreviousData,
  });
  const { refetch } = query;
  const reload = useCallback(() => void refetch(), [refetch]);
  const setData = useCallback((data: T) => queryClient.setQueryData([path], data), [path]);
  return { data: query.data, error: query.error ?? undefined, loading: query.isFetching, reload, setData };
}
