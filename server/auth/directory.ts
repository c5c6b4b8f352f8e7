/**
 * The organisation directory as people write it: unit ids and labels checked, and the whole
 * directory read from or written to YAML (`caseflow org export|import`, `GET/PUT /api/org`).
 */
import { parseDocument, stringify } from 'yaml';
import type { OrgDirectory, Unit } from '../../engine/accounts/types.js';
import { CaseflowError, type FieldError } from '../../engine/errors.js';
import { isJsonObject } from '../body.js';
import { roleProblems } from './roles.js';
import { fieldProblem } from '../../engine/field-rules.js';

/** kebab-case: `east-district`. */
const UNIT_ID = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const MAX_UNIT_ID_LENGTH = 64;
const MAX_LABEL_LENGTH = 200;
/** Largest directory file accepted. */
const MAX_YAML_LENGTH = 512 * 1024;
const DIRECTORY_KEYS = new Set(['units', 'cityRoles', 'supervisorRoles']);
const UNIT_KEYS = new Set(['id', 'label']);

/** Problems of a unit id (`[]` when fine), reported under `field`. */
export function unitIdProblems(id: unknown, field = 'id'): FieldError[] {
  if (typeof id !== 'string' || !UNIT_ID.test(id) || id.length > MAX_UNIT_ID_LENGTH) {
    return [fieldProblem(field, `must be a kebab-case id of at most ${MAX_UNIT_ID_LENGTH} characters, such as east-district`, `须为最多 ${MAX_UNIT_ID_LENGTH} 个字符的小写连字符编号，例如 east-district`)];
  }
  return [];
}

/** Problems of a unit label (`[]` when fine), reported under `field`. */
export function labelProblems(label: unknown, field = 'label'): FieldError[] {
  if (typeof label !== 'string' || label.trim() === '') return [fieldProblem(field, 'is required: a name such as "东城区分公司 East district"', '此项必填：例如“东城区分公司 East district”')];
  if (label.length > MAX_LABEL_LENGTH) return [fieldProblem(field, `must be at most ${MAX_LABEL_LENGTH} characters`, `最多 ${MAX_LABEL_LENGTH} 个字符`)];
  return [];
}

/** Checks a unit sent to be created; throws `invalid-input` naming each bad field. */
export function checkUnit(body: Record<string, unknown>): Unit {
  const errors = [...unitIdProblems(body.id), ...labelProblems(body.label)];
  if (errors.length > 0 || typeof body.id !== 'string' || typeof body.label !== 'string') {
    throw new CaseflowError('invalid-input', `The unit is not valid: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}.`, { details: errors });
  }
  return { id: body.id, label: body.label.trim() };
}

function rolesAt(value: unknown, field: string, knownRoles: ReadonlySet<string>, errors: FieldError[]): string[] {
  const problems = roleProblems(value, knownRoles);
  for (const message of problems) errors.push({ field, message });
  return problems.length === 0 && Array.isArray(value) ? [...new Set(value.map(String))] : [];
}

/** Checks a whole directory (from YAML or JSON); throws `invalid-input` listing every problem at its path. */
export function checkDirectory(value: unknown, knownRoles: ReadonlySet<string>): OrgDirectory {
  const errors: FieldError[] = [];
  if (!isJsonObject(value)) {
    throw new CaseflowError('invalid-input', 'The directory must be a mapping with units, cityRoles and supervisorRoles.', {
      details: [fieldProblem('(document)', 'must be a mapping with units, cityRoles and supervisorRoles', '须为包含 units、cityRoles 和 supervisorRoles 的映射')],
    });
  }
  const body = value;
  for (const key of Object.keys(body)) if (!DIRECTORY_KEYS.has(key)) errors.push(fieldProblem(key, 'is not a directory key (units, cityRoles, supervisorRoles)', '不是组织目录的字段（units、cityRoles、supervisorRoles）'));
  const units: Unit[] = [];
  if (!Array.isArray(body.units)) errors.push(fieldProblem('units', 'is required: a list of {id, label}', '此项必填：{id, label} 的列表'));
  else {
    const seen = new Set<string>();
    body.units.forEach((item: unknown, index: number) => {
      const at = `units[${index}]`;
      if (!isJsonObject(item)) {
        errors.push(fieldProblem(at, 'must be a mapping with id and label', '须为包含 id 和 label 的映射'));
        return;
      }
      const unit = item;
      for (const key of Object.keys(unit)) if (!UNIT_KEYS.has(key)) errors.push(fieldProblem(`${at}.${key}`, 'is not a unit key (id, label)', '不是业务单元的字段（id、label）'));
      const problems = [...unitIdProblems(unit.id, `${at}.id`), ...labelProblems(unit.label, `${at}.label`)];
      errors.push(...problems);
      if (typeof unit.id === 'string' && seen.has(unit.id)) errors.push(fieldProblem(`${at}.id`, `'${unit.id}' is listed twice`, `“${unit.id}”重复出现`));
      if (typeof unit.id === 'string') seen.add(unit.id);
      if (problems.length === 0 && typeof unit.id === 'string' && typeof unit.label === 'string') units.push({ id: unit.id, label: unit.label.trim() });
    });
  }
  const cityRoles = rolesAt(body.cityRoles ?? [], 'cityRoles', knownRoles, errors);
  const supervisorRoles = rolesAt(body.supervisorRoles ?? [], 'supervisorRoles', knownRoles, errors);
  if (errors.length > 0) {
    throw new CaseflowError('invalid-input', `The directory has ${errors.length} problem(s): ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}.`, { details: errors });
  }
  return { units: units.sort((a, b) => a.id.localeCompare(b.id)), cityRoles, supervisorRoles };
}

/** Reads a directory from YAML text (size and aliases capped); throws `invalid-input` on a syntax error or a bad directory. */
export function parseDirectoryYaml(text: string, knownRoles: ReadonlySet<string>): OrgDirectory {
  if (text.length > MAX_YAML_LENGTH) {
    throw new CaseflowError('invalid-input', `The directory file may have at most ${MAX_YAML_LENGTH} characters.`, { details: [fieldProblem('(document)', 'is too large', '内容过大')] });
  }
  const document = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    const errors = document.errors.map((error) => ({ field: '(document)', message: `line ${error.linePos?.[0].line ?? '?'}: ${error.message.split('\n')[0]}` }));
    throw new CaseflowError('invalid-input', `The directory is not valid YAML: ${errors[0].message}.`, { details: errors });
  }
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: 50 });
  } catch {
    throw new CaseflowError('invalid-input', 'The directory uses too many YAML aliases.', { details: [fieldProblem('(document)', 'uses too many aliases', '使用了过多的 YAML 别名')] });
  }
  return checkDirectory(value, knownRoles);
}

/** The directory as YAML, in the shape `parseDirectoryYaml` reads. */
export function directoryYaml(directory: OrgDirectory): string {
  const header = '# Caseflow organisation directory: units (业务单元), city-level roles (see every unit) and supervisor roles (manage the people of their units).\n';
  return header + stringify({ units: directory.units.map((unit) => ({ id: unit.id, label: unit.label })), cityRoles: directory.cityRoles, supervisorRoles: directory.supervisorRoles });
}
