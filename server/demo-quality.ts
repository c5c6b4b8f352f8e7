/**
 * The demo's automatic warning and quality inspections: five network complaints from one East
 * estate in a few hours raise a batch warning (批量投诉) that the CS director takes on; the closed
 * complaints' inspections are scored, one passing, two below the pass mark going through
 * feedback, coaching and a re-check (质检-反馈-辅导-复查), one still waiting for an inspector.
 */
import { UNITS } from './demo-people.js';
import { HOLDER, act, actOnChild, open, type Step, type StoryTime } from './demo-story.js';

const COMPLAINT = 'complaint-handling';
const WARNING = 'escalation-warning';
const INSPECTION = 'quality-inspection';

const GOOD = { accuracy: 98, problemSolving: 96, emotion: 95, courtesy: 100, comment: '解释清楚，主动退费 Clear and refunded at once' };
const POOR = { accuracy: 85, problemSolving: 70, emotion: 65, courtesy: 90, comment: '未安抚客户情绪，未主动提出方案 Did not calm the customer or offer a way out' };

/** Five network complaints from the same estate within hours, each answered. */
function batchSteps(t: StoryTime): Step[] {
  const people = [
    ['邓超 Deng Chao', '13800138101'], ['罗敏 Luo Min', '13800138102'], ['谢娟 Xie Juan', '13800138103'],
    ['韩冰 Han Bing', '13800138104'], ['唐宁 Tang Ning', '13800138105'],
  ];
  return people.flatMap(([name, phone], n) => {
    const key = `c-estate-${n + 1}`;
    const at = t.ago(6 - n * 0.75);
    const data = { customer: { name, phone, tier: 'normal' }, channel: 'phone', category: 'network', severity: 'normal', unit: UNITS.east.id, description: '幸福里小区宽带晚间断网 Xingfuli estate broadband down in the evening' };
    return [
      open(at, key, COMPLAINT, data, n % 2 === 0 ? 'li.na' : 'agent'),
      act(at + 20 * 60_000, key, 'reply', HOLDER, { message: '已登记，小区故障正在抢修 Logged; the estate fault is being repaired' }),
    ];
  });
}

/** The batch warning raised by the fifth complaint, taken on by the CS director. */
function batchWarningSteps(t: StoryTime): Step[] {
  return [actOnChild(t.ago(2.5), 'c-estate-5', WARNING, 'acknowledge', HOLDER, { note: '已派网络部抢修光缆 Fibre repair crew sent' })];
}

/** Inspections of the complaints closed in the story. */
function inspectionSteps(t: StoryTime): Step[] {
  return [
    actOnChild(t.day(4, 10, 0), 'c-zhang', INSPECTION, 'score', 'yu.bo', GOOD),
    actOnChild(t.day(5, 9, 30), 'c-wang', INSPECTION, 'score', 'yu.bo', POOR),
    actOnChild(t.day(5, 14, 0), 'c-wang', INSPECTION, 'acknowledge', 'huang.tao', { note: '已学习安抚话术 Studied how to calm customers' }),
    actOnChild(t.day(7, 16, 0), 'c-wang', INSPECTION, 'coached', 'xu.jing', { coaching: '情绪安抚话术演练与陪听 Role play and listening in' }),
    actOnChild(t.day(8, 10, 0), 'c-liu', INSPECTION, 'score', 'yu.bo', POOR),
  ];
}

/** Every step of these scenes. */
export function qualitySteps(t: StoryTime): Step[] {
  return [...batchSteps(t), ...batchWarningSteps(t), ...inspectionSteps(t)];
}
