import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Engine } from '../../engine/runtime/types.js';
import { subscriberCountsFrom } from '../../engine/reports/index.js';
import { publishDemoSubscribers, storyMonths } from '../../server/demo-subscribers.js';

const shipped = readFileSync(new URL('../../processes/deactivation-retention.yaml', import.meta.url), 'utf8');

/** What the demo publishes over `yaml`, or undefined when it publishes nothing. */
async function published(yaml: string, months: string[]): Promise<string | undefined> {
  let text: string | undefined;
  const engine: Pick<Engine, 'getProcess' | 'publish'> = {
    getProcess: async () => ({ processId: 'deactivation-retention', version: 1, name: '离网挽留', yaml, files: {}, publishedAt: 0, publishedBy: 'x' }),
    publish: async (args) => { text = args.yaml; return { processId: 'deactivation-retention', version: 2, name: '离网挽留', yaml: args.yaml, files: {}, publishedAt: 0, publishedBy: args.publishedBy }; },
  };
  await publishDemoSubscribers(engine, months, 'cao.yang');
  return text;
}

describe('the demo’s subscriber counts', () => {
  it('names the months a story touches in the centre’s time zone', () => {
    expect(storyMonths(Date.parse('2025-02-16T16:00:00Z'), Date.parse('2025-03-03T01:00:00Z'))).toEqual(['2025-02', '2025-03']);
    expect(storyMonths(Date.parse('2025-02-28T16:00:00Z'), Date.parse('2025-03-03T01:00:00Z'))).toEqual(['2025-03']);
  });

  it('adds counts of every unit for the story’s months, changing only the three count lines of the file', async () => {
    const text = await published(shipped, ['2025-02', '2025-03']);
    if (text === undefined) throw new Error('nothing published');
    const before = shipped.split('\n');
    const changed = text.split('\n').filter((line, index) => line !== before[index]);
    expect(changed.map((line) => line.trim().split(':')[0])).toEqual(['netNewDevelopedUsers', 'netNewBilledUsers', 'billedUsers']);
    const counts = subscriberCountsFrom(parse(text).settings);
    expect(counts.filter((row) => row.month === '2025-03').map((row) => row.unit)).toEqual(['development-zone', 'east-district', 'west-district']);
    expect(counts.filter((row) => row.month === '2026-11')).toHaveLength(3);
    expect(await published(text, ['2025-03'])).toBeUndefined();
  });

  it('fills counts written as block maps too', async () => {
    const block = shipped.replace(/^ {2}billedUsers: \{.*\}$/m, '  billedUsers:\n    east-district/2026-11: 52000');
    const text = await published(block, ['2025-03']);
    expect(subscriberCountsFrom(parse(text ?? '').settings).map((row) => `${row.unit}/${row.month}`)).toEqual(['development-zone/2025-03', 'east-district/2025-03', 'west-district/2025-03', 'east-district/2026-11']);
  });
});
