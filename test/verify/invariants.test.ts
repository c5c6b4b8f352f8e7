import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileProcess } from '../../engine/compile/index.js';
import { parseProcess } from '../../engine/dsl/index.js';
import { invariantDiagnostics, walkTransitions } from '../../engine/verify/index.js';
import { main } from '../../server/cli/index.js';

/** A refund: paid only after approval, unless the approval check is left out (`broken`). */
function refund(options: { broken?: boolean; invariants?: string } = {}): string {
  const pay = options.broken ? 'pay: { roles: [clerk], to: paid }' : 'pay: { roles: [clerk], to: paid, if: "data.approved" }';
  return `id: refund
name: Refund
roles: [clerk, lead]
data:
  type: object
  required: [amount]
  properties:
    amount: { type: number, minimum: 1 }
    approved: { type: boolean }
initial: open
states:
  open:
    on:
      approve:
        roles: [lead]
        if: "data.amount <= 500"
        set: { approved: "true" }
      ${pay}
      drop: { roles: [clerk], to: dropped }
  paid: { final: true }
  dropped: { final: true }
${options.invariants ?? `invariants:
  explore:
    depth: 4
    samples: { amount: [100, 900] }
    openings:
      - { amount: 100 }
      - { amount: 900 }
  rules:
    - name: paid-only-when-approved
      label: { zh: 未经批准不得支付, en: Paid only when approved }
      in: [paid]
      holds: "has(data.approved) && data.approved"
`}`;
}

function parsed(yaml: string) {
  const result = parseProcess(yaml);
  if (result.definition === undefined) throw new Error(JSON.stringify(result.diagnostics));
  return result.definition;
}

describe('declared invariants', () => {
  it('hold in a process that keeps them', () => {
    const yaml = refund();
    expect(invariantDiagnostics(yaml, parsed(yaml))).toEqual([]);
  });

  it('report a broken rule at its condition, with the shortest path and the data that break it', () => {
    const yaml = refund({ broken: true });
    const [problem, ...rest] = invariantDiagnostics(yaml, parsed(yaml));
    expect(rest).toEqual([]);
    const holdsLine = yaml.split('\n').findIndex((line) => line.includes('holds:')) + 1;
    expect(problem).toMatchObject({ severity: 'error', line: holdsLine, path: 'invariants.rules[0].holds' });
    expect(problem.message).toContain("invariant 'paid-only-when-approved' does not hold in state 'paid'");
    expect(problem.message).toContain('start → pay by clerk {}');
    expect(problem.message).toContain('"amount":100');
  });

  it('are checked by caseflow validate, which exits 1 on a broken one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'caseflow-invariants-'));
    const good = join(dir, 'good.yaml');
    const bad = join(dir, 'bad.yaml');
    writeFileSync(good, refund());
    writeFileSync(bad, refund({ broken: true }));
    const lines: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => { lines.push(String(chunk)); return true; }) as typeof process.stdout.write;
    try {
      expect(await main(['validate', good])).toBe(0);
      expect(await main(['validate', bad])).toBe(1);
    } finally {
      process.stdout.write = write;
      rmSync(dir, { recursive: true, force: true });
    }
    expect(lines.join('')).toMatch(/bad\.yaml:\d+:\d+: error: invariant 'paid-only-when-approved' does not hold/);
  });

  it('name existing top-level states, one way, and sample known fields, each problem at its line and column', () => {
    const yaml = refund({
      invariants: `invariants:
  explore:
    samples: { amont: [1] }
  rules:
    - name: paid-only-when-approved
      in: [payed]
      except: [open]
      holds: "data.approved"
`,
    });
    const problems = parseProcess(yaml).diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`);
    const lineOf = (text: string) => yaml.split('\n').findIndex((line) => line.includes(text)) + 1;
    expect(problems).toEqual(expect.arrayContaining([
      `${lineOf('amont')}:16 samples name 'amont', which is neither a data field nor an event input field (did you mean 'amount'?)`,
      expect.stringMatching(new RegExp(`^${lineOf('in: [payed]')}:12 'payed' is not a top-level state`)),
      `${lineOf('except:')}:15 an invariant names its states with 'in' or with 'except', not both`,
    ]));
  });

  it('refuse an exploration whose opening the process refuses, saying what to declare', () => {
    const yaml = refund({
      invariants: `invariants:
  explore:
    openings:
      - { amount: 0 }
  rules:
    - name: paid-only-when-approved
      holds: "true"
`,
    });
    const [problem] = invariantDiagnostics(yaml, parsed(yaml));
    expect(problem.severity).toBe('error');
    expect(problem.message).toMatch(/opening 1 of the exploration is refused: amount: must be >= 1/);
  });
});

describe('walking every reachable transition', () => {
  it('opens a case with its tallies stamped, and counts the initial state it leaves at once as reached', () => {
    const yaml = `id: sampling
name: Sampling
roles: [inspector]
data: { type: object, required: [agent], properties: { agent: { type: string } } }
tallies: { agentMonth: { match: [agent], since: month } }
initial: screening
states:
  screening:
    initial: screened
    states: { screened: { final: true } }
    onDone: [{ if: data.agentMonth.count == 1, to: inspecting }, { to: skipped }]
  inspecting:
    on:
      score: { roles: [inspector], to: done }
  skipped: { final: true }
  done: { final: true }
`;
    const report = walkTransitions(compileProcess(parsed(yaml)));
    expect(report.unreachedStates).toEqual(['skipped']);
    expect(report.unreachedEvents).toEqual([]);
    expect(report.explored.states.get('done')).toBeGreaterThan(0);
  });

  it('lists the states and events no path reaches', () => {
    const yaml = refund({ invariants: '' }).replace('if: "data.amount <= 500"', 'if: "data.amount > 1000000"');
    const report = walkTransitions(compileProcess(parsed(yaml)));
    expect(report.unreachedEvents).toEqual(['open.approve', 'open.pay']);
    expect(report.unreachedStates).toEqual(['paid']);
    expect(report.explored.states.get('dropped')).toBeGreaterThan(0);
  });

  it('is the caseflow test command, exiting 1 when something is unreachable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'caseflow-walk-'));
    const file = join(dir, 'refund.yaml');
    writeFileSync(file, refund({ invariants: '' }).replace('if: "data.amount <= 500"', 'if: "data.amount > 1000000"'));
    const lines: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => { lines.push(String(chunk)); return true; }) as typeof process.stdout.write;
    try {
      expect(await main(['test', file])).toBe(1);
    } finally {
      process.stdout.write = write;
      rmSync(dir, { recursive: true, force: true });
    }
    const text = lines.join('');
    expect(text).toContain("state 'paid' is reached by no path");
    expect(text).toContain("event 'open.approve' is accepted on no path");
  });
});

describe('invariants of a draft in the editor', () => {
  it('are checked in a simulation worker, off the event loop', async () => {
    const { SimulationPool } = await import('../../engine/runtime/simulation-pool.js');
    const pool = new SimulationPool({ timeoutMs: 60_000 });
    try {
      expect(await pool.checkInvariants(refund())).toEqual([]);
      const [problem] = await pool.checkInvariants(refund({ broken: true }));
      expect(problem).toMatchObject({ severity: 'error', path: 'invariants.rules[0].holds' });
      expect(problem.message).toContain('start → pay by clerk {}');
    } finally {
      await pool.close();
    }
  }, 90_000);
});
