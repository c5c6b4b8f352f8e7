import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { durationInWords } from '../../engine/dsl/duration-text.js';
import { addSchemaFormats, MAX_URL_LENGTH } from '../../engine/dsl/schema-formats.js';

const ajv = new Ajv2020({ strict: false });
addSchemaFormats(ajv);
const isUrl = ajv.compile({ type: 'string', format: 'url' });
const isEmail = ajv.compile({ type: 'string', format: 'email' });
const isSpan = ajv.compile({ type: 'string', format: 'span' });

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

  it('takes a span as a duration literal of the language, and people read it in words', () => {
    expect(['1440m', '72h', '3 business days', '1.5h'].map((text) => isSpan(text))).toEqual([true, true, true, true]);
    expect(['1440', 'soon', '3 weeks business'].map((text) => isSpan(text))).toEqual([false, false, false]);
    expect(['1440m', '2160m', '90m', '3 business days'].map((text) => durationInWords(text, 'zh'))).toEqual(['1天', '1天12小时', '1小时30分钟', '3个工作日']);
    expect(['1440m', '2160m', '90m', '2d', '3 business days'].map((text) => durationInWords(text, 'en'))).toEqual(['1 day', '1 day 12 h', '1 h 30 min', '2 days', '3 business days']);
    expect(durationInWords('soon', 'en')).toBeUndefined();
  });
});
