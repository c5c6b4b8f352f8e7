import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type Session } from './harness.js';

/** A review with a labelled deadline and a reminder timer; version 2 renames the state. */
const LEVY = `id: levy
name: 收费复核 Levy review
roles: [agent]
data: { type: object, properties: { late: { type: boolean } } }
initial: checking
states:
  checking:
    label: 复核中 Checking
    deadline: { label: 复核时限 Review time, within: 2d, warn: { at: 1d }, breach: { actions: [{ set: { late: "true" } }] } }
    timers: [{ id: nudge, in: 4h, actions: [{ set: { late: "false" } }] }]
    on:
      finish: { roles: [agent], to: done }
  done: { final: true }
`;
const RENAMED = LEVY.replace(/checking/g, 'reviewing').replace('复核中 Checking', '复核 Reviewing').replace('复核时限 Review time', '审核时限 Review deadline');

let harness: Harness;
let owner: Session;

beforeAll(async () => {
  harness = await createHarness({ publish: false, users: { owner: ['process-owner'], agent: ['agent'] } });
  await harness.engine.publish({ yaml: LEVY, publishedBy: 'owner' });
  await harness.engine.createCase({ process: 'levy', data: {}, actor: { id: 'agent', roles: ['agent'] } });
  await harness.engine.publish({ yaml: RENAMED, publishedBy: 'owner' });
  owner = await harness.login('owner');
}, 60_000);

afterAll(async () => {
  await harness?.close();
});

const dryRun = async (language: string) => {
  const response = await harness.call('POST', '/api/processes/levy/migrations/dry-run', {
    as: owner, headers: { 'Accept-Language': language }, json: { from: 1, to: 2, plan: { states: { checking: 'reviewing' } } },
  });
  expect(response.status).toBe(200);
  const report: { cases: Array<{ timers: Array<{ key: string; newKey?: string; label?: string; newLabel?: string }> }> } = await response.json();
  return report.cases[0].timers.map(({ key, newKey, label, newLabel }) => ({ key, newKey, label, newLabel })).sort((a, b) => a.key.localeCompare(b.key));
};

describe('the migration report names timers in words', () => {
  it('by their deadline and state labels under each version, in the language the request asks for', async () => {
    expect(await dryRun('zh-CN,zh;q=0.9')).toEqual([
      { key: 'deadline:checking:breach', newKey: 'deadline:reviewing:breach', label: '复核时限已超时', newLabel: '审核时限已超时' },
      { key: 'deadline:checking:warn', newKey: 'deadline:reviewing:warn', label: '复核时限即将到期提醒', newLabel: '审核时限即将到期提醒' },
      { key: 'timer:checking:nudge', newKey: 'timer:reviewing:nudge', label: '复核中定时', newLabel: '复核定时' },
    ]);
    expect(await dryRun('en')).toEqual([
      { key: 'deadline:checking:breach', newKey: 'deadline:reviewing:breach', label: 'Review time: overdue', newLabel: 'Review deadline: overdue' },
      { key: 'deadline:checking:warn', newKey: 'deadline:reviewing:warn', label: 'Review time: due soon', newLabel: 'Review deadline: due soon' },
      { key: 'timer:checking:nudge', newKey: 'timer:reviewing:nudge', label: 'timer of Checking', newLabel: 'timer of Reviewing' },
    ]);
  });
});
