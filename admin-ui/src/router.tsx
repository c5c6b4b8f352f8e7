/**
 * Navigation as pages use it, over the app's TanStack Router (its route tree is in `routes.tsx`):
 * links and `navigate` take a whole path with its query (`/inbox?view=all`), kept in the URL as
 * written, and `useLocation` gives the path and query the router is at. The server answers every
 * non-API path with index.html, so `/cases/abc` can be bookmarked and reloaded.
 */
import { createBrowserHistory, useRouterState } from '@tanstack/react-router';
import { useMemo, type AnchorHTMLAttributes, type MouseEvent } from 'react';

/** The browser history the router follows. */
export const appHistory = createBrowserHistory();

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
  if (options.replace) appHistory.replace(to);
  else appHistory.push(to);
  window.scrollTo(0, 0);
}

/** The current location (path and query), re-rendering on navigation. */
export function useLocation(): { path: string; search: URLSearchParams } {
  const { pathname, searchStr } = useRouterState({ select: (state) => ({ pathname: state.location.pathname, searchStr: state.location.searchStr }), structuralSharing: true });
  return useMemo(() => ({ path: pathname, search: new URLSearchParams(searchStr) }), [pathname, searchStr]);
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
