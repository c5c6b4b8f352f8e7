/**
 * Declarations of the process operations: list, read, validate, publish, and trying out a
 * draft (simulation, template preview).
 */
import { Type as T } from '@sinclair/typebox';
import { MAX_SIMULATION_STEPS } from '../../engine/runtime/simulate.js';
import { operation } from './operation.js';
import { AnyJson, CountMap, DiagnosticShape, Enum, EpochMs, Int, LocationHeader, Obj, OpenObject, Opt, problem, Str, Strings, Text, TextMap } from './shapes.js';

/** Who may try out drafts: those who write processes. */
export const SIMULATORS = ['process-owner', 'admin'];

const files = TextMap('template files by path relative to the YAML');
const DraftYaml = T.String({ minLength: 1, pattern: '\\S', description: 'the draft process file' });
const IdParam = T.Object({ id: Str({ description: 'process id' }) });

const summaryFields = {
  processId: Str(), version: Int(), name: Str(), description: Opt(Str()), roles: Strings(),
  starters: Strings({ description: 'roles that may open a case' }),
  unitField: Opt(Str({ description: 'the data field naming the case\'s unit: a choice from the directory in forms' })),
  publishedBy: Str({ description: 'who published it (who drafted it, when approved by a second process owner)' }), publishedAt: EpochMs(), message: Opt(Str()),
  approvedBy: Opt(Str({ description: 'the second process owner who approved it' })),
  approvalRequired: Opt(T.Boolean({ description: 'publishing: { approval: required }: a new version goes live only with a second process owner\'s approval' })),
};

const ProcessSummaryShape = Obj(summaryFields, { $id: 'ProcessSummary' });
const ProcessListShape = Obj({ items: T.Array(ProcessSummaryShape) }, { $id: 'ProcessList' });

const versionFields = {
  processId: Str(), version: Int(), name: Str(), yaml: Str({ description: 'the YAML source' }), files,
  publishedBy: Str(), publishedAt: EpochMs(), message: Opt(Str()),
  approvedBy: Opt(Str({ description: 'the second process owner who approved it' })),
  calendars: Opt(CountMap('version of each shared calendar the process names, fixed at publishing')),
  definition: OpenObject('the definition read from the YAML (see schema/process.schema.json)'),
};

/** One published version with its source and definition. */
const ProcessVersionShape = Obj(versionFields, { $id: 'ProcessVersion' });

const uploadBody = T.Object({
  yaml: T.String({ description: 'the process file' }),
  files: Opt(files),
  message: Opt(T.String({ maxLength: 2000, description: 'what this version changes' })),
});

/** `GET /api/processes`. */
export const listProcesses = operation({
  method: 'get', path: '/api/processes', id: 'listProcesses', summary: 'Published processes (latest version of each)',
  responses: { 200: { description: 'the processes', body: ProcessListShape } },
});

/** `POST /api/processes/validate`. */
export const validateProcess = operation({
  method: 'post', path: '/api/processes/validate', id: 'validateProcess', summary: 'Diagnostics of a process file; nothing stored', roles: SIMULATORS,
  body: uploadBody, bodyMode: 'json-or-yaml',
  responses: {
    200: {
      description: 'the diagnostics',
      body: Obj({
        valid: T.Boolean(), diagnostics: T.Array(DiagnosticShape),
        definition: Opt(OpenObject('the draft as the engine reads it (blocks, conditions and values resolved), when its shape is right')),
      }, { $id: 'Validation' }),
    },
    413: problem('the process with its files is too large (process-too-large)'),
  },
});

/** `POST /api/processes`. */
export const publishProcess = operation({
  method: 'post', path: '/api/processes', id: 'publishProcess', summary: 'Publish a new version (422 with diagnostics when invalid)', roles: ['process-owner'],
  query: T.Object({ message: Opt(T.String({ maxLength: 2000, description: 'what this version changes, when the body is the YAML itself' })) }),
  body: uploadBody, bodyMode: 'json-or-yaml',
  responses: {
    201: { description: 'the version published', body: ProcessVersionShape, headers: LocationHeader },
    409: problem('the process goes live only with a second process owner\'s approval (publishing: { approval: required }, in the version in production or in this one): save it as a draft (conflict)'),
    413: problem('the process with its files is too large (process-too-large)'),
  },
});

/** `GET /api/processes/:id`. */
export const getProcess = operation({
  method: 'get', path: '/api/processes/:id', id: 'getProcess', summary: 'Latest version with its YAML source, definition and all versions',
  params: IdParam,
  responses: { 200: { description: 'the process', body: Obj({ ...versionFields, versions: T.Array(ProcessSummaryShape) }, { $id: 'ProcessWithVersions' }) } },
});

/** `GET /api/processes/:id/versions`. */
export const listVersions = operation({
  method: 'get', path: '/api/processes/:id/versions', id: 'listVersions', summary: 'Every version of a process',
  params: IdParam,
  responses: { 200: { description: 'the versions', body: ProcessListShape } },
});

/** `GET /api/processes/:id/versions/:version`. */
export const getVersion = operation({
  method: 'get', path: '/api/processes/:id/versions/:version', id: 'getVersion', summary: 'One version with its YAML source and definition',
  params: T.Object({ id: Str({ description: 'process id' }), version: Str({ description: 'version number, from 1 (404 otherwise)' }) }),
  responses: { 200: { description: 'the version', body: ProcessVersionShape } },
});

/** `POST /api/processes/preview-template`. */
export const previewTemplate = operation({
  method: 'post', path: '/api/processes/preview-template', id: 'previewTemplate', roles: SIMULATORS,
  summary: 'Render a template of a draft with a case\'s data (or given data), escaped; nothing stored',
  body: T.Object({
    yaml: DraftYaml, files: Opt(files), template: Text(200),
    caseId: Opt(Text(100, { description: 'render with this case\'s data and state' })),
    data: Opt(OpenObject('or with this data (not both)')),
    state: Opt(Text(200, { description: 'state shown as {{state}} (default: the case\'s, or the initial state)' })),
  }),
  responses: {
    200: { description: 'the rendered message', body: Obj({ template: Str(), caseId: Str(), processId: Str(), state: Str(), subject: Opt(Str()), body: Str() }, { $id: 'RenderedTemplate' }) },
    413: problem('the process with its files is too large (process-too-large)'),
  },
});

const timer = { key: Str(), dueAt: EpochMs(), count: Int() };
const SimulationErrorShape = Obj({ code: Str(), message: Str(), details: Opt(AnyJson('field errors or the state')) }, { $id: 'SimulationError' });
const SimulationFrameShape = Obj(
  {
    now: EpochMs(), state: Str(), value: AnyJson('XState state value'), status: Enum(['active', 'done']),
    data: OpenObject('the trial case\'s data'),
    deadlines: T.Array(Obj({
      id: Str(), label: Opt(Str()), status: Enum(['running', 'paused', 'stopped']), dueAt: Opt(EpochMs()), elapsedMs: Int(), withinMs: Int(), pauses: Int(), overdue: T.Boolean(),
      beyondCalendar: Opt(Str({ description: 'the last date the calendar lists holidays for, when the due time falls after it' })),
    })),
    actions: T.Array(Obj({ type: Str(), label: Opt(Str()), input: Opt(OpenObject('JSON Schema of the input')) })),
    timers: T.Array(Obj(timer)),
    fired: T.Array(Obj({ ...timer, firedAt: EpochMs() })),
    notifications: T.Array(Obj({
      kind: T.Literal('notify'), template: Str(), to: Strings(), unresolved: Opt(Strings()), channel: Opt(Str()), subject: Opt(Str()), body: Str(), at: EpochMs(),
    })),
    linkedCases: T.Array(Obj({ kind: T.Literal('start-case'), process: Str(), data: OpenObject('data of the linked case') })),
    error: Opt(SimulationErrorShape),
  },
  { $id: 'SimulationFrame' },
);

/** `POST /api/simulate`. */
export const simulate = operation({
  method: 'post', path: '/api/simulate', id: 'simulate', roles: SIMULATORS,
  summary: 'Run a trial case of a draft through events and clock moves, in a worker within CASEFLOW_SIMULATION_TIMEOUT; nothing stored (422 with diagnostics if invalid, 422 simulation-timed-out past the limit)',
  body: T.Object({
    yaml: DraftYaml, files: Opt(files),
    data: Opt(OpenObject('case data the trial case opens with')),
    roles: Opt(Strings({ description: 'roles of the trial user who opens the case (default: the starters)' })),
    actionsFor: Opt(Strings({ description: 'roles whose actions each frame lists (default: roles)' })),
    steps: Opt(T.Array(T.Union([
      T.Object({ type: Text(100), input: Opt(OpenObject('the event input')), roles: Opt(Strings({ description: 'roles of the sender (default: actionsFor)' })) }),
      T.Object({ advance: T.String({ maxLength: 50, description: 'move the trial clock, firing due timers in due order: 1h, 1d, 25h' }) }, { required: ['advance'] }),
    ]), { maxItems: MAX_SIMULATION_STEPS })),
    start: Opt(T.Union([T.Integer(), T.String()], { description: 'when the trial case opens: epoch ms or ISO time (default: now)' })),
  }),
  responses: {
    200: {
      description: 'the opening and one frame per step',
      body: Obj({ roles: Strings(), actionsFor: Strings(), start: Opt(SimulationFrameShape), error: Opt(SimulationErrorShape), steps: T.Array(SimulationFrameShape) }, { $id: 'SimulationResult' }),
    },
    413: problem('the process with its files is too large (process-too-large)'),
  },
});

/** The process operations. */
export const PROCESS_OPERATIONS = [listProcesses, validateProcess, publishProcess, getProcess, listVersions, getVersion, previewTemplate, simulate];
