/**
 * The demo's routine callbacks by tier (回访): a key customer called weekly, one call done and
 * the next scheduled; a five-star gold customer's callback due now in the East agents' queue; a
 * West customer not reached, to be called again.
 */
import { UNITS } from './demo-people.js';
import { act, open, type Step, type StoryTime } from './demo-story.js';

const CALLBACK = 'customer-callback';

const customer = (name: string, phone: string, tier: string, key = false) => ({ name, phone, tier, ...(key ? { key: true } : {}) });
const due = (at: number) => new Date(at).toISOString();

/** Every step of the callback scenes. */
export function callbackSteps(t: StoryTime): Step[] {
  return [
    open(t.day(1, 9, 0), 'r-zhang', CALLBACK, { customer: customer('张伟 Zhang Wei', '13800138001', 'star-3', true), unit: UNITS.east.id, dueAt: due(t.day(8, 9, 0)) }, 'zhao.lei'),
    act(t.day(8, 10, 30), 'r-zhang', 'call', 'li.na', { outcome: 'satisfied', satisfaction: 95, note: '流量退费已到账，对服务满意 Refund received, happy with the service' }),

    open(t.day(2, 9, 0), 'r-chen', CALLBACK, { customer: customer('陈静 Chen Jing', '13500135005', 'five-star-gold'), unit: UNITS.east.id, dueAt: due(t.ago(5)) }, 'zhao.lei'),

    open(t.day(3, 9, 0), 'r-huang', CALLBACK, { customer: customer('黄磊 Huang Lei', '13300133006', 'star-2'), unit: UNITS.west.id, dueAt: due(t.ago(8)) }, 'xu.jing'),
    act(t.ago(2), 'r-huang', 'call', 'zhang.min', { outcome: 'unreachable', note: '无人接听 No answer' }),
  ];
}
