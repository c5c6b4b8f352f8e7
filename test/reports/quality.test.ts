import { describe, expect, it } from 'vitest';
import { computeFigure, defaultReportSettings, reportSettingsFrom, type ReportCase } from '../../engine/reports/index.js';

const T0 = Date.parse('2026-03-02T09:00:00+08:00');

function inspection(id: string, data: Record<string, unknown>, state = 'passed'): ReportCase {
  return { id, processId: 'quality-inspection', state, status: state === 'awaiting-inspection' ? 'active' : 'done', data, clocks: {}, createdAt: T0, updatedAt: T0 };
}

const cases = [
  inspection('Q1', { agent: 'agent-wang', unit: 'east-district', score: 97.5 }),
  inspection('Q2', { agent: 'agent-wang', unit: 'east-district', score: 96, firstScore: 78 }),
  inspection('Q3', { agent: 'agent-liu', unit: 'east-district', score: 98 }),
  inspection('Q4', { agent: 'agent-zhao', unit: 'west-district', score: 96 }),
  inspection('Q5', { agent: 'agent-zhao', unit: 'west-district' }, 'not-sampled'),
  inspection('Q6', { agent: 'agent-zhao', unit: 'west-district' }, 'awaiting-inspection'),
];

describe('the quality inspection figure (质检平均分)', () => {
  it('averages each inspection’s first score by unit and agent, against the target of 95', () => {
    const report = computeFigure('quality', cases, { now: T0 }, defaultReportSettings);
    expect(report.title).toBe('质检平均分 Quality inspection score');
    expect(report.data).toEqual({
      target: 95,
      passMark: 90,
      units: [
        { key: 'east-district', screened: 3, inspected: 3, average: 91.2, belowPass: 1, meetsTarget: false },
        { key: 'west-district', screened: 3, inspected: 1, average: 96, belowPass: 0, meetsTarget: true },
      ],
      agents: [
        { key: 'agent-liu', screened: 1, inspected: 1, average: 98, belowPass: 0, meetsTarget: true },
        { key: 'agent-wang', screened: 2, inspected: 2, average: 87.8, belowPass: 1, meetsTarget: false },
        { key: 'agent-zhao', screened: 3, inspected: 1, average: 96, belowPass: 0, meetsTarget: true },
      ],
      total: { key: 'all', screened: 6, inspected: 4, average: 92.4, belowPass: 1, meetsTarget: false },
    });
    expect(report.tables.agents.rows[1]).toEqual({ agent: 'agent-wang', screened: 2, inspected: 2, average: 87.8, belowPass: 1, meetsTarget: false });
  });

  it('takes the target and pass mark from the published process’s settings', () => {
    const settings = reportSettingsFrom([{ id: 'quality-inspection', settings: { averageTarget: 90, passMark: 80 } }]);
    const report = computeFigure('quality', cases, { now: T0 }, settings);
    expect(report.data).toMatchObject({ target: 90, passMark: 80, total: { belowPass: 1, meetsTarget: true } });
  });
});
