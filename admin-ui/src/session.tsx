/**
 * Who is signed in: the session is a cookie; the UI keeps the user, what the server lets them
 * open, the server's labels of roles and statuses, and the CSRF token.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { client, done, ok, onUnauthorized, setCsrfToken } from './api.js';
import { useI18n } from './i18n/index.js';
import { queryClient } from './lib/query-client.js';
import { serverWords, type ServerWords } from './lib/server-words.js';
import type { Me, ServerLabels, User } from './types.js';

interface Session {
  /** `undefined` while the first `/api/me` is under way, `null` when signed out. */
  user: User | null | undefined;
  /** The labels of roles and case statuses (empty until signed in). */
  labels: ServerLabels;
  /** Signs in; `code` is the authenticator app's code for accounts with a second factor. */
  signIn(username: string, password: string, code?: string): Promise<void>;
  signOut(): Promise<void>;
  /** Asks the server again who is signed in (after a change to one's own account). */
  refresh(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

const NO_LABELS: ServerLabels = { roles: {}, statuses: {} };

/** The user of a `GET /api/me` answer, with their rights. */
const userOf = (me: Me): User => ({ ...me.user, rights: me.rights });

/** Provides the session; asks the server who is signed in on start. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null | undefined>(undefined);
  const [labels, setLabels] = useState<ServerLabels>(NO_LABELS);

  const take = useCallback((me: Me) => {
    if (me.csrfToken) setCsrfToken(me.csrfToken);
    setLabels(me.labels);
    setUser(userOf(me));
  }, []);

  useEffect(() => {
    onUnauthorized(() => {
      queryClient.clear();
      setUser(null);
    });
    ok(client.GET('/api/me')).then(take).catch(() => setUser(null));
  }, [take]);

  const refresh = useCallback(async () => {
    take(await ok(client.GET('/api/me')));
  }, [take]);

  const signIn = useCallback(async (username: string, password: string, code?: string) => {
    const session = await ok(client.POST('/api/session', { body: code ? { username, password, code } : { username, password } }));
    setCsrfToken(session.csrfToken);
    // What the previous person of this tab read is theirs, not the next one's.
    queryClient.clear();
    take(await ok(client.GET('/api/me')));
  }, [take]);

  const signOut = useCallback(async () => {
    try {
      await done(client.DELETE('/api/session'));
    } finally {
      setCsrfToken(undefined);
      queryClient.clear();
      setUser(null);
    }
  }, []);

  const value = useMemo(() => ({ user, labels, signIn, signOut, refresh }), [user, labels, signIn, signOut, refresh]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** The session of this tab. */
export function useSession(): Session {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** Names of roles and case statuses in the shell's language, as the server labels them (the id when it has no label). */
export function useServerLabels(): ServerWords {
  const { labels } = useSession();
  const { language } = useI18n();
  return useMemo(() => serverWords(labels, language), [labels, language]);
}
