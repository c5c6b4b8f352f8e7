/**
 * The shipped messages take their spans from the settings or deadlines they depend on: no
 * template writes "三天", "七日内" or "3 个工作日" beside a deadline declared elsewhere.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const PROCESSES = resolve(import.meta.dirname, '../../processes');
/** A count of a time unit in Chinese or digits: 3天, 五个工作日, 两小时内, 24 小时. */
const WRITTEN_SPAN = /[0-9一二三四五六七八九十两半]+\s*个?(工作日|工作小时|天|日内|小时|分钟|周|个月)/;

function shippedTemplates(): Array<[string, string]> {
  const texts: Array<[string, string]> = [];
  for (const name of readdirSync(PROCESSES).filter((file) => file.endsWith('.yaml'))) {
    const document: unknown = parse(readFileSync(join(PROCESSES, name), 'utf8'));
    const templates = typeof document === 'object' && document !== null && 'templates' in document ? document.templates : undefined;
    if (typeof templates !== 'object' || templates === null) continue;
    for (const [id, template] of Object.entries(templates)) if (typeof template === 'string') texts.push([`${name} ${id}`, template]);
  }
  const folder = join(PROCESSES, 'templates');
  for (const process of readdirSync(folder)) {
    for (const file of readdirSync(join(folder, process))) texts.push([`${process}/${file}`, readFileSync(join(folder, process, file), 'utf8')]);
  }
  return texts;
}

describe('the shipped message templates', () => {
  it('write no span of time as a literal number', () => {
    const texts = shippedTemplates();
    expect(texts.length).toBeGreaterThan(40);
    expect(texts.filter(([, text]) => WRITTEN_SPAN.test(text)).map(([where, text]) => `${where}: ${WRITTEN_SPAN.exec(text)?.[0]}`)).toEqual([]);
  });

  it('would catch one', () => {
    expect(['草稿已五个工作日未提交', '已超过 3 个工作日未审批', '七日内完成关怀回访', '两小时内'].filter((text) => WRITTEN_SPAN.test(text))).toHaveLength(4);
  });
});
