/**
 * Declarations of four-eyes publishing: a process owner saves a new version as a draft, shown
 * with what it changes; another process owner approves it (it goes live) or sends it back.
 */
import { Type as T } from '@sinclair/typebox';
import { operation } from './operation.js';
import { AnyJson, Enum, EpochMs, Int, LocationHeader, Obj, Opt, problem, Str, Text, TextMap } from './shapes.js';

/** Who drafts and reviews versions: those who publish them. */
export const REVIEWERS = ['process-owner'];

const IdParam = T.Object({ id: Str({ description: 'draft id' }) });

const summaryFields = {
  id: Str(), processId: Str(), name: Str(), message: Opt(Str()),
  baseVersion: Opt(Int({ description: 'the version in production when it was drafted (absent for a new process)' })),
  author: Str(), createdAt: EpochMs(),
  status: Enum(['pending', 'approved', 'returned']),
  reviewer: Opt(Str()), reviewedAt: Opt(EpochMs()),
  comment: Opt(Str({ description: 'why it was sent back, or a note with the approval' })),
  version: Opt(Int({ description: 'the version it became, once approved' })),
};

const DraftSummaryShape = Obj(summaryFields, { $id: 'DraftSummary' });

const ChangeShape = Obj({
  change: Enum(['added', 'removed', 'changed']),
  path: Str({ description: 'dotted path in the definition: settings.gmThreshold, states.review.on.approve.roles' }),
  before: Opt(AnyJson('the value before')), after: Opt(AnyJson('the value after')),
  text: Str({ description: 'the change as a sentence: settings.gmThreshold 50000 → 30000, state gm-review added' }),
}, { $id: 'DefinitionChange' });

const DraftShape = Obj({
  ...summaryFields,
  yaml: Str(), files: TextMap('template files by path relative to the YAML'),
  changes: T.Array(ChangeShape, { description: 'what it changes against the version it was drafted from, read from the definitions' }),
}, { $id: 'Draft' });

/** `GET /api/process-drafts`. */
export const listDrafts = operation({
  method: 'get', path: '/api/process-drafts', id: 'listDrafts', roles: REVIEWERS, summary: 'Drafts of process versions, newest first',
  query: T.Object({
    processId: Opt(Text(100, { description: 'of this process only' })),
    status: Opt(Enum(['pending', 'approved', 'returned'], { description: 'in this status only' })),
  }),
  responses: { 200: { description: 'the drafts', body: Obj({ items: T.Array(DraftSummaryShape) }, { $id: 'DraftList' }) } },
});

/** `POST /api/process-drafts`. */
export const submitDraft = operation({
  method: 'post', path: '/api/process-drafts', id: 'submitDraft', roles: REVIEWERS,
  summary: 'Save a new version as a draft for a second process owner to review (422 with diagnostics when invalid)',
  body: T.Object({
    yaml: T.String({ minLength: 1, pattern: '\\S', description: 'the process file' }),
    files: Opt(TextMap('template files by path relative to the YAML')),
    message: Opt(T.String({ maxLength: 2000, description: 'what this version changes' })),
  }),
  responses: { 201: { description: 'the draft, with its changes', body: DraftShape, headers: LocationHeader } },
});

/** `GET /api/process-drafts/:id`. */
export const getDraft = operation({
  method: 'get', path: '/api/process-drafts/:id', id: 'getDraft', roles: REVIEWERS, summary: 'One draft with its source and its changes',
  params: IdParam,
  responses: { 200: { description: 'the draft', body: DraftShape } },
});

/** `POST /api/process-drafts/:id/approve`. */
export const approveDraft = operation({
  method: 'post', path: '/api/process-drafts/:id/approve', id: 'approveDraft', roles: REVIEWERS,
  summary: 'Approve a pending draft: it is published as the next version, recording who drafted and who approved it',
  description: '403 for its author (another process owner must approve); 409 when it was already reviewed, or when a version was published after it was drafted.',
  params: IdParam,
  body: T.Object({ comment: Opt(T.String({ maxLength: 2000, description: 'a note with the approval' })) }),
  bodyMode: 'optional-json',
  responses: {
    201: { description: 'the draft, approved, with the version it became', body: DraftShape, headers: LocationHeader },
    409: problem('already reviewed, or a version was published after it was drafted (conflict)'),
  },
});

/** `POST /api/process-drafts/:id/return`. */
export const returnDraft = operation({
  method: 'post', path: '/api/process-drafts/:id/return', id: 'returnDraft', roles: REVIEWERS,
  summary: 'Send a pending draft back to its author with a comment',
  description: '403 for its author; 409 when it was already reviewed.',
  params: IdParam,
  body: T.Object({ comment: Text(2000, { description: 'what to change' }) }),
  responses: {
    200: { description: 'the draft, sent back', body: DraftShape },
    409: problem('already reviewed (conflict)'),
  },
});

/** The operations of four-eyes publishing. */
export const DRAFT_OPERATIONS = [listDrafts, submitDraft, getDraft, approveDraft, returnDraft];
