/**
 * Who an administrative action is recorded for: the caller of a request, the server itself, or
 * a person at the command line.
 */
import type { Context } from 'hono';
import { userInfo } from 'node:os';
import type { AdminLog } from '../engine/audit/admin-log.js';
import type { AdminActor } from '../engine/audit/types.js';
import type { AppEnv } from './context.js';

/** The server acting on its own (publishing the shipped processes, creating `admin`). */
export const SERVER_ACTOR: AdminActor = { id: 'system', name: 'caseflow' };

/** The caller of a request, as the admin log names it. */
export function requestActor(c: Context<AppEnv>): AdminActor {
  const principal = c.get('principal');
  return { id: principal.userId, name: principal.username };
}

/** Whoever runs the `caseflow` command line: the operating-system account. */
export function commandLineActor(): AdminActor {
  let name = 'unknown';
  try {
    name = userInfo().username;
  } catch {
    // Some containers run under a uid without a name; the entry still says it came from the CLI.
  }
  return { id: 'cli', name: `cli:${name}` };
}

/** A user as the admin log describes it: never the password hash. */
interface UserState {
  id: string;
  username: string;
  roles: string[];
  disabled: boolean;
  units?: string[];
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((item) => b.includes(item));

/**
 * Records what an administrator's change of a user did: one entry per kind of change (roles,
 * disabled, units, password, a two-factor reset).
 */
export async function recordUserChange(
  adminLog: AdminLog, actor: AdminActor, before: UserState, after: UserState, also: { passwordChanged?: boolean; totpReset?: boolean } = {},
): Promise<void> {
  const target = after.username;
  const userId = after.id;
  if (!sameSet(before.roles, after.roles)) await adminLog.record({ actor, action: 'user.roles', target, details: { userId, from: before.roles, to: after.roles } });
  if (before.disabled !== after.disabled) await adminLog.record({ actor, action: after.disabled ? 'user.disable' : 'user.enable', target, details: { userId } });
  if (before.units && after.units && !sameSet(before.units, after.units)) await adminLog.record({ actor, action: 'user.units', target, details: { userId, from: before.units, to: after.units } });
  if (also.passwordChanged) await adminLog.record({ actor, action: 'user.password', target, details: { userId } });
  if (also.totpReset) await adminLog.record({ actor, action: 'user.totp', target, details: { userId, reset: true } });
}
