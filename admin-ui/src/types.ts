/**
 * Shapes the API answers with, named for the UI. Every one is read from the API document
 * (`api-schema.d.ts`, written by `npm run api:types`), so the UI compiles against the contract
 * the server serves and keeps no second copy of it.
 */
import type { components } from './api-schema.js';
import type { JsonSchema } from '../../engine/dsl/types.js';

type Schemas = components['schemas'];
/** A case as the API answers it (`CaseDto`: no storage columns). */
export type CaseView = Schemas['CaseDto'];
/** A case in a list. */
export type CaseListItem = Schemas['CaseSummary'];
/** One audited event. */
export type EventRecord = Schemas['Event'];
/** The verdict of the chain check. */
export type ChainVerification = Schemas['ChainVerification'];
/** An event the caller may send now. */
export type AvailableEvent = Schemas['Action'];
/** A process version without its source. */
export type ProcessSummary = Schemas['ProcessSummary'];
/** One version with its YAML and the definition read from it. */
export type ProcessVersion = Schemas['ProcessVersion'];
/** A problem of a process draft, at its line. */
export type Diagnostic = Schemas['Diagnostic'];
/** What the signed-in user may open, as the server tells it. */
export type Rights = Schemas['Rights'];
/** The labels of roles and case statuses, as the server names them. */
export type ServerLabels = Schemas['ServerLabels'];
/** Answer of `GET /api/me`. */
export type Me = Schemas['Me'];
/** The logged-in user, as `GET /api/me` describes them, with what they may open. */
export type User = Me['user'] & { rights: Rights };
/** A person as `GET /api/users` lists them. */
export type PublicUser = Schemas['User'];
/** A business unit (业务单元). */
export type Unit = Schemas['Unit'];
/** The units and the roles that see every unit or their units' people. */
export type OrgDirectory = Schemas['Directory'];

export type { JsonSchema };

/** The data of a case. */
export function caseData(view: CaseView): Record<string, unknown> {
  return view.snapshot.data;
}
