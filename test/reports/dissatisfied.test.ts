import { describe, expect, it } from 'vitest';
import { computeFigure, defaultReportSettings, type ReportCase } from '../../engine/reports/index.js';

const at = (local: string) => Date.parse(`${local.replace(' ', 'T')}:00+08:00`);

function complaint(id: string, opened: string, data: Record<string, unknown>, status: 'active' | 'done' = 'done'): ReportCase {
  return { id, processId: 'complaint-handling', state: status === 'done' ? 'closed' : 'investigating', status, data: { unit: 'east', ...data }, clocks: {}, createdAt: at(opened), updatedAt: at(opened) };
}

const cases = [
  complaint('C1', '2026-03-02 09:00', { customer: { name: '陈静', phone: '135 0013 5005' }, dissatisfied: true, reopenCount: 1 }),
  complaint('C2', '2026-03-20 09:00', { customer: { name: '陈静', phone: '13500135005' }, dissatisfied: true, reopenCount: 1 }, 'active'),
  complaint('C3', '2026-03-05 09:00', { customer: { name: '王芳', phone: '13900139002' }, dissatisfied: false }),
  complaint('C4', '2026-03-06 09:00', { customer: { name: '刘洋', phone: '13600136004' }, dissatisfied: true, reopenCount: 1 }),
  complaint('C5', '2026-02-20 09:00', { customer: { name: '刘洋', phone: '13600136004' }, dissatisfied: true, reopenCount: 2 }),
];

describe('不满意客户档案 by month', () => {
  it('lists each dissatisfied customer once with their complaints of the month, most first', () => {
    const report = computeFigure('dissatisfied-customers', cases, { from: at('2026-03-01 00:00'), to: at('2026-04-01 00:00'), now: at('2026-04-01 09:00') }, defaultReportSettings);
    expect(report.data).toEqual({
      customers: [
        { phone: '13500135005', name: '陈静', unit: 'east', cases: ['C1', 'C2'], reopened: 2, open: true },
        { phone: '13600136004', name: '刘洋', unit: 'east', cases: ['C4'], reopened: 1, open: false },
      ],
    });
    expect(report.tables.customers.rows[0]).toMatchObject({ cases: 'C1 C2' });
  });
});
