/**
 * `POST /api/processes/preview-template`: one notification template of a draft process rendered
 * with a case's data (or given data), by the compiler's own renderer, escaped. Nothing stored.
 */
import { Hono } from 'hono';
import { previewTemplate } from '../../engine/compile/template-preview.js';
import type { RenderedMessage } from '../../engine/compile/templates.js';
import { named } from '../../engine/runtime/directory-names.js';
import { peopleDirectory } from '../auth/people-directory.js';
import { CaseflowError } from '../../engine/errors.js';
import { parseOrRefuse } from '../../engine/runtime/compile-record.js';
import { actorOf, type AppEnv } from '../context.js';
import type { AppDeps } from '../deps.js';
import { mount } from '../contract/mount.js';
import { previewTemplate as previewTemplateOperation } from '../contract/processes.js';
import { draftSource } from '../draft-source.js';
import { fieldProblem } from '../../engine/field-rules.js';

/** Case id the templates see when no case is named (the simulation's). */
const TRIAL_CASE_ID = 'TRIAL-1';

/** The route of `/api/processes/preview-template`. */
export function previewTemplateRoutes(deps: AppDeps): Hono<AppEnv> {
  const { engine, config } = deps;
  const routes = new Hono<AppEnv>();
  const people = peopleDirectory(deps.accounts);
  const namedMessage = async (message: RenderedMessage): Promise<RenderedMessage> => {
    const [body, subject] = await named(people, message.subject === undefined ? [message.body] : [message.body, message.subject]);
    return subject === undefined ? { body } : { subject, body };
  };
  mount(routes, previewTemplateOperation, async (c, { body }) => {
    const { template, caseId, data: given, state } = body;
    if (caseId !== undefined && given !== undefined) {
      throw new CaseflowError('invalid-input', 'The template preview is not valid: give caseId or data, not both.', { details: [fieldProblem('data', 'give caseId or data, not both', '案件与数据只能给其一')] });
    }
    const { yaml, files } = draftSource(body.yaml, body.files, config.yamlLimit);
    const { definition } = parseOrRefuse(yaml, files, await engine.calendars());
    const actor = actorOf(c.get('principal'));
    const now = engine.clock.now();
    if (caseId !== undefined) {
      const view = await engine.getCase(caseId, actor);
      const message = previewTemplate(definition, files, {
        template, data: view.snapshot.data, state: state ?? view.state, caseId: view.id, now, actor, version: view.version, assignee: view.assignee,
      });
      return c.json({ template, caseId: view.id, processId: view.processId, state: state ?? view.state, ...(await namedMessage(message)) });
    }
    const message = previewTemplate(definition, files, { template, data: given ?? {}, state, caseId: TRIAL_CASE_ID, now, actor });
    return c.json({ template, caseId: TRIAL_CASE_ID, processId: definition.id, state: state ?? definition.initial, ...(await namedMessage(message)) });
  });
  return routes;
}
