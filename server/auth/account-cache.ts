/**
 * A short-lived memory of the account lookups every request makes (token by hash, session by
 * id, user by id), in front of an `AccountStore`. Every write through it forgets what it could
 * have changed at once, so revoking, disabling, logging out and role changes made through this
 * process act on the next request. Writes by another server on the database are forgotten when
 * its change hint arrives (PostgreSQL); a hint that is lost, or a writer that sends none (the
 * CLI), is seen once the entries age out: never later than `ttlMs`.
 */
import type { AccountStore } from '../../engine/accounts/types.js';
import type { ChangeHints } from '../../engine/store/change-hints.js';

/** How long a lookup is remembered by default: the longest a change made elsewhere goes unseen. */
export const ACCOUNT_CACHE_TTL_MS = 1000;

/** Most entries per kind; past it the kind is emptied (a bound, not an eviction policy). */
const MAX_ENTRIES = 10_000;

interface Entry<T> {
  value: T;
  until: number;
}

/** Remembered lookups of one kind. Misses are never remembered, so unknown secrets cost no memory. */
class Lookups<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(private readonly ttlMs: number, private readonly now: () => number) {}

  get(key: string): T | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.until > this.now()) return entry.value;
    this.entries.delete(key);
    return undefined;
  }

  set(key: string, value: T): void {
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(key, { value, until: this.now() + this.ttlMs });
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}

/** Options of `cachedAccounts`. */
export interface AccountCacheOptions {
  ttlMs?: number;
  now?: () => number;
  /** Hints from the other servers on the database: each forgets every remembered lookup. */
  hints?: ChangeHints;
}

/** `store` with its per-request lookups remembered for `ttlMs` and forgotten on every write that could change them. */
export function cachedAccounts(store: AccountStore, options: AccountCacheOptions = {}): AccountStore {
  const ttlMs = options.ttlMs ?? ACCOUNT_CACHE_TTL_MS;
  const now = options.now ?? Date.now;
  const users = new Lookups<NonNullable<Awaited<ReturnType<AccountStore['getUser']>>>>(ttlMs, now);
  const tokens = new Lookups<NonNullable<Awaited<ReturnType<AccountStore['findTokenByHash']>>>>(ttlMs, now);
  const sessions = new Lookups<NonNullable<Awaited<ReturnType<AccountStore['getSession']>>>>(ttlMs, now);
  // Who named a user their delegate, read by every request; any change to any user may change it.
  const delegators = new Lookups<NonNullable<Awaited<ReturnType<AccountStore['listUsersDelegatingTo']>>>>(ttlMs, now);
  // The engine names people by username and gives work by role on events: any user write forgets both.
  const byUsername = new Lookups<NonNullable<Awaited<ReturnType<AccountStore['findUserByUsername']>>>>(ttlMs, now);
  const withRole = new Lookups<Awaited<ReturnType<AccountStore['listUsersWithRole']>>>(ttlMs, now);
  const forgetPeople = () => {
    byUsername.clear();
    withRole.clear();
  };
  // The directory is read by every request that checks a case's unit; one entry, keyed ''.
  const directory = new Lookups<Awaited<ReturnType<AccountStore['getDirectory']>>>(ttlMs, now);
  // Bumped by every write: a lookup that was under way while something changed is not remembered.
  let generation = 0;

  options.hints?.subscribe((hint) => {
    if (hint.topic === 'clock') return;
    generation++;
    for (const lookups of [users, tokens, sessions, delegators, byUsername, withRole, directory]) lookups.clear();
  });

  async function remembered<T>(lookups: Lookups<T>, key: string, read: () => Promise<T | undefined>): Promise<T | undefined> {
    const known = lookups.get(key);
    if (known !== undefined) return known;
    const startedAt = generation;
    const value = await read();
    if (value !== undefined && startedAt === generation) lookups.set(key, value);
    return value;
  }

  /** Runs a write, forgetting before it (so no later read is served stale) and after it (so no read that overlapped it is kept). */
  async function writing<T>(forget: () => void, write: () => Promise<T>): Promise<T> {
    generation++;
    forget();
    try {
      return await write();
    } finally {
      generation++;
      forget();
    }
  }

  return {
    createUser: (user) => writing(() => { users.delete(user.id); forgetPeople(); }, () => store.createUser(user)),
    getUser: (id) => remembered(users, id, () => store.getUser(id)),
    findUserByUsername: (username) => remembered(byUsername, username.toLowerCase(), () => store.findUserByUsername(username)),
    listUsers: () => store.listUsers(),
    listUsersWithRole: async (role) => (await remembered(withRole, role, () => store.listUsersWithRole(role))) ?? [],
    listUsersDelegatingTo: async (delegateId) => (await remembered(delegators, delegateId, () => store.listUsersDelegatingTo(delegateId))) ?? [],
    spendTotpStep: (userId, step) => writing(() => { users.delete(userId); forgetPeople(); }, () => store.spendTotpStep(userId, step)),
    updateUser: (id, change) => writing(() => { users.delete(id); delegators.clear(); forgetPeople(); }, () => store.updateUser(id, change)),

    createSession: (session) => writing(() => sessions.delete(session.id), () => store.createSession(session)),
    getSession: (id) => remembered(sessions, id, () => store.getSession(id)),
    deleteSession: (id) => writing(() => sessions.delete(id), () => store.deleteSession(id)),
    deleteUserSessions: (userId) => writing(() => sessions.clear(), () => store.deleteUserSessions(userId)),
    deleteExpiredSessions: (at) => writing(() => sessions.clear(), () => store.deleteExpiredSessions(at)),

    createToken: (token) => writing(() => tokens.delete(token.hash), () => store.createToken(token)),
    getToken: (id) => store.getToken(id),
    findTokenByHash: (hash) => remembered(tokens, hash, () => store.findTokenByHash(hash)),
    listTokens: (userId) => store.listTokens(userId),
    revokeToken: (id, at) => writing(() => tokens.clear(), () => store.revokeToken(id, at)),

    getDirectory: async () => (await remembered(directory, '', () => store.getDirectory())) ?? store.getDirectory(),
    createUnit: (unit) => writing(() => directory.clear(), () => store.createUnit(unit)),
    updateUnit: (id, change) => writing(() => directory.clear(), () => store.updateUnit(id, change)),
    replaceDirectory: (next) => writing(() => directory.clear(), () => store.replaceDirectory(next)),
  };
}
