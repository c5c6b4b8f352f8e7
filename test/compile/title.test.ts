import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileProcess, fallbackTitle } from '../../engine/compile/index.js';
import { parseProcess, referencedTemplateFiles } from '../../engine/dsl/index.js';
import { shippedCalendars } from '../processes/harness.js';
import { CaseflowError } from '../../engine/errors.js';
import { withNames, type DirectoryNames } from '../../engine/compile/directory-names.js';

/** Unit labels as the directory gives them. */
const units: DirectoryNames = { unit: (id) => (id === 'east-district' ? '城东分公司' : undefined), person: () => undefined };
import { compile, process } from './helpers.js';

const states = { open: { on: { close: { roles: ['agent'], to: 'done' } } }, done: { final: true } };

/** A complaint-like process with the given title. */
const titled = (title?: string) =>
  compile(process({
    ...(title === undefined ? {} : { title }),
    settings: { brand: '客服 Care' },
    data: { type: 'object', properties: { customer: { type: 'object' }, category: { enum: ['billing', 'network'] } } },
    tiers: { category: { field: 'category', rows: { billing: { label: '计费 Billing' }, network: { label: '网络 Network' } } } },
    initial: 'open',
    states,
  }));

const PROCESSES = join(dirname(fileURLToPath(import.meta.url)), '../../processes');

/** A shipped process, compiled with its template files. */
function shipped(id: string) {
  const yaml = readFileSync(join(PROCESSES, `${id}.yaml`), 'utf8');
  const files = Object.fromEntries(referencedTemplateFiles(yaml).map((path) => [path, readFileSync(join(PROCESSES, path), 'utf8')]));
  const { definition } = parseProcess(yaml, files, {}, { calendars: shippedCalendars() });
  if (!definition) throw new Error(`${id} does not validate`);
  return compileProcess(definition, files);
}

describe('the case title', () => {
  it('renders the title template over the data, the current tier rows and the settings', () => {
    const compiled = titled('{{data.customer.name}} {{data.customer.phone}} · {{tiers.category.label}} · {{settings.brand}}');
    expect(compiled.title({ customer: { name: '李娜 Li Na', phone: '13900139000' }, category: 'network' }))
      .toBe('李娜 Li Na 13900139000 · 网络 Network · 客服 Care');
  });

  it('gives plain text, not HTML: markup and ampersands in the data come out as they are', () => {
    const compiled = titled('{{data.customer.name}} · {{{data.customer.phone}}}');
    expect(compiled.title({ customer: { name: '<b>Tom & "Jerry"</b>', phone: "O'Brien" } })).toBe('<b>Tom & "Jerry"</b> · O\'Brien');
  });

  it('collapses newlines and the gaps of missing fields into single spaces', () => {
    const compiled = titled('  {{data.customer.name}}   {{data.customer.phone}}\n{{data.customer.note}} ');
    expect(compiled.title({ customer: { name: 'Wang\n Fang', note: 'VIP' } })).toBe('Wang Fang VIP');
  });

  it('cuts a very long title to 200 characters ending in an ellipsis', () => {
    const title = titled('{{data.customer.name}}').title({ customer: { name: '投'.repeat(500) } });
    expect([...title]).toHaveLength(200);
    expect(title.endsWith('投…')).toBe(true);
  });

  it('falls back to the first three short texts of the data when there is no title', () => {
    const data = { customer: { name: 'Li Na', phone: '13900139000', tier: 3 }, description: 'x'.repeat(41), unit: 'West', channel: 'online' };
    expect(titled().title(data)).toBe('Li Na · 13900139000 · West');
    expect(fallbackTitle(data)).toBe('Li Na · 13900139000 · West');
  });

  it('falls back to the data when the title renders empty, and to nothing when the data has no short text', () => {
    const compiled = titled('{{data.customer.name}}');
    expect(compiled.title({ customer: { phone: '13900139000' }, category: 'billing' })).toBe('13900139000 · billing');
    expect(compiled.title({ customer: { note: ' \n ' } })).toBe('');
  });

  it('falls back to the data, without throwing, when the title fails on it', () => {
    const compiled = titled('{{missingHelper data.customer.name}}');
    expect(compiled.title({ customer: { name: 'Li Na' } })).toBe('Li Na');
  });

  it('refuses at compile time a title that is not valid Handlebars', () => {
    expect(() => titled('{{#if data.category}}x')).toThrow(CaseflowError);
    expect(() => titled('{{#if data.category}}x')).toThrow(/title/);
  });

  it('titles each shipped process with its customer, subject and kind', () => {
    expect(shipped('complaint-handling').title({ customer: { name: '张伟 Zhang Wei', phone: '13800138001' }, category: 'billing', description: '多扣费' }))
      .toBe('张伟 Zhang Wei 13800138001 · 流量费用 Billing');
    expect(shipped('escalation-warning').title({ source: 'manual', level: 'yellow', title: '微博舆情 Social media' })).toBe('微博舆情 Social media · 黄色预警 Yellow');
    expect(withNames(shipped('escalation-warning').title({ source: 'manual', level: 'yellow', title: '微博舆情', unit: 'east-district' }), units)).toBe('微博舆情 · 城东分公司 · 黄色预警 Yellow');
    expect(shipped('appointment-confirmation').title({ customer: { name: '李娜 Li Na', phone: '137' }, subject: '京A·12345', serviceType: 'overhaul' }))
      .toBe('李娜 Li Na · 京A·12345');
    expect(shipped('appointment-confirmation').title({ customer: { name: '李娜 Li Na' }, subject: '京A·12345', slot: '2025-03-05T01:15:00.000Z' }))
      .toBe('李娜 Li Na · 京A·12345 · 2025-03-05 09:15');
    expect(shipped('deactivation-retention').title({ customer: { id: 'C1', name: '刘洋 Liu Yang', number: '13600136004', tier: 'normal' } })).toBe('刘洋 Liu Yang 13600136004');
    expect(withNames(shipped('fee-approval').title({ unit: 'east-district', feeType: 'activity', title: '社区活动' }), units)).toBe('城东分公司 · 活动 Activity');
    expect(withNames(shipped('fee-approval').title({ unit: 'east-district', feeType: 'gift', budget: 12000 }), units)).toBe('城东分公司 · 礼品 Gift · ¥12,000.00');
    expect(withNames(shipped('fee-approval').title({ unit: 'east-district', feeType: 'gift' }))).toBe('east-district · 礼品 Gift');
  });
});
