/**
 * Shapes the API answers with. Case, event, replay and process types are generated from the API
 * document (`api-schema.d.ts`, written by `npm run api:types`), so the UI compiles against the
 * contract the server serves.
 */
import type { components } from './api-schema.js';
import type { ProcessVersionRecord } from '../../engine/runtime/store.js';
import type { Diagnostic } from '../../engine/dsl/diagnostic.js';
import type { JsonSchema } from '../../engine/dsl/types.js';
import type { PublicUser } from '../../server/auth/users.js';
import type { OrgDirectory, Unit } from '../../engine/accounts/types.js';

type Schemas = components['schemas'];
/** A case as the API answers it (`CaseDto`: no storage columns). */
export type CaseView = Schemas['CaseDto'];
/** A case in a list. */
export type CaseListItem = Schemas['CaseSummary'];
/** A case as a list or a view shows it. */
export type CaseRecord = CaseListItem;
/** One audited event. */
export type EventRecord = Schemas['Event'];
/** A case re-run through its pinned version. */
export type ReplayResult = Schemas['Replay'];
/** The verdict of the chain check. */
export type ChainVerification = Schemas['ChainVerification'];
/** An event the caller may send now. */
export type AvailableEvent = Schemas['Action'];
/** A process version without its source. */
export type ProcessSummary = Schemas['ProcessSummary'];

export type { ProcessVersionRecord, Diagnostic, JsonSchema };

/** The logged-in user, as `GET /api/me` describes them. */
export interface User {
  username: string;
  roles: string[];
  id?: string;
  units?: string[];
  displayName?: string;
  absence?: PublicUser['absence'];
  /** What the server lets this user open (`GET /api/me`). */
  rights: Rights;
}

/** What the signed-in user may open, as the server tells it. */
export type Rights = Schemas['Rights'];

/** The labels of roles and case statuses, as the server names them. */
export type ServerLabels = Schemas['ServerLabels'];

/** Answer of `GET /api/me`. */
export type Me = Schemas['Me'];

/** A person as `GET /api/users` lists them. */
export type { PublicUser, OrgDirectory, Unit };

/** A case as the API answers: the view, with `data` lifted out of the snapshot by some servers. */
export type CaseAnswer = CaseView & { data?: Record<string, unknown> };

/** One version with its YAML and the definition read from it (`GET /api/processes/:id/versions/:n`). */
export interface ProcessVersion extends ProcessVersionRecord {
  definition: Record<string, unknown>;
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
