/**
 * What every request carries through the Hono app: who is calling and how.
 */
import type { Actor, ActorScope } from '../engine/compile/types.js';

/** The authenticated caller of a request. */
export interface Principal {
  userId: string;
  username: string;
  /** Roles this request acts with (a token's roles, or the user's). */
  roles: string[];
  /** The user's units (业务单元); `scopeOf(principal, directory)` gives what the caller sees. */
  units: string[];
  via: 'session' | 'token';
  sessionId?: string;
  csrfToken?: string;
  tokenId?: string;
  /** The units whose cases the caller sees (absent: all). */
  scope?: ActorScope;
  /** Absent users who named the caller their delegate. */
  delegateFor?: string[];
}

/** Hono environment of the Caseflow app. */
export interface AppEnv {
  Variables: {
    requestId: string;
    principal: Principal;
    /** Set by routes that honour `If-Match`, so a stale revision answers 412 instead of 409. */
    conditional: boolean;
    /** Route pattern, for logs and metrics (`/api/cases/:id`). */
    routePattern: string;
  };
}

/** The engine's view of a caller. */
export function actorOf(principal: Principal): Actor {
  const actor: Actor = { id: principal.username, roles: [...principal.roles] };
  if (principal.scope !== undefined) actor.scope = principal.scope;
  if (principal.delegateFor !== undefined && principal.delegateFor.length > 0) actor.delegateFor = principal.delegateFor;
  return actor;
}
