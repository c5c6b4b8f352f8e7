import { describe, expect, it } from 'vitest';
import { enumLabel, labelledData } from '../../engine/dsl/enum-labels.js';
import { parseProcess } from '../../engine/dsl/index.js';
import { expectProblems, yaml } from './helpers.js';

const withCategory = (field: string, input = '{ type: object }') => yaml`
  id: demo
  name: Demo
  roles: [agent]
  data:
    properties:
      category: ${field}
  initial: open
  states:
    open:
      deadline: { within: 1d }
      on:
        close: { roles: [agent], to: done, input: ${input} }
    done: { final: true }
`;

describe('enum labels', () => {
  it('accepts a label in each language for every value', () => {
    const source = withCategory('{ enum: [billing, network], labels: { billing: { zh: 流量费用, en: Billing }, network: { zh: 网络质量, en: Network } } }');
    expect(parseProcess(source).diagnostics).toEqual([]);
  });

  it('names the value a label is for when it is not in the enum, at its line and column', () => {
    expectProblems(withCategory('{ enum: [billing], labels: { biling: { zh: 流量费用, en: Billing } } }'), [
      { line: 6, column: 34, severity: 'error', message: 'enum values without a label: billing' },
      { line: 6, column: 44, severity: 'error', message: "label for 'biling', which is not a value of the enum (billing) (did you mean 'billing'?)" },
    ]);
  });

  it('wants both languages, and labels only beside an enum', () => {
    expectProblems(withCategory('{ enum: [billing], labels: { billing: { zh: 流量费用 } } }'), [
      { line: 6, column: 53, severity: 'error', message: "the label of 'billing' must be { zh: 中文, en: English }, both non-empty" },
    ]);
    expectProblems(withCategory('{ type: string, labels: { billing: { zh: 流量费用, en: Billing } } }'), [
      { line: 6, column: 31, severity: 'error', message: 'labels name the values of an enum, but this field declares no enum' },
    ]);
  });

  it('checks the labels of event inputs too', () => {
    const input = '{ properties: { kind: { enum: [repair, refund], labels: { repair: { zh: 维修, en: Repair } } } } }';
    const diagnostics = parseProcess(withCategory('{ type: string }', input)).diagnostics;
    expect(diagnostics.map((d) => [d.line, d.severity, d.message])).toEqual([[12, 'error', 'enum values without a label: refund (staff would see the raw value)']]);
  });

  it('shows a value by its label in the asked language, nested fields and lists alike', () => {
    const schema = {
      properties: {
        category: { enum: ['billing'], labels: { billing: { zh: '流量费用', en: 'Billing' } } },
        customer: { properties: { tier: { enum: ['star-3'], labels: { 'star-3': { zh: '三星', en: 'Three stars' } } } } },
        offers: { type: 'array', items: { enum: ['discount'], labels: { discount: { zh: '话费折扣', en: 'Discount' } } } },
      },
    };
    expect(labelledData(schema, { category: 'billing', customer: { tier: 'star-3', name: '李' }, offers: ['discount'], note: 'x' }, 'zh')).toEqual({
      category: '流量费用', customer: { tier: '三星', name: '李' }, offers: ['话费折扣'], note: 'x',
    });
    expect(enumLabel(schema.properties.category, 'billing', 'en')).toBe('Billing');
    expect(enumLabel(schema.properties.category, 'other', 'zh')).toBe('other');
  });
});

describe('error messages of fields', () => {
  it('wants an errorMessage in both languages', () => {
    expectProblems(withCategory('{ type: string, pattern: "^[0-9]+$", errorMessage: { zh: 只能填数字 } }'), [
      { line: 6, column: 66, severity: 'error', message: 'errorMessage must be { zh: 中文, en: English }, both non-empty' },
    ]);
    expect(parseProcess(withCategory('{ type: string, pattern: "^[0-9]+$", errorMessage: { zh: 只能填数字, en: Digits only } }')).diagnostics).toEqual([]);
  });
});
