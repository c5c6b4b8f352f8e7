/**
 * Four-eyes publishing: a process owner saves a new version as a draft; another process owner
 * approves it (it is published, recording who drafted and who approved it) or sends it back with
 * a comment. A process whose version in production, or whose draft, says
 * `publishing: { approval: required }` goes live only this way.
 */
import { randomUUID } from 'node:crypto';
import type { ProcessDefinition } from '../dsl/types.js';
import { CaseflowError } from '../errors.js';
import type { DraftStatus, ProcessDraftRecord, ProcessVersionRecord, Store } from './store.js';
import type { Clock } from './types.js';

/** A version ready to publish: validated and compiled, with its definition. */
export interface PreparedVersion {
  definition: ProcessDefinition;
  record: Omit<ProcessVersionRecord, 'version'>;
}

/** What the drafts are kept and published with. */
export interface DraftDeskDeps {
  store: Store;
  clock: Clock;
  /** Validates and compiles a version (`invalid-definition` with diagnostics). */
  prepare(args: { yaml: string; files: Record<string, string>; publishedBy: string; message?: string }): Promise<PreparedVersion>;
  /** The definition of a published version, as the engine reads it. */
  definitionOf(record: ProcessVersionRecord): Promise<ProcessDefinition>;
  /** Called once a version is published, so the latest is read again. */
  published(processId: string): void;
}

/** True when a definition asks for a second process owner's approval. */
export function asksForApproval(definition: Pick<ProcessDefinition, 'publishing'> | undefined): boolean {
  return definition?.publishing?.approval === 'required';
}

/** Drafts and their review. */
export interface DraftDesk {
  /** True when publishing this version needs approval: by its own rule or by the version in production. */
  needsApproval(definition: ProcessDefinition): Promise<boolean>;
  submit(args: { yaml: string; files?: Record<string, string>; message?: string; author: string }): Promise<ProcessDraftRecord>;
  list(filter: { processId?: string; status?: DraftStatus }): Promise<ProcessDraftRecord[]>;
  /** One draft; `not-found` when there is none. */
  get(id: string): Promise<ProcessDraftRecord>;
  /** Publishes a pending draft by another process owner than its author. */
  approve(id: string, reviewer: string, comment?: string): Promise<{ draft: ProcessDraftRecord; version: ProcessVersionRecord }>;
  /** Sends a pending draft back to its author with a comment. */
  sendBack(id: string, reviewer: string, comment: string): Promise<ProcessDraftRecord>;
}

/** Creates the draft desk of an engine. */
export function createDraftDesk({ store, clock, prepare, definitionOf, published }: DraftDeskDeps): DraftDesk {
  const get = async (id: string) => {
    const draft = await store.getDraft(id);
    if (!draft) throw new CaseflowError('not-found', `there is no draft ${id}`);
    return draft;
  };

  /** Refuses a review by the author, or of a draft already reviewed. */
  const reviewable = async (id: string, reviewer: string) => {
    const draft = await get(id);
    if (draft.author === reviewer) {
      throw new CaseflowError('role-not-allowed', `${reviewer} drafted this version: another process owner must review it`, { details: { roles: ['process-owner'] } });
    }
    if (draft.status !== 'pending') throw new CaseflowError('conflict', `draft ${id} was already ${draft.status === 'approved' ? `approved (version ${draft.version})` : 'sent back'}`);
    return draft;
  };

  return {
    async needsApproval(definition) {
      if (asksForApproval(definition)) return true;
      const live = await store.getVersion(definition.id);
      return live !== undefined && asksForApproval(await definitionOf(live));
    },

    async submit({ yaml, files = {}, message, author }) {
      const { definition } = await prepare({ yaml, files, publishedBy: author, message });
      const live = await store.getVersion(definition.id);
      const draft: Omit<ProcessDraftRecord, 'status'> = {
        id: randomUUID(), processId: definition.id, name: definition.name, yaml, files, author, createdAt: clock.now(),
      };
      if (message !== undefined) draft.message = message;
      if (live) draft.baseVersion = live.version;
      return store.saveDraft(draft);
    },

    list: (filter) => store.listDrafts(filter),
    get,

    async approve(id, reviewer, comment) {
      const draft = await reviewable(id, reviewer);
      const live = await store.getVersion(draft.processId);
      if (live?.version !== draft.baseVersion) {
        throw new CaseflowError('conflict', `version ${live?.version} of ${draft.processId} was published after this draft was made from ${draft.baseVersion === undefined ? 'nothing' : `version ${draft.baseVersion}`}: send it back to be redone on the version in production`);
      }
      const { record } = await prepare({ yaml: draft.yaml, files: draft.files, publishedBy: draft.author, message: draft.message });
      const at = clock.now();
      const approved = await store.approveDraft(id, { by: reviewer, at, ...(comment === undefined ? {} : { comment }) }, { ...record, publishedAt: at, approvedBy: reviewer });
      if (!approved) throw new CaseflowError('conflict', `draft ${id} was reviewed meanwhile`);
      published(draft.processId);
      return approved;
    },

    async sendBack(id, reviewer, comment) {
      await reviewable(id, reviewer);
      const returned = await store.returnDraft(id, { by: reviewer, at: clock.now(), comment });
      if (!returned) throw new CaseflowError('conflict', `draft ${id} was reviewed meanwhile`);
      return returned;
    },
  };
}
