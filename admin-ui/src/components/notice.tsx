/** Messages above a page or form: errors from the API, successes, information. */
import type { ReactNode } from 'react';
import { ApiError } from '../api.js';

/** A coloured message box; errors are announced to screen readers. */
export function Notice({ kind, children }: { kind: 'error' | 'success' | 'info' | 'warning'; children: ReactNode }) {
  return <div className={`notice notice-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>{children}</div>;
}

/** The readable text of a caught error. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) return error.detail;
  if (error instanceof Error) return error.message;
  return String(error);
}
