/**
 * The validator (`parseProcess`) against a corpus of broken and hostile YAML and against random
 * mutations of the shipped processes: it never throws, never hangs, never pollutes prototypes,
 * and answers every broken file with errors that point at a line and column.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseProcess } from '../../engine/dsl/index.js';
import { BROKEN_YAML, HOSTILE_STRINGS, manyKeys } from './corpus.js';

const PROCESSES = join(import.meta.dirname, '../../processes');
const shipped = readdirSync(PROCESSES).filter((f) => f.endsWith('.yaml')).map((f) => readFileSync(join(PROCESSES, f), 'utf8'));
/** Longest a single validation may take before it counts as a hang (a busy CI machine included). */
const HANG_MS = 10_000;

function validateWithinLimits(yaml: string) {
  const started = performance.now();
  const result = parseProcess(yaml);
  const took = performance.now() - started;
  expect(took, 'validation took too long').toBeLessThan(HANG_MS);
  const lines = yaml.split('\n').length;
  for (const d of result.diagnostics) {
    expect(d.message.length, JSON.stringify(d)).toBeGreaterThan(0);
    expect(['error', 'warning']).toContain(d.severity);
    expect(Number.isInteger(d.line) && d.line >= 1 && d.line <= lines + 1, JSON.stringify(d)).toBe(true);
    expect(Number.isInteger(d.column) && d.column >= 1, JSON.stringify(d)).toBe(true);
  }
  expect({}).not.toHaveProperty('polluted');
  return result;
}

describe('the validator under broken and hostile YAML', () => {
  it.each(BROKEN_YAML)('answers %s with errors, without throwing or hanging', (_name, yaml) => {
    const result = validateWithinLimits(yaml);
    expect(result.diagnostics.some((d) => d.severity === 'error')).toBe(true);
    expect(result.definition).toBeUndefined();
  });

  it('takes time in proportion to the number of keys, not its square', () => {
    const fastest = (yaml: string) => Math.min(...[0, 1, 2].map(() => {
      const started = performance.now();
      parseProcess(yaml);
      return performance.now() - started;
    }));
    const small = fastest(manyKeys(2000));
    const large = fastest(manyKeys(12_000));
    // Six times the keys: about six times the time when linear, over twenty when quadratic.
    expect(large / small).toBeLessThan(12);
  }, 120_000);

  it('never throws on hostile strings put in any field of a shipped process', () => {
    const fields = ['id', 'name', 'initial', 'roles', 'to', 'if', 'in', 'notify'];
    for (const field of fields) {
      for (const hostile of HOSTILE_STRINGS) {
        const yaml = shipped[0].replace(new RegExp(`(\\b${field}: )[^\\n]*`), (_m, prefix: string) => `${prefix}${JSON.stringify(hostile)}`);
        validateWithinLimits(yaml);
      }
    }
  });

  it('never throws or hangs on random mutations of the shipped processes', () => {
    const mutation = fc.record({
      source: fc.constantFrom(...shipped),
      cut: fc.double({ min: 0, max: 1, noNaN: true }),
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      insert: fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom(...HOSTILE_STRINGS.filter((s) => s.length < 100)), fc.constantFrom(':', '- ', '\n  ', '&a', '*a', '{', '[', '"', "'", '#', '|', '>')),
      kind: fc.constantFrom('truncate', 'insert', 'delete-line', 'swap-lines'),
    });
    fc.assert(
      fc.property(mutation, ({ source, cut, at, insert, kind }) => {
        const lines = source.split('\n');
        const line = Math.floor(at * lines.length);
        let yaml = source;
        if (kind === 'truncate') yaml = source.slice(0, Math.floor(cut * source.length));
        else if (kind === 'insert') {
          const pos = Math.floor(cut * source.length);
          yaml = source.slice(0, pos) + insert + source.slice(pos);
        } else if (kind === 'delete-line') yaml = lines.filter((_, i) => i !== line).join('\n');
        else {
          const other = Math.floor(cut * lines.length);
          [lines[line], lines[other]] = [lines[other], lines[line]];
          yaml = lines.join('\n');
        }
        validateWithinLimits(yaml);
      }),
      { numRuns: 150 },
    );
  }, 120_000);

  it('never throws on expressions nested as deeply as the length limit allows', () => {
    const deep = [
      `${'!'.repeat(1990)}true`, `${'-'.repeat(1990)}1 > 0`, `${'['.repeat(995)}${']'.repeat(995)} == []`,
      Array.from({ length: 140 }, () => 'data.n > 1').join(' && '), Array.from({ length: 900 }, () => '1').join('+') + ' > 0',
      `data${'.x'.repeat(990)} == 1`, `size(${'"a" + '.repeat(300)}"a") > 0`,
    ];
    for (const expr of deep) {
      expect(expr.length).toBeLessThanOrEqual(2000);
      const yaml = `id: deep\nname: Deep\nroles: [agent]\ndata: { type: object, properties: { n: { type: integer } } }\ninitial: open\nstates:\n  open:\n    on:\n      go: { roles: [agent], if: ${JSON.stringify(expr)}, to: done }\n  done: { final: true }\n`;
      validateWithinLimits(yaml);
    }
  });

  it('never throws on arbitrary text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 400 }), (text) => void validateWithinLimits(text)), { numRuns: 300 });
  });
});
