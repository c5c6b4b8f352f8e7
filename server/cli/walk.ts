/**
 * `caseflow test <file.yaml>...`: walks every reachable transition of each process (every event
 * by every declared role, sampled inputs, timers, to the depth its invariants declare) and
 * reports the states and events no path reaches, and any declared invariant that breaks.
 * Exits 1 when something is unreachable or broken.
 */
import { readFile } from 'node:fs/promises';
import { compileProcess } from '../../engine/compile/index.js';
import { parseProcess, readTemplateFiles } from '../../engine/dsl/index.js';
import { ensureError } from '../../engine/errors.js';
import { invariantDiagnostics, walkTransitions } from '../../engine/verify/index.js';
import type { Command } from './index.js';

async function walkFile(path: string, write: (line: string) => void): Promise<boolean> {
  let yaml: string;
  try {
    yaml = await readFile(path, 'utf8');
  } catch (error) {
    write(`${path}: cannot read file: ${ensureError(error).message}`);
    return false;
  }
  const { files, refused } = readTemplateFiles(path, yaml);
  const parsed = parseProcess(yaml, files, refused);
  if (parsed.definition === undefined) {
    write(`${path}: not valid; run caseflow validate ${path}`);
    return false;
  }
  let coverage;
  try {
    coverage = walkTransitions(compileProcess(parsed.definition, { ...files }));
  } catch (error) {
    write(`${path}: ${ensureError(error).message}`);
    return false;
  }
  const { explored } = coverage;
  write(`${path}: ${explored.nodes} case states explored to depth ${explored.depth}${explored.truncated ? ' (bound reached)' : ''}; ` +
    `${explored.states.size} of ${Object.keys(parsed.definition.states).length} top-level states reached`);
  for (const state of coverage.unreachedStates) write(`${path}: state '${state}' is reached by no path`);
  for (const event of coverage.unreachedEvents) write(`${path}: event '${event}' is accepted on no path`);
  const broken = invariantDiagnostics(yaml, parsed.definition, files);
  for (const d of broken) write(`${path}:${d.line}:${d.column}: ${d.severity}: ${d.message}`);
  return coverage.unreachedStates.length === 0 && coverage.unreachedEvents.length === 0 && !broken.some((d) => d.severity === 'error');
}

/** The test subcommand. */
export const testCommand: Command = {
  summary: 'walk every reachable transition; report what no path reaches',
  usage: 'test <process.yaml>...',
  async run(args) {
    if (args.length === 0) {
      process.stderr.write('usage: caseflow test <process.yaml>...\n');
      return 2;
    }
    let ok = true;
    for (const path of args) {
      if (!(await walkFile(path, (line) => process.stdout.write(`${line}\n`)))) ok = false;
    }
    return ok ? 0 : 1;
  },
};
