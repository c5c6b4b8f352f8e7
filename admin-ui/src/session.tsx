/**
 * Who is signed in: the session is a cookie; the UI keeps the user and the CSRF token.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, onUnauthorized, setCsrfToken } from './api.js';
import { queryClient } from './lib/query-client.js';
import type { User } from './types.js';

interface Session {
  /** `undefined` while the first `/api/me` is under way, `null` when signed out. */
  user: User | null | undefined;
  /** Signs in; `code` is the authenticator app's code for accounts with a second factor. */
  signIn(username: string, password: string, code?: string): Promise<void>;
  signOut(): Promise<void>;
  /** Asks the server again who is signed in (after a change to one's own account). */
  refresh(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

function isUser(value: unknown): value is User {
  return typeof value === 'object' && value !== null && 'username' in value && 'roles' in value
    && typeof value.username === 'string' && Array.isArray(value.roles);
}

/** Reads `{user, csrfToken?, supervisor?}` or a bare user from an answer. */
function readSession(body: unknown): { user?: User; csrfToken?: string } {
  if (isUser(body)) return { user: body };
  if (typeof body !== 'object' || body === null) return {};
  const supervisor = 'supervisor' in body && body.supervisor === true;
  const user = 'user' in body && isUser(body.user) ? { ...body.user, supervisor } : undefined;
  const csrfToken = 'csrfToken' in body && typeof body.csrfToken === 'string' ? body.csrfToken : undefined;
  return { user, csrfToken };
}

/** Provides the session; asks the server who is signed in on start. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null | undefined>(undefined);

  useEffect(() => {
    onUnauthorized(() => {
      queryClient.clear();
      setUser(null);
    });
    api<unknown>('/api/me')
      .then((body) => {
        const session = readSession(body);
        if (session.csrfToken) setCsrfToken(session.csrfToken);
        setUser(session.user ?? null);
      })
      .catch(() => setUser(null));
  }, []);

  const refresh = useCallback(async () => {
    const session = readSession(await api<unknown>('/api/me'));
    if (session.user) setUser(session.user);
  }, []);

  const signIn = useCallback(async (username: string, password: string, code?: string) => {
    const body = await api<unknown>('/api/session', { method: 'POST', body: code ? { username, password, code } : { username, password } });
    const session = readSession(body);
    setCsrfToken(session.csrfToken);
    // What the previous person of this tab read is theirs, not the next one's.
    queryClient.clear();
    const me = readSession(await api<unknown>('/api/me').catch(() => undefined));
    setUser(me.user ?? session.user ?? { username, roles: [] });
  }, []);

  const signOut = useCallback(async () => {
    try {
      await api<unknown>('/api/session', { method: 'DELETE' });
    } finally {
      setCsrfToken(undefined);
      queryClient.clear();
      setUser(null);
    }
  }, []);

  const value = useMemo(() => ({ user, signIn, signOut, refresh }), [user, signIn, signOut, refresh]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** The session of this tab. */
export function useSession(): Session {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** Roles that never work cases themselves. */
const nonStaffRoles = new Set(['process-owner', 'auditor']);

/** What a user may see in the navigation. */
export function abilities(user: User): { staff: boolean; processOwner: boolean; auditor: boolean } {
  const admin = user.roles.includes('admin');
  return {
    staff: admin || user.roles.some((role) => !nonStaffRoles.has(role) && role !== 'admin'),
    processOwner: admin || user.roles.includes('process-owner'),
    auditor: admin || user.roles.includes('auditor'),
  };
}
