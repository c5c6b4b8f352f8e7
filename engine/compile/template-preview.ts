/**
 * A notification template rendered with some case's data, as a step would render it: the same
 * Handlebars set (escaped by default) and the same variables. For the flow editor's preview.
 */
import type { ProcessDefinition } from '../dsl/types.js';
import { CaseflowError } from '../errors.js';
import { templateContext } from './actions.js';
import { buildPlan } from './plan.js';
import type { RenderedMessage } from './templates.js';
import type { Actor } from './types.js';

/** What to render a template with. */
export interface TemplatePreviewRequest {
  template: string;
  data: Record<string, unknown>;
  /** The state the case is in (`{{state}}` shows its label); the initial state when left out. */
  state?: string;
  caseId: string;
  now: number;
  actor: Actor;
  /** Version number shown as `{{case.version}}` (default 1). */
  version?: number;
  /** Who holds the case, shown as `{{case.assignee}}`. */
  assignee?: string;
}

/**
 * Renders one template of a definition. `{{elapsed}}`, `{{deadline}}` and `{{timer}}` stay empty:
 * only a firing deadline mark or timer has them. Unknown template names are `invalid-input`.
 */
export function previewTemplate(definition: ProcessDefinition, files: Record<string, string>, request: TemplatePreviewRequest): RenderedMessage {
  const names = Object.keys(definition.templates ?? {});
  if (!names.includes(request.template)) {
    const known = names.length > 0 ? `; it has ${names.join(', ')}` : '; it has none';
    throw new CaseflowError('invalid-input', `The process has no template '${request.template}'${known}.`, {
      details: [{ field: 'template', message: `unknown template${known}` }],
    });
  }
  const plan = buildPlan(definition, files, request.version ?? 1);
  const scope = { data: request.data, actor: request.actor, now: request.now, caseId: request.caseId };
  return plan.templates.render(request.template, templateContext(plan, scope, { state: request.state ?? definition.initial, assignee: request.assignee }));
}
