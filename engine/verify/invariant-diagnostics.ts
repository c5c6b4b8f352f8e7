/**
 * Declared invariants as diagnostics of the process file: a broken rule is an error at its
 * `holds`, giving the counter-example (the moves from the opening and the case data reached);
 * an exploration cut short by its bound is a warning saying how far it got.
 */
import { compileProcess } from '../compile/index.js';
import type { Diagnostic } from '../dsl/diagnostic.js';
import { parseYaml } from '../dsl/parse-yaml.js';
import type { ProcessDefinition } from '../dsl/types.js';
import { CaseflowError } from '../errors.js';
import { checkDeclaredInvariants } from './invariants.js';

/** What checking a process's declared invariants found. */
export interface InvariantCheck {
  diagnostics: Diagnostic[];
  /** The rules that held, and how far the exploration looked (absent when none was run). */
  held?: { rules: string[]; nodes: number; depth: number };
}

/** Diagnostics of the declared invariants of a valid process (none when it declares none). */
export function invariantDiagnostics(yaml: string, definition: ProcessDefinition, files: Readonly<Record<string, string>> = {}): Diagnostic[] {
  return checkInvariantsOf(yaml, definition, files).diagnostics;
}

/** Explores a valid process declaring invariants: the broken ones as diagnostics, and those that held. */
export function checkInvariantsOf(yaml: string, definition: ProcessDefinition, files: Readonly<Record<string, string>> = {}): InvariantCheck {
  const rules = definition.invariants?.rules ?? [];
  if (rules.length === 0) return { diagnostics: [] };
  const locator = parseYaml(yaml).locator;
  if (locator === undefined) return { diagnostics: [] };
  let report;
  try {
    report = checkDeclaredInvariants(compileProcess(definition, { ...files }));
  } catch (error) {
    if (!(error instanceof CaseflowError)) throw error;
    const at = definition.invariants?.explore?.openings ? ['invariants', 'explore', 'openings'] : ['invariants'];
    return { diagnostics: [locator.diagnostic(at, 'error', `${error.message} (declare invariants.explore.openings with case data the process accepts)`, { key: true })] };
  }
  const diagnostics = report.violations.map((violation) => {
    const index = rules.findIndex((rule) => rule.name === violation.rule);
    const moves = violation.path.join(' → ');
    return locator.diagnostic(['invariants', 'rules', index, 'holds'], 'error',
      `invariant '${violation.rule}' does not hold in state '${violation.state}', reached by: ${moves}; case data there: ${JSON.stringify(violation.data)}`);
  });
  if (report.explored.truncated) {
    diagnostics.push(locator.diagnostic(['invariants'], 'warning',
      `the invariants were checked over ${report.explored.nodes} case states, to depth ${report.explored.depth} only: the exploration reached its bound (lower invariants.explore.depth or give fewer samples)`, { key: true }));
  }
  const broken = new Set(report.violations.map((violation) => violation.rule));
  const held = rules.map((rule) => rule.name).filter((name) => !broken.has(name));
  return { diagnostics, held: { rules: held, nodes: report.explored.nodes, depth: report.explored.depth } };
}
