/**
 * JSON Schemas of the draft-process routes (simulation, template preview), for the OpenAPI document.
 */

type Schema = Record<string, unknown>;

const str: Schema = { type: 'string' };
const int: Schema = { type: 'integer' };
const epochMs: Schema = { type: 'integer', description: 'epoch milliseconds' };
const strings: Schema = { type: 'array', items: str };
const files: Schema = { type: 'object', additionalProperties: str, description: 'template files by path relative to the YAML' };
const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const object = (properties: Record<string, Schema>, required: string[] = []): Schema => ({ type: 'object', properties, required });
const timer = object({ key: str, dueAt: epochMs, count: int }, ['key', 'dueAt', 'count']);

/** Schemas of `POST /api/simulate` and `POST /api/processes/preview-template`. */
export const simulationSchemas: Record<string, Schema> = {
  Simulation: object(
    {
      yaml: str,
      files,
      data: { type: 'object', description: 'case data the trial case opens with' },
      roles: { ...strings, description: 'roles of the trial user who opens the case (default: the starters)' },
      actionsFor: { ...strings, description: 'roles whose actions each frame lists (default: roles)' },
      steps: {
        type: 'array',
        maxItems: 500,
        items: {
          oneOf: [
            object({ type: str, input: { type: 'object' }, roles: { ...strings, description: 'roles of the sender (default: actionsFor)' } }, ['type']),
            object({ advance: { type: 'string', examples: ['1h', '1d', '25h'], description: 'move the trial clock, firing due timers in due order' } }, ['advance']),
          ],
        },
      },
      start: { type: ['integer', 'string'], description: 'when the trial case opens: epoch ms or ISO time (default: now)' },
    },
    ['yaml'],
  ),
  SimulationError: object({ code: str, message: str, details: {} }, ['code', 'message']),
  SimulationFrame: object(
    {
      now: epochMs,
      state: str,
      value: { description: 'XState state value' },
      status: { enum: ['active', 'done'] },
      data: { type: 'object' },
      deadlines: { type: 'array', items: { type: 'object' } },
      actions: { type: 'array', items: object({ type: str, label: str, input: { type: 'object' } }, ['type']) },
      timers: { type: 'array', items: timer },
      fired: { type: 'array', items: { allOf: [timer, object({ firedAt: epochMs }, ['firedAt'])] } },
      notifications: { type: 'array', items: object({ template: str, to: strings, channel: str, subject: str, body: str, at: epochMs }, ['template', 'to', 'body', 'at']) },
      linkedCases: { type: 'array', items: object({ process: str, data: { type: 'object' } }, ['process', 'data']) },
      error: ref('SimulationError'),
    },
    ['now', 'state', 'value', 'status', 'data', 'deadlines', 'actions', 'timers', 'fired', 'notifications', 'linkedCases'],
  ),
  SimulationResult: object(
    { roles: strings, actionsFor: strings, start: ref('SimulationFrame'), error: ref('SimulationError'), steps: { type: 'array', items: ref('SimulationFrame') } },
    ['roles', 'actionsFor', 'steps'],
  ),
  TemplatePreview: object(
    {
      yaml: str,
      files,
      template: str,
      caseId: { type: 'string', description: 'render with this case\'s data and state' },
      data: { type: 'object', description: 'or with this data (not both)' },
      state: { type: 'string', description: 'state shown as {{state}} (default: the case\'s, or the initial state)' },
    },
    ['yaml', 'template'],
  ),
  RenderedTemplate: object({ template: str, caseId: str, processId: str, state: str, subject: str, body: str }, ['template', 'caseId', 'processId', 'state', 'body']),
};
