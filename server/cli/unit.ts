/**
 * `caseflow unit add|list|label` and `caseflow org export|import`: the organisation directory
 * (units, city-level and supervisor roles) of the database named by CASEFLOW_DB.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { CaseflowError, ensureError } from '../../engine/errors.js';
import { checkUnit, directoryYaml, labelProblems, parseDirectoryYaml } from '../auth/directory.js';
import { commandLineActor } from '../admin-audit.js';
import { processIo, withAccounts, type CommandIo } from './accounts-db.js';
import type { Command } from './index.js';
import { guardedRun } from './user.js';

const UNIT_USAGE = [
  'usage: caseflow unit add <id> --label "东城区分公司 East district"',
  '       caseflow unit list',
  '       caseflow unit label <id> --label "<new label>"',
].join('\n');

const ORG_USAGE = [
  'usage: caseflow org export            (prints the directory as YAML)',
  '       caseflow org import <file.yaml>   (replaces the whole directory, or changes nothing)',
].join('\n');

/** Field problems as one line. */
function summary(error: CaseflowError): string {
  const details = Array.isArray(error.details) ? error.details : [];
  const lines = details.flatMap((item: unknown) => (typeof item === 'object' && item !== null && 'field' in item && 'message' in item ? [`  ${String(item.field)}: ${String(item.message)}`] : []));
  return [error.message, ...lines].join('\n');
}

/** Runs `caseflow unit …`; resolves to the exit code. */
export async function runUnit(args: string[], io: CommandIo = processIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { label: { type: 'string' } } });
  const [action, id] = positionals;
  if (action === 'list') {
    return withAccounts(io, async (accounts) => {
      const directory = await accounts.getDirectory();
      const people = await accounts.listUsers();
      io.out(['id'.padEnd(24), 'people'.padEnd(7), 'label'].join(' '));
      for (const unit of directory.units) io.out([unit.id.padEnd(24), String(people.filter((user) => user.units.includes(unit.id)).length).padEnd(7), unit.label].join(' '));
      io.out(`city-level roles: ${directory.cityRoles.join(', ') || '(none)'}; supervisor roles: ${directory.supervisorRoles.join(', ') || '(none)'}`);
      return 0;
    });
  }
  if (id === undefined || !['add', 'label'].includes(action ?? '')) {
    io.err(UNIT_USAGE);
    return 2;
  }
  return withAccounts(io, async (accounts, _roles, _config, adminLog) => {
    if (action === 'add') {
      const unit = await accounts.createUnit(checkUnit({ id, label: values.label }));
      await adminLog.record({ actor: commandLineActor(), action: 'unit.create', target: unit.id, details: { label: unit.label } });
      io.out(`Created unit ${unit.id} (${unit.label}).`);
      return 0;
    }
    const problems = labelProblems(values.label, '--label');
    if (problems.length > 0 || values.label === undefined) throw new CaseflowError('invalid-input', problems.map((p) => `${p.field} ${p.message}`).join('; '));
    const unit = await accounts.updateUnit(id, { label: values.label.trim() });
    if (!unit) throw new CaseflowError('not-found', `No unit '${id}' (see caseflow unit list).`);
    await adminLog.record({ actor: commandLineActor(), action: 'unit.update', target: unit.id, details: { label: unit.label } });
    io.out(`Unit ${unit.id} is now labelled ${unit.label}.`);
    return 0;
  });
}

/** Runs `caseflow org …`; resolves to the exit code. */
export async function runOrg(args: string[], io: CommandIo = processIo): Promise<number> {
  const [action, file] = args;
  if (action === 'export') {
    return withAccounts(io, async (accounts) => {
      io.out(directoryYaml(await accounts.getDirectory()).trimEnd());
      return 0;
    });
  }
  if (action !== 'import' || file === undefined) {
    io.err(ORG_USAGE);
    return 2;
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new CaseflowError('invalid-input', `Cannot read ${file}: ${ensureError(error).message}`);
  }
  return withAccounts(io, async (accounts, roles, _config, adminLog) => {
    try {
      const directory = parseDirectoryYaml(text, roles);
      await accounts.replaceDirectory(directory);
      await adminLog.record({ actor: commandLineActor(), action: 'org.import', target: 'organisation', details: { units: directory.units.map((unit) => unit.id) } });
      io.out(`Imported ${directory.units.length} unit(s); city-level roles ${directory.cityRoles.join(', ') || '(none)'}; supervisor roles ${directory.supervisorRoles.join(', ') || '(none)'}.`);
      return 0;
    } catch (error) {
      if (error instanceof CaseflowError) throw new CaseflowError(error.code, `${file}: ${summary(error)}`);
      throw error;
    }
  });
}

/** The `unit` subcommand. */
export const unitCommand: Command = {
  summary: 'add, list or relabel units of the organisation',
  usage: 'unit add|list|label',
  help: UNIT_USAGE,
  run: (args) => guardedRun(() => runUnit(args), processIo),
};

/** The `org` subcommand. */
export const orgCommand: Command = {
  summary: 'export or import the organisation directory as YAML',
  usage: 'org export|import',
  help: ORG_USAGE,
  run: (args) => guardedRun(() => runOrg(args), processIo),
};
