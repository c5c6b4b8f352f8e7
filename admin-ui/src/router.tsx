/**
 * A small history-API router: the server answers every non-API path with index.html, so
 * `/cases/abc` can be bookmarked and reloaded.
 */
import { useEffect, useState, type AnchorHTMLAttributes, type MouseEvent } from 'react';

const listeners = new Set<() => void>();
let leaveGuard: (() => string | undefined) | undefined;

/**
 * While `guard` answers a question (unsaved work on the page), going elsewhere in the app asks
 * it first, and so does closing or reloading the tab; undefined stops asking.
 */
export function setLeaveGuard(guard: (() => string | undefined) | undefined): void {
  leaveGuard = guard;
}

window.addEventListener('beforeunload', (event) => {
  if (leaveGuard?.() !== undefined) event.preventDefault();
});

/** Goes to a path inside the app without reloading (after asking the leave guard, if any). */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  const question = leaveGuard?.();
  if (question !== undefined && !window.confirm(question)) return;
  if (options.replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  for (const listener of listeners) listener();
  window.scrollTo(0, 0);
}

/** The current location (path and query), re-rendering on navigation. */
export function useLocation(): { path: string; search: URLSearchParams } {
  const [, setTick] = useState(0);
  useEffect(() => {
    const update = () => setTick((n) => n + 1);
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return { path: location.pathname, search: new URLSearchParams(location.search) };
}

/** Matches a path against a pattern such as `/cases/:id`; returns the decoded params or null. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/').filter(Boolean);
  const have = path.split('/').filter(Boolean);
  if (want.length !== have.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const part = want[i];
    if (part.startsWith(':')) params[part.slice(1)] = decodeURIComponent(have[i]);
    else if (part !== have[i]) return null;
  }
  return params;
}

/** A real link that navigates in-app on a plain click and behaves normally otherwise. */
export function Link(props: AnchorHTMLAttributes<HTMLAnchorElement> & { to: string }) {
  const { to, onClick, ...rest } = props;
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return <a href={to} onClick={handle} {...rest} />;
}
