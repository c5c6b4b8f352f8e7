import { describe, expect, it } from 'vitest';
import { parseProcess, validateProcess } from '../../engine/dsl/index.js';
import { VALID } from './helpers.js';

describe('a valid process', () => {
  it('gets no diagnostics at all', () => {
    expect(validateProcess(VALID)).toEqual([]);
  });

  it('comes back as a typed definition', () => {
    const { definition, diagnostics } = parseProcess(VALID);
    expect(diagnostics).toEqual([]);
    expect(definition?.id).toBe('demo');
    expect(definition?.states.open.on?.close.to).toBe('done');
  });

  it('gives no definition when there is an error', () => {
    const { definition, diagnostics } = parseProcess(VALID.replace('to: done', 'to: dnoe'));
    expect(definition).toBeUndefined();
    expect(diagnostics.some((d) => d.severity === 'error')).toBe(true);
  });

  it('still gives the definition when there are only warnings', () => {
    const { definition, diagnostics } = parseProcess(VALID.replace(/^ *deadline:.*\n/m, ''));
    expect(diagnostics.map((d) => d.severity)).toEqual(['warning']);
    expect(definition?.id).toBe('demo');
  });
});
