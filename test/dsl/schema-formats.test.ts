import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { addSchemaFormats, MAX_URL_LENGTH } from '../../engine/dsl/schema-formats.js';

const ajv = new Ajv2020({ strict: false });
addSchemaFormats(ajv);
const isUrl = ajv.compile({ type: 'string', format: 'url' });
const isEmail = ajv.compile({ type: 'string', format: 'email' });

describe('the formats of process schemas', () => {
  it('checks URLs as ajv-formats does', () => {
    expect(isUrl('https://example.com/path?q=1')).toBe(true);
    expect(isUrl('ftp://files.example.org')).toBe(true);
    expect(isUrl('not a url')).toBe(false);
    expect(isUrl('http://192.168.0.1/')).toBe(false);
  });

  it(`takes no text over ${MAX_URL_LENGTH} characters for a URL, so its quadratic expression never sees a long one`, () => {
    const path = `https://example.com/${'a'.repeat(MAX_URL_LENGTH - 20)}`;
    expect(path).toHaveLength(MAX_URL_LENGTH);
    expect(isUrl(path)).toBe(true);
    expect(isUrl(`${path}a`)).toBe(false);
    expect(isUrl(`http://${':'.repeat(200_000)}@`)).toBe(false);
  });

  it('keeps the other formats', () => {
    expect(isEmail('li.na@example.cn')).toBe(true);
    expect(isEmail('li.na@')).toBe(false);
  });
});
