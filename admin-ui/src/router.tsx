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
 * it first — by a link, or by the browser's back and forward buttons — and closing or reloading
 * the tab asks the browser's own question; undefined stops asking.
 */
export function setLeaveGuard(guard: (() => string | undefined) | undefined): void {
  leaveGuard = guard;
}

/** Whether the person chose to stay: asked only while the guard has a question. */
function staysOnPage(): boolean {
  const question = leaveGuard?.();
  return question !== undefined && !window.confirm(question);
}

// The history's blocker: a back or forward step the person declines is undone, so the page and
// its URL stay as they were.
appHistory.block({ blockerFn: staysOnPage, enableBeforeUnload: () => leaveGuard?.() !== undefined });

/** Goes to a path inside the app without reloading (after asking the leave guard, if any). */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (staysOnPage()) return;
  // Asked above, synchronously, so the page scrolls only when it goes; the blocker need not ask again.
  if (options.replace) appHistory.replace(to, undefined, { ignoreBlocker: true });
  else appHistory.push(to, undefined, { ignoreBlocker: true });
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
