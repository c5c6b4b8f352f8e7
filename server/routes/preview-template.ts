/**
 * `POST /api/processes/preview-template`: one notification template of a draft process rendered
 * with a case's data (or given data), by the compiler's own renderer, escaped. Nothing stored.
 */
import { Hono } from 'hono';
import { previewTemplate } from '../../engine/compile/template-preview.js';
import { CaseflowError } from '../../engine/errors.js';
import { parseOrRefuse } from '../../engine/runtime/compile-record.js';
import { requireRoles } from '../auth/roles.js';
import { FieldCheck, readJsonObject } from '../body.js';
import { actorOf, type AppEnv } from '../context.js';
import type { AppDeps } from '../deps.js';
import { readDraftSource } from '../draft-source.js';
import { SIMULATORS } from './simulate.js';

/** Case id the templates see when no case is named (the simulation's). */
const TRIAL_CASE_ID = 'TRIAL-1';

/** The route of `/api/processes/preview-template`. */
export function previewTemplateRoutes(deps: AppDeps): Hono<AppEnv> {
  const { engine, config } = deps;
  const routes = new Hono<AppEnv>();
  routes.post('/processes/preview-template', requireRoles(...SIMULATORS), async (c) => {
    const check = new FieldCheck(await readJsonObject(c), 'template preview');
    const { yaml, files } = readDraftSource(check, config.yamlLimit);
    const template = check.string('template', { max: 200 });
    const caseId = check.string('caseId', { optional: true, max: 100 });
    const given = check.object('data', { optional: true });
    const state = check.string('state', { optional: true, max: 200 });
    if (caseId !== undefined && given !== undefined) check.errors.push({ field: 'data', message: 'give caseId or data, not both' });
    check.done();
    const { definition } = parseOrRefuse(yaml, files, await engine.calendars());
    const actor = actorOf(c.get('principal'));
    const now = engine.clock.now();
    if (template === undefined) throw new CaseflowError('invalid-input', 'The template is required.', { details: [{ field: 'template', message: 'is required' }] });
    if (caseId !== undefined) {
      const view = await engine.getCase(caseId, actor);
      const message = previewTemplate(definition, files, {
        template, data: view.snapshot.data, state: state ?? view.state, caseId: view.id, now, actor, version: view.version, assignee: view.assignee,
      });
      return c.json({ template, caseId: view.id, processId: view.processId, state: state ?? view.state, ...message });
    }
    const message = previewTemplate(definition, files, { template, data: given ?? {}, state, caseId: TRIAL_CASE_ID, now, actor });
    return c.json({ template, caseId: TRIAL_CASE_ID, processId: definition.id, state: state ?? definition.initial, ...message });
  });
  return routes;
}
