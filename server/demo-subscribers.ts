/**
 * The demo's subscriber counts for 离网率 (000 "离网率=（净增发展用户数-净增开账用户数）/本月开账用户数"):
 * the counts are configured per unit and month in the retention process's settings, so the demo
 * publishes that process once more with counts for every month its story covers, whatever the
 * clock says, and the churn figure shows on the demo's dashboard.
 */
import { DateTime } from 'luxon';
import { isMap, isScalar, parseDocument } from 'yaml';
import type { Engine } from '../engine/runtime/types.js';

/** The retention process, whose settings hold the counts. */
const RETENTION = 'deactivation-retention';

/** A month's counts of each demo unit: 净增发展, 净增开账, 本月开账 (the last month's figures of each unit). */
const UNIT_COUNTS: Record<string, { developed: number; netBilled: number; billed: number }> = {
  'east-district': { developed: 1300, netBilled: 1196, billed: 52_000 },
  'west-district': { developed: 900, netBilled: 862, billed: 38_000 },
  'development-zone': { developed: 420, netBilled: 378, billed: 21_000 },
};

/** The months (`2025-03`) from `from` to `to` in the centre's time zone, oldest first. */
export function storyMonths(from: number, to: number, zone = 'Asia/Shanghai'): string[] {
  const months: string[] = [];
  let month = DateTime.fromMillis(from, { zone }).startOf('month');
  while (month.toMillis() <= to) {
    months.push(month.toFormat('yyyy-LL'));
    month = month.plus({ months: 1 });
  }
  return months;
}

/** The counts of `unit` in the `index`th month of the story: each month a little different from the one before. */
function monthCounts(unit: string, index: number): Record<string, number> {
  const counts = UNIT_COUNTS[unit];
  const drift = 1 + ((index % 3) - 1) * 0.04;
  return {
    netNewDevelopedUsers: Math.round(counts.developed * drift),
    netNewBilledUsers: Math.round(counts.netBilled * drift * (1 - index * 0.005)),
    billedUsers: counts.billed + index * 150,
  };
}

/**
 * The YAML text with each count setting given the missing `unit/month` entries. A setting written
 * as a flow map (`{ east-district/2026-11: 1300 }`) is rewritten in place, so the rest of the file
 * stays as its owner wrote it; otherwise the whole document is written out again.
 */
function withCounts(yamlText: string, entries: Map<string, Record<string, number>>): string | undefined {
  const document = parseDocument(yamlText);
  const edits: Array<{ from: number; to: number; text: string }> = [];
  let rewrite = false;
  for (const setting of ['netNewDevelopedUsers', 'netNewBilledUsers', 'billedUsers']) {
    const node = document.getIn(['settings', setting], true);
    const known = isMap(node) ? new Set(node.items.map((pair) => String(isScalar(pair.key) ? pair.key.value : pair.key))) : new Set<string>();
    const missing = [...entries].filter(([key]) => !known.has(key)).map(([key, values]) => [key, values[setting]] as const);
    if (missing.length === 0) continue;
    if (isMap(node) && node.flow && node.range) {
      const items = [...node.items.map((pair) => `${String(isScalar(pair.key) ? pair.key.value : pair.key)}: ${String(isScalar(pair.value) ? pair.value.value : pair.value)}`), ...missing.map(([key, value]) => `${key}: ${value}`)];
      edits.push({ from: node.range[0], to: node.range[1], text: `{ ${items.join(', ')} }` });
    } else rewrite = true;
    for (const [key, value] of missing) document.setIn(['settings', setting, key], value);
  }
  if (rewrite) return document.toString({ lineWidth: 0 });
  if (edits.length === 0) return undefined;
  return edits.sort((a, b) => b.from - a.from).reduce((text, edit) => text.slice(0, edit.from) + edit.text + text.slice(edit.to), yamlText);
}

/**
 * Publishes the retention process with subscriber counts for each of `months`, keeping the counts
 * it already has. Does nothing when the process is not published or has counts for every month.
 */
export async function publishDemoSubscribers(engine: Pick<Engine, 'getProcess' | 'publish'>, months: string[], publishedBy: string): Promise<void> {
  const current = await engine.getProcess(RETENTION).catch(() => undefined);
  if (current === undefined) return;
  const entries = new Map(months.flatMap((month, index) => Object.keys(UNIT_COUNTS).map((unit) => [`${unit}/${month}`, monthCounts(unit, index)] as const)));
  const yaml = withCounts(current.yaml, entries);
  if (yaml === undefined) return;
  await engine.publish({ yaml, files: current.files, publishedBy, message: `离网率用户数 ${months.join(', ')} Subscriber counts for the demo's months` });
}
