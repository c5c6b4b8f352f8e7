/**
 * Four-eyes publishing: drafts of process versions saved by one process owner, shown with what
 * they change, approved (published) or sent back by another. Each step is in the admin log.
 */
import { Hono } from 'hono';
import { diffDefinitions } from '../../engine/dsl/definition-diff.js';
import type { ProcessDraftRecord } from '../../engine/runtime/store.js';
import { requestActor } from '../admin-audit.js';
import { approveDraft, getDraft, listDrafts, returnDraft, submitDraft } from '../contract/drafts.js';
import { mount } from '../contract/mount.js';
import type { AppEnv } from '../context.js';
import { definitionOf, expandedDraft } from '../definitions.js';
import type { AppDeps } from '../deps.js';
import { checkSourceSize, draftSource } from '../draft-source.js';

/** A draft without its source, for lists. */
function summary({ yaml: _yaml, files: _files, ...rest }: ProcessDraftRecord) {
  return rest;
}

/** Routes of `/api/process-drafts`. */
export function draftRoutes(deps: AppDeps): Hono<AppEnv> {
  const { engine, config } = deps;
  const routes = new Hono<AppEnv>();

  /** The draft with what it changes against the version it was made from. */
  const withChanges = async (draft: ProcessDraftRecord) => {
    const base = draft.baseVersion === undefined ? undefined : await engine.getProcess(draft.processId, draft.baseVersion);
    return { ...draft, changes: diffDefinitions(base ? definitionOf(base) : {}, expandedDraft(draft.yaml) ?? {}) };
  };

  mount(routes, listDrafts, async (c, { query }) => {
    const items = await engine.drafts.list({ processId: query.processId, status: query.status });
    return c.json({ items: items.map(summary) });
  });

  mount(routes, submitDraft, async (c, { body }) => {
    if (body.files !== undefined) draftSource(body.yaml, body.files, config.yamlLimit);
    checkSourceSize(body.yaml, body.files, config.yamlLimit);
    const draft = await engine.drafts.submit({ yaml: body.yaml, files: body.files, message: body.message, author: c.get('principal').username });
    await deps.adminLog.record({ actor: requestActor(c), action: 'process.draft', target: draft.processId, details: { draft: draft.id, baseVersion: draft.baseVersion, message: draft.message } });
    c.header('Location', `/api/process-drafts/${encodeURIComponent(draft.id)}`);
    return c.json(await withChanges(draft), 201);
  });

  mount(routes, getDraft, async (c, { params }) => c.json(await withChanges(await engine.drafts.get(params.id))));

  mount(routes, approveDraft, async (c, { params, body }) => {
    const { draft, version } = await engine.drafts.approve(params.id, c.get('principal').username, body.comment);
    await deps.adminLog.record({
      actor: requestActor(c), action: 'process.approve', target: draft.processId,
      details: { draft: draft.id, version: version.version, draftedBy: draft.author, comment: draft.comment },
    });
    deps.logger.info('process published', { requestId: c.get('requestId'), by: version.publishedBy, approvedBy: version.approvedBy, process: version.processId, version: version.version });
    c.header('Location', `/api/processes/${encodeURIComponent(version.processId)}/versions/${version.version}`);
    return c.json(await withChanges(draft), 201);
  });

  mount(routes, returnDraft, async (c, { params, body }) => {
    const draft = await engine.drafts.sendBack(params.id, c.get('principal').username, body.comment);
    await deps.adminLog.record({ actor: requestActor(c), action: 'process.return', target: draft.processId, details: { draft: draft.id, draftedBy: draft.author, comment: body.comment } });
    return c.json(await withChanges(draft));
  });

  return routes;
}
