import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../server/cli/index.js';

const ROOT = resolve(import.meta.dirname, '../..');

/** Runs `caseflow validate` on the files, with what it wrote to stdout and stderr. */
async function validate(files: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = process.stdout.write.bind(process.stdout);
  const stderr = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string) => { out.push(String(chunk)); return true; }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string) => { err.push(String(chunk)); return true; }) as typeof process.stderr.write;
  try {
    return { code: await main(['validate', ...files]), out: out.join(''), err: err.join('') };
  } finally {
    process.stdout.write = stdout;
    process.stderr.write = stderr;
  }
}

describe('the invariants the shipped processes declare', () => {
  it('are checked by caseflow validate, which says each one holds', async () => {
    const { code, out, err } = await validate(['processes/fee-approval.yaml', 'processes/deactivation-retention.yaml'].map((file) => join(ROOT, file)));
    expect(out).toBe('');
    expect(code).toBe(0);
    expect(err).toMatch(/fee-approval\.yaml: invariant 'reimbursed-with-plan-budget-summary' holds over \d+ case states, to depth 9/);
    expect(err).toMatch(/deactivation-retention\.yaml: invariant 'resold-with-consent-and-certificate' holds over \d+ case states, to depth 8/);
  }, 60_000);

  it('catch a deactivation that records no consent, with the path that reaches it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'caseflow-shipped-'));
    try {
      cpSync(join(ROOT, 'processes'), join(dir, 'processes'), { recursive: true });
      cpSync(join(ROOT, 'calendars'), join(dir, 'calendars'), { recursive: true });
      const file = join(dir, 'processes/deactivation-retention.yaml');
      const shipped = readFileSync(file, 'utf8');
      expect(shipped).toContain('set: { consent: input.consent,');
      writeFileSync(file, shipped.replace('set: { consent: input.consent,', 'set: { consent: "false",'));
      const { code, out } = await validate([file]);
      expect(code).toBe(1);
      expect(out).toMatch(/deactivation-retention\.yaml:\d+:\d+: error: invariant 'resold-with-consent-and-certificate' does not hold in state 'deactivated', reached by: start → .*deactivate by/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
