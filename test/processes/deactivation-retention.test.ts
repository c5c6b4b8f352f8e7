import { describe, expect, it } from 'vitest';
import { as, beijing, CaseRun, DAY, HOUR, loadProcess } from './harness.js';
import { explore } from './explore.js';

const retention = loadProcess('deactivation-retention');
const T0 = beijing('2026-03-02 10:00');
const frontDesk = as('front-desk', 'desk-zhang');
const specialist = as('retention-specialist', 'keeper-wu');
const teamLead = as('team-lead', 'lead-li');
const agent = as('agent', 'agent-wang');

function open(source: string, customer: Record<string, unknown> = {}): CaseRun {
  const run = new CaseRun(retention, {
    data: {
      customer: { id: 'CU-88', name: '陈静', number: '13012345678', tier: 'star-3', member: false, tenureMonths: 40, monthlySpend: 128, ...customer },
      source,
      unit: 'east-district',
    },
    actor: source === 'store-request' ? frontDesk : agent,
    now: T0,
    caseId: 'R-5',
  });
  run.advance(0);
  return run;
}

function consentPending(customer: Record<string, unknown> = {}): CaseRun {
  const run = open('store-request', customer);
  run.send('decline', frontDesk, { reason: 'competitor-offer' });
  run.send('customer-insists', specialist, { note: '已携号转网意向明确' });
  return run;
}

const certificate = { consent: true, certificateNo: 'XH-2026-0315' };

describe('deactivation-retention: who tries first', () => {
  it('gives a store request to the front desk first, then to a specialist', () => {
    const run = open('store-request');
    expect(run.state).toBe('front-desk-retention');
    run.send('decline', frontDesk, { reason: 'price', note: '嫌套餐贵' });
    expect(run.state).toBe('specialist-retention');
    expect(run.data.reason).toBe('price');
  });

  it('keeps a customer the front desk retains, and closes the case after the 30-day check', () => {
    const run = open('store-request');
    run.send('retain', frontDesk, { offer: '赠送 10GB 流量' });
    expect(run.state).toBe('retained');
    expect(run.data).toMatchObject({ outcome: 'retained', offer: '赠送 10GB 流量' });
    expect(run.sent('retained-thanks')[0].body).toContain('您的优惠“赠送 10GB 流量”已生效');
    run.advance(30 * DAY - 1);
    expect(run.state).toBe('retained');
    run.advance(1);
    expect(run.state).toBe('retention-check');
    run.send('still-active', agent);
    expect(run.state).toBe('closed-retained');
  });

  it('calls an at-risk customer within 48 hours, or reminds the team lead', () => {
    const run = open('at-risk-signal');
    expect(run.state).toBe('callback-due');
    run.advance(48 * HOUR);
    const [missed] = run.sent('retention-call-missed');
    expect(missed.to).toEqual(['team-lead']);
    expect(missed.body).toContain('准离网用户 陈静（13012345678，三星）已超过 2天 未电话回访');
    run.send('refer', agent, { reason: 'coverage' });
    expect(run.state).toBe('specialist-retention');
  });
});

describe('deactivation-retention: offers', () => {
  it('lets a specialist make a standard offer up to the limit, with a 7-day follow-up', () => {
    const run = open('at-risk-signal');
    run.send('refer', agent, { reason: 'price' });
    expect(run.refusal('make-offer', specialist, { offer: '月费 8 折', level: 'standard', value: 51 }).code).toBe('guard-refused');
    run.send('make-offer', specialist, { offer: '月费减免 50 元', level: 'standard', value: 50 });
    expect(run.state).toBe('offer-pending');
    expect(run.data).toMatchObject({ offerLevel: 'standard', offerValue: 50, offeredBy: 'keeper-wu', offerCount: 1 });
    run.advance(7 * DAY);
    const [followUp] = run.sent('retention-follow-up');
    expect(followUp.to).toEqual(['retention-specialist', 'team-lead']);
    expect(followUp.body).toContain('挽留方案“月费减免 50 元”（¥50.00/月）已提出 7天 仍未答复');
    run.send('accept', specialist);
    expect(run.state).toBe('retained');
  });

  it('offers more only to a five-star or member customer, and only through a senior role', () => {
    const premium = { offer: '钻石卡专属套餐', level: 'premium', value: 150 };
    const normal = open('store-request');
    normal.send('decline', frontDesk, { reason: 'price' });
    expect(normal.refusal('make-offer', teamLead, premium).code).toBe('guard-refused');

    const gold = open('store-request', { tier: 'five-star-gold' });
    gold.send('decline', frontDesk, { reason: 'price' });
    expect(gold.refusal('make-offer', specialist, premium).code).toBe('guard-refused');
    expect(gold.refusal('make-offer', teamLead, { ...premium, value: 201 }).code).toBe('guard-refused');
    gold.send('make-offer', teamLead, premium);
    expect(gold.data).toMatchObject({ offerLevel: 'premium', offerValue: 150 });

    const member = open('store-request', { member: true });
    member.send('decline', frontDesk, { reason: 'price' });
    member.send('make-offer', teamLead, premium);
    expect(member.state).toBe('offer-pending');
  });

  it('moves a refused offer to consent, and a revised one back to the specialist', () => {
    const run = open('at-risk-signal');
    run.send('refer', agent, { reason: 'price' });
    run.send('make-offer', specialist, { offer: '送宽带', level: 'standard', value: 30 });
    run.send('revise-offer', specialist);
    expect(run.state).toBe('specialist-retention');
    run.send('make-offer', specialist, { offer: '送宽带一年', level: 'standard', value: 40 });
    expect(run.data.offerCount).toBe(2);
    run.send('refuse', specialist);
    expect(run.state).toBe('consent-pending');
  });
});

describe('deactivation-retention: consent, cooling-off and resale', () => {
  it('refuses to deactivate without the customer’s consent and a certificate number', () => {
    const run = consentPending();
    const none = run.refusal('deactivate', frontDesk, {});
    expect(none.code).toBe('invalid-input');
    expect(none.details).toEqual([
      { field: 'consent', message: 'is required' },
      { field: 'certificateNo', message: 'is required' },
    ]);
    expect(run.refusal('deactivate', frontDesk, { consent: true }).details).toEqual([{ field: 'certificateNo', message: 'is required' }]);
    expect(run.refusal('deactivate', frontDesk, { consent: false, certificateNo: 'XH-1' }).details).toEqual([
      { field: 'consent', message: 'must be equal to constant' },
    ]);
    expect(run.refusal('deactivate', frontDesk, { consent: true, certificateNo: '  ' }).code).toBe('invalid-input');
    expect(run.refusal('deactivate', agent, certificate).code).toBe('role-not-allowed');
    expect(run.state).toBe('consent-pending');
  });

  it('deactivates with consent and certificate, cools the number off for 90 days, then releases it for resale', () => {
    const run = consentPending();
    run.advance(HOUR);
    run.send('deactivate', frontDesk, certificate);
    expect(run.snapshot.value).toEqual({ deactivated: 'cooling-off' });
    expect(run.data).toMatchObject({ consent: true, certificateNo: 'XH-2026-0315', outcome: 'deactivated', penaltyGeneralManager: 0 });
    const deactivatedAt = run.now;
    run.advance(90 * DAY - 1);
    expect(run.state).toBe('deactivated');
    run.advance(1);
    expect(run.state).toBe('released-for-resale');
    expect(run.data.releasedAt).toBe(new Date(deactivatedAt + 90 * DAY).toISOString());
    expect(run.snapshot.status).toBe('done');
  });

  it('records the 10 CNY penalty for the general manager and the centre director when a member is lost', () => {
    const deactivated = consentPending({ member: true });
    deactivated.send('deactivate', frontDesk, certificate);
    expect(deactivated.data).toMatchObject({ penaltyGeneralManager: 10, penaltyCenterDirector: 10 });

    const run = open('store-request', { member: true });
    run.send('retain', frontDesk);
    run.advance(30 * DAY);
    run.send('left', specialist);
    expect(run.state).toBe('lost');
    expect(run.data).toMatchObject({ outcome: 'lost', penaltyGeneralManager: 10, penaltyCenterDirector: 10 });
  });

  it('records no penalty when a non-member is lost', () => {
    const run = open('store-request');
    run.send('retain', frontDesk);
    run.advance(30 * DAY);
    run.advance(3 * DAY);
    expect(run.sent('retention-check-overdue')[0].to).toEqual(['team-lead']);
    run.send('left', agent);
    expect(run.data).toMatchObject({ outcome: 'lost', penaltyGeneralManager: 0, penaltyCenterDirector: 0 });
  });

  it('never deactivates or releases a number without consent and a certificate, over every sequence of up to 8 moves', () => {
    let released = 0;
    explore({
      process: retention,
      openings: ['store-request', 'at-risk-signal', 'online-request'].map((source) => ({
        data: { customer: { id: 'C', number: '13000000000', tier: 'five-star-diamond', member: true }, source, unit: 'U' },
        actor: frontDesk,
        now: T0,
      })),
      depth: 8,
      samples: { value: [50, 150], reason: ['price', 'competitor-offer'] },
      visit: (node) => {
        const top = typeof node.snapshot.value === 'string' ? node.snapshot.value : Object.keys(node.snapshot.value)[0];
        if (top !== 'deactivated' && top !== 'released-for-resale') return;
        if (top === 'released-for-resale') released++;
        const { consent, certificateNo } = node.snapshot.data;
        expect(consent, node.path.join(' → ')).toBe(true);
        expect(typeof certificateNo === 'string' && certificateNo.trim().length > 0, node.path.join(' → ')).toBe(true);
        expect(node.events, node.path.join(' → ')).toContain('deactivate');
      },
    });
    expect(released).toBeGreaterThan(0);
  });
});
