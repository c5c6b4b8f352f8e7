/**
 * Published processes: list, one with its versions and YAML source, validate, publish.
 */
import { Hono, type Context } from 'hono';
import { CaseflowError } from '../../engine/errors.js';
import type { ProcessVersionRecord } from '../../engine/runtime/store.js';
import { requestActor } from '../admin-audit.js';
import { isJsonRequest, isYamlRequest, parseJsonObject } from '../body.js';
import { mount } from '../contract/mount.js';
import { getProcess, getVersion, listProcesses, listVersions, publishProcess, validateProcess } from '../contract/processes.js';
import { shapeChecker } from '../contract/validate.js';
import type { AppEnv } from '../context.js';
import { definitionOf, expandedDraft, summarize } from '../definitions.js';
import type { AppDeps } from '../deps.js';
import { checkSourceSize, draftSource } from '../draft-source.js';
import { RequestProblem } from '../problem.js';
import { fieldProblem } from '../../engine/field-rules.js';

/** A process file as sent for validation or publishing. */
interface ProcessUpload {
  yaml: string;
  files?: Record<string, string>;
  message?: string;
}

const checkUpload = shapeChecker(validateProcess.body, 'process upload');

/** Reads `{yaml, files?, message?}` as JSON, or the YAML text itself (`?message=` then). */
async function readUpload(c: Context<AppEnv>, yamlLimit: number, message: string | undefined): Promise<ProcessUpload> {
  let upload: ProcessUpload;
  if (isYamlRequest(c)) {
    upload = { yaml: await c.req.text(), message };
  } else if (isJsonRequest(c)) {
    const body = checkUpload(parseJsonObject(await c.req.text()));
    upload = { yaml: body.yaml, files: body.files, message: body.message };
    if (body.files !== undefined) draftSource(body.yaml, body.files, yamlLimit);
  } else {
    throw new RequestProblem(415, 'unsupported-media-type', 'Send the process as application/yaml text, or as application/json {"yaml": "...", "files": {...}}.', {
      headers: { 'Accept-Post': 'application/yaml, application/json' },
    });
  }
  checkSourceSize(upload.yaml, upload.files, yamlLimit);
  if (upload.yaml.trim() === '') {
    throw new CaseflowError('invalid-input', 'The process YAML is empty.', { details: [fieldProblem('yaml', 'must not be empty', '不能为空')] });
  }
  return upload;
}

/** A version with its definition read from the YAML. */
function withDefinition(record: ProcessVersionRecord) {
  return { ...record, definition: definitionOf(record) };
}

function versionNumber(text: string): number {
  const version = Number(text);
  if (!Number.isInteger(version) || version < 1) throw new CaseflowError('not-found', `There is no version '${text}'; versions are whole numbers from 1.`);
  return version;
}

/** Routes of `/api/processes`. */
export function processRoutes(deps: AppDeps): Hono<AppEnv> {
  const { engine, config } = deps;
  const routes = new Hono<AppEnv>();

  mount(routes, listProcesses, async (c) => {
    const records = await engine.listProcesses();
    return c.json({ items: records.map(summarize) });
  });

  mount(routes, validateProcess, async (c) => {
    // Someone is editing a process: have a simulation worker ready for their trial run. Not at
    // start, where loading it competes with the first requests for the CPU.
    deps.simulations.warm();
    const upload = await readUpload(c, config.yamlLimit, undefined);
    // Read the latest shared calendars first: another server may have published one.
    await engine.calendars();
    const diagnostics = engine.validate(upload.yaml, upload.files);
    // A sound draft that declares invariants is explored in a worker to check them.
    if (!diagnostics.some((d) => d.severity === 'error') && /^invariants:/m.test(upload.yaml)) {
      diagnostics.push(...(await deps.simulations.checkInvariants(upload.yaml, upload.files, await engine.calendars())));
    }
    const definition = expandedDraft(upload.yaml);
    return c.json({ valid: !diagnostics.some((d) => d.severity === 'error'), diagnostics, ...(definition ? { definition } : {}) });
  });

  mount(routes, publishProcess, async (c, { query }) => {
    const upload = await readUpload(c, config.yamlLimit, query.message);
    const record = await engine.publish({ yaml: upload.yaml, files: upload.files, message: upload.message, publishedBy: c.get('principal').username, enforceApproval: true });
    await deps.adminLog.record({ actor: requestActor(c), action: 'process.publish', target: record.processId, details: { version: record.version, message: record.message } });
    deps.logger.info('process published', { requestId: c.get('requestId'), by: record.publishedBy, process: record.processId, version: record.version });
    c.header('Location', `/api/processes/${encodeURIComponent(record.processId)}/versions/${record.version}`);
    return c.json(withDefinition(record), 201);
  });

  mount(routes, getProcess, async (c, { params }) => {
    const { id } = params;
    const [latest, versions] = await Promise.all([engine.getProcess(id), engine.listVersions(id)]);
    return c.json({ ...withDefinition(latest), versions: versions.map(summarize) });
  });

  mount(routes, listVersions, async (c, { params }) => {
    const versions = await engine.listVersions(params.id);
    return c.json({ items: versions.map(summarize) });
  });

  mount(routes, getVersion, async (c, { params }) => {
    const record = await engine.getProcess(params.id, versionNumber(params.version));
    return c.json(withDefinition(record));
  });

  return routes;
}
