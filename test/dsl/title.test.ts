import { describe, expect, it } from 'vitest';
import { parseProcess } from '../../engine/dsl/index.js';
import { expectProblems, yaml } from './helpers.js';

/** A process with the given `title` line (line 3); its data has customer.name, phone and category. */
const withTitle = (title: string): string =>
  yaml`
    id: demo
    name: Demo
    ${title}
    roles: [agent]
    settings: { brand: Caseflow }
    data:
      properties:
        customer: { type: object, properties: { name: { type: string }, phone: { type: string } } }
        category: { enum: [billing, network] }
    tiers:
      category: { field: category, rows: { billing: { label: 计费 Billing }, network: { label: 网络 Network } } }
    initial: open
    states:
      open:
        deadline: { within: 24h }
        on: { close: { roles: [agent], to: done } }
      done: { final: true }
  `;

describe('the process title', () => {
  it('accepts a title over data, settings and tiers, and keeps it on the definition', () => {
    const source = withTitle('title: "{{data.customer.name}} {{data.customer.phone}} · {{tiers.category.label}} ({{settings.brand}})"');
    expectProblems(source, []);
    expect(parseProcess(source).definition?.title).toBe('{{data.customer.name}} {{data.customer.phone}} · {{tiers.category.label}} ({{settings.brand}})');
  });

  it('reports an unknown data field in the title at its line and column, suggesting the near one', () => {
    expectProblems(withTitle('title: "{{data.customer.name}} {{data.custmer.phone}}"'), [
      { line: 3, column: 34, severity: 'error', message: "template uses 'data.custmer', but 'custmer' is not a declared data field (did you mean 'customer'?)" },
    ]);
  });

  it('reports a nested unknown field and an unknown tier column in the title', () => {
    expectProblems(withTitle('title: "{{data.customer.nmae}} · {{tiers.category.lable}}"'), [
      { line: 3, column: 11, severity: 'error', message: "template uses 'data.customer.nmae', but 'nmae' is not a declared data field (did you mean 'name'?)" },
      { line: 3, column: 36, severity: 'error', message: "tier 'category' has no column 'lable' (did you mean 'label'?)" },
    ]);
  });

  it('refuses fields a title cannot have, because it is rendered from the case data alone', () => {
    expectProblems(withTitle('title: "{{case.id}} {{state}}"'), [
      { line: 3, column: 11, severity: 'error', message: "template uses unknown field 'case.id' (fields start with data, labels, settings, tiers)" },
      { line: 3, column: 23, severity: 'error', message: "template uses unknown field 'state'" },
    ]);
  });

  it('reports a title that does not compile', () => {
    expectProblems(withTitle('title: "{{#if data.category}}x{{/each}}"'), [
      { line: 3, column: 12, severity: 'error', message: "template does not compile: if doesn't match each" },
    ]);
  });

  it('refuses an empty title and one that is not text', () => {
    expect(parseProcess(withTitle('title: ""')).diagnostics).toEqual([expect.objectContaining({ line: 3, severity: 'error' })]);
    expect(parseProcess(withTitle('title: [a, b]')).diagnostics).toEqual([expect.objectContaining({ line: 3, severity: 'error' })]);
  });
});
