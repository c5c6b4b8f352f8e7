/**
 * Shapes the API answers with. Case, replay and record types come from the engine contracts,
 * process summaries from the server (type-only imports, erased at build) so the UI follows them when they change.
 */
import type { CaseListItem, CaseView, ChainVerification, ReplayResult } from '../../engine/runtime/types.js';
import type { CaseRecord, EventRecord, ProcessVersionRecord } from '../../engine/runtime/store.js';
import type { AvailableEvent } from '../../engine/compile/types.js';
import type { Diagnostic } from '../../engine/dsl/diagnostic.js';
import type { JsonSchema } from '../../engine/dsl/types.js';
import type { ProcessSummary } from '../../server/definitions.js';
import type { PublicUser } from '../../server/auth/users.js';
import type { OrgDirectory, Unit } from '../../engine/accounts/types.js';

export type { ProcessSummary, CaseListItem, CaseView, ChainVerification, ReplayResult, CaseRecord, EventRecord, ProcessVersionRecord, AvailableEvent, Diagnostic, JsonSchema };

/** The logged-in user, as `GET /api/me` describes them. */
export interface User {
  username: string;
  roles: string[];
  id?: string;
  units?: string[];
  displayName?: string;
  absence?: PublicUser['absence'];
  /** Holds a supervisor or city-level role: manages the people of their units. */
  supervisor?: boolean;
}

/** A person as `GET /api/users` lists them. */
export type { PublicUser, OrgDirectory, Unit };

/** Answer of `POST /api/session`. */
export interface SessionAnswer {
  user: User;
  csrfToken: string;
}

/** A case as the API answers: the view, with `data` lifted out of the snapshot by some servers. */
export type CaseAnswer = CaseView & { data?: Record<string, unknown> };

/** One version with its YAML and the definition read from it (`GET /api/processes/:id/versions/:n`). */
export interface ProcessVersion extends ProcessVersionRecord {
  definition?: Record<string, unknown>;
}

/** A process with its versions, as `GET /api/processes/:id` answers. */
export interface ProcessDetail extends ProcessVersion {
  versions?: ProcessSummary[];
}

/** Answer of `GET /api/cases/:id/history`. */
export interface HistoryAnswer {
  caseId: string;
  events: EventRecord[];
}

/** Answer of `POST /api/processes/validate`. */
export interface ValidationAnswer {
  valid: boolean;
  diagnostics: Diagnostic[];
  /** The draft as the engine reads it (blocks, conditions and values resolved), when its shape is right. */
  definition?: Record<string, unknown>;
}

/** A page of cases. */
export interface CaseList {
  items: CaseListItem[];
  nextCursor?: string | null;
}

/** The data of a case, wherever the server put it. */
export function caseData(view: CaseAnswer): Record<string, unknown> {
  return view.data ?? view.snapshot?.data ?? {};
}
