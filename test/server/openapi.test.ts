import { describe, expect, it } from 'vitest';
import { API_OPERATIONS, openApiDocument } from '../../server/openapi.js';

function refsIn(value: unknown, found: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) value.forEach((item) => refsIn(item, found));
  else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === '$ref' && typeof inner === 'string') found.add(inner);
      else refsIn(inner, found);
    }
  }
  return found;
}

describe('the OpenAPI document', () => {
  const document = openApiDocument({ manualClock: true });

  it('is OpenAPI 3.1 with a path for every operation, in OpenAPI path syntax', () => {
    expect(document.openapi).toBe('3.1.0');
    const paths = Object.keys(document.paths);
    for (const op of API_OPERATIONS) expect(paths).toContain(op.path.replace(/:(\w+)/g, '{$1}'));
    expect(paths.every((path) => !path.includes(':'))).toBe(true);
  });

  it('resolves every schema reference it makes', () => {
    const components = document.components.schemas;
    for (const ref of refsIn(document)) {
      expect(ref).toMatch(/^#\/components\/schemas\//);
      expect(Object.keys(components)).toContain(ref.replace('#/components/schemas/', ''));
    }
  });

  it('gives every operation a unique id, and marks only health and login as public', () => {
    const operations = Object.values(document.paths).flatMap((item) => Object.values(item));
    const ids = operations.map((op) => String(op.operationId));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((_, i) => operations[i].security !== undefined).sort()).toEqual(['getHealth', 'postApiSession']);
  });
});
