import { describe, expect, it } from 'vitest';
import { parseProcess } from '../../engine/dsl/index.js';
import { expectProblems, yaml } from './helpers.js';

const process = (tier: string, use = 'tiers.category.firstReply') => yaml`
  id: demo
  name: Demo
  roles: [agent]
  tiers:
    category:
      field: category
      ${tier}
  data:
    type: object
    properties:
      category: { labels: { billing: 流量费用 Billing, network: 网络质量 Network } }
  initial: open
  states:
    open:
      deadline: { within: { expr: ${use} } }
      on:
        close: { roles: [agent], to: done }
    done: { final: true }
`;

const WRITTEN_OUT = 'rows: { billing: { label: 流量费用 Billing, firstReply: 24h }, network: { label: 网络质量 Network, firstReply: 12h } }';

describe('tier rows written short', () => {
  it('reads defaults into every row that does not set the column itself', () => {
    const short = parseProcess(process('defaults: { firstReply: 24h }\n      rows: { billing: { label: 流量费用 Billing }, network: { label: 网络质量 Network, firstReply: 12h } }'));
    const long = parseProcess(process(WRITTEN_OUT));
    expect(short.diagnostics).toEqual([]);
    expect(short.definition?.tiers).toEqual(long.definition?.tiers);
    expect(short.definition?.tiers).toEqual({
      category: { field: 'category', rows: { billing: { label: '流量费用 Billing', firstReply: '24h' }, network: { label: '网络质量 Network', firstReply: '12h' } } },
    });
  });

  it('reads a row written as a text as its label, with the defaults beside it', () => {
    const { definition, diagnostics } = parseProcess(process('defaults: { firstReply: 24h }\n      rows: { billing: 流量费用 Billing, network: { label: 网络质量 Network, firstReply: 12h } }'));
    expect(diagnostics).toEqual([]);
    expect(definition?.tiers?.category.rows.billing).toEqual({ label: '流量费用 Billing', firstReply: '24h' });
    expect(Object.keys(definition?.tiers?.category.rows.billing ?? {})).toEqual(['label', 'firstReply']);
  });

  it('lets expressions use a column that only the defaults give', () => {
    expectProblems(process('defaults: { firstReply: 24h }\n      rows: { billing: 流量费用 Billing, network: 网络质量 Network }'), []);
    expectProblems(process('rows: { billing: 流量费用 Billing, network: 网络质量 Network }'), [
      { line: 15, column: 48, severity: 'error', message: "tier 'category' has no column 'firstReply'" },
    ]);
  });

  it('warns at the default that every row overrides', () => {
    expectProblems(process(`defaults: { firstReply: 8h }\n      ${WRITTEN_OUT}`), [
      { line: 7, column: 17, severity: 'warning', message: "every row of tier 'category' sets 'firstReply', so its default is never used" },
    ]);
  });

  it('refuses a row that is neither a text nor a map of columns, and a default that is not a value', () => {
    expectProblems(process('defaults: { firstReply: 24h }\n      rows: { billing: 24, network: 网络质量 Network }'), [
      { line: 8, column: 13, severity: 'error', message: 'must have a label text (流量费用 Billing) or a map of columns' },
    ]);
    expectProblems(process('defaults: { firstReply: [24h] }\n      rows: { billing: 流量费用 Billing, network: 网络质量 Network }'), [
      { line: 7, column: 29, severity: 'error', message: 'must be a string or a number or true or false' },
    ]);
  });
});
