/**
 * The UI's one cache of server data (TanStack Query): components asking for the same resource
 * share one request, and every write the UI sends marks what it read as stale.
 */
import { QueryClient } from '@tanstack/react-query';

/** The cache of the running UI. */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A page opened again within seconds shows what it had without asking again.
      staleTime: 5_000,
      // A refused read (404, 403) is an answer, not a network failure to try again.
      retry: false,
      refetchOnWindowFocus: false,
    },
  },
});

/**
 * After a write: whatever the write changed (a case, its history, the lists it appears in, the
 * workload) is read again where it is shown, and on next use elsewhere.
 */
export function afterWrite(): void {
  void queryClient.invalidateQueries();
}
