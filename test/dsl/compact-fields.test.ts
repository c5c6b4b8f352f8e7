import { describe, expect, it } from 'vitest';
import { compactField } from '../../engine/dsl/compact-fields.js';
import { parseProcess } from '../../engine/dsl/index.js';
import { expectProblems, yaml } from './helpers.js';

const process = (fields: string, input = 'reason: string 1.. 原因 Reason') => yaml`
  id: demo
  name: Demo
  roles: [agent]
  data:
    type: object
    properties:
      ${fields}
  initial: open
  states:
    open:
      deadline: { within: 1d }
      on:
        close: { roles: [agent], to: done, input: { type: object, required: [reason], properties: { ${input} } } }
    done: { final: true }
`;

describe('fields in one line', () => {
  it('reads type, range and title into the JSON Schema they stand for', () => {
    expect(compactField('string 1.. 客户姓名 Name')).toEqual({ schema: { type: 'string', minLength: 1, title: '客户姓名 Name' } });
    expect(compactField('integer 0..100 满意度评分 Score (0–100)')).toEqual({ schema: { type: 'integer', minimum: 0, maximum: 100, title: '满意度评分 Score (0–100)' } });
    expect(compactField('readOnly number 0.. 补偿金额 Compensation (CNY)')).toEqual({ schema: { type: 'number', minimum: 0, title: '补偿金额 Compensation (CNY)', readOnly: true } });
    expect(compactField('readOnly span 闭环时限 Close within')).toEqual({ schema: { type: 'string', format: 'span', title: '闭环时限 Close within', readOnly: true } });
    expect(compactField('number ..-1.5')).toEqual({ schema: { type: 'number', maximum: -1.5 } });
    expect(compactField('boolean')).toEqual({ schema: { type: 'boolean' } });
  });

  it('refuses a range a type cannot have, an empty range and fractions of a length', () => {
    expect(compactField('boolean 0..1 Flag')).toEqual({ problem: 'a boolean field has no range' });
    expect(compactField('integer 5..2')).toEqual({ problem: 'the range 5..2 is empty' });
    expect(compactField('string 1.5..')).toEqual({ problem: 'a string range is of whole numbers, not 1.5' });
  });

  it('gives the case data and event inputs the same definition as the fields written out', () => {
    const short = parseProcess(process('name: string 1.. 客户姓名 Name\n      late: readOnly boolean 超时 Late'));
    const long = parseProcess(process('name: { type: string, minLength: 1, title: 客户姓名 Name }\n      late: { type: boolean, title: 超时 Late, readOnly: true }',
      'reason: { type: string, minLength: 1, title: 原因 Reason }'));
    expect(short.diagnostics).toEqual([]);
    expect(short.definition?.data).toEqual(long.definition?.data);
    expect(short.definition?.states.open.on?.close.input).toEqual(long.definition?.states.open.on?.close.input);
  });

  it('reads an enum from labels written as bilingual texts', () => {
    const { definition, diagnostics } = parseProcess(process('level: { title: 处理层级 Level, labels: { county: 县/区级 County, city: 市级 City } }'));
    expect(diagnostics).toEqual([]);
    expect(definition?.data.properties).toEqual({
      level: { title: '处理层级 Level', enum: ['county', 'city'], labels: { county: { zh: '县/区级', en: 'County' }, city: { zh: '市级', en: 'City' } } },
    });
  });

  it('keeps a declared enum beside text labels, so a value without a label is still named', () => {
    expectProblems(process('level: { enum: [county, city], labels: { county: 县/区级 County } }'), [
      { line: 7, column: 36, severity: 'error', message: 'enum values without a label: city (staff would see the raw value)' },
    ]);
  });

  it('points at the field when its line is wrong, in the data and in an input', () => {
    expectProblems(process('name: string 3..1 客户姓名 Name'), [
      { line: 7, column: 11, severity: 'error', message: 'the range 3..1 is empty' },
    ]);
    expectProblems(process('name: string', 'reason: boolean 1.. 原因 Reason'), [
      { line: 13, column: 107, severity: 'error', message: 'a boolean field has no range' },
    ]);
  });

  it('wants a label in both languages', () => {
    expectProblems(process('level: { labels: { county: County, city: 市级 City } }'), [
      { line: 7, column: 32, severity: 'error', message: "the label 'County' needs its Chinese and its English, such as 县/区级 County" },
    ]);
  });

  it('names the written forms when a one-line field starts with no type', () => {
    expectProblems(process('name: strng 客户姓名 Name'), [
      { line: 7, column: 5, severity: 'error', message: 'must have the form of a field: a JSON Schema mapping, or one line such as string 1.. 客户姓名 Name' },
      { line: 7, column: 11, severity: 'error', message: "'strng 客户姓名 Name' is not a field in one line, such as string 1.. 客户姓名 Name" },
    ]);
  });
});
