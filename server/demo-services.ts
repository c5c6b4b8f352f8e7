/**
 * The demo's appointments, retention cases and fee requests over two weeks (and, for the number
 * released for resale after its 90-day cooling-off, a prologue three months earlier).
 */
import { UNITS, type District } from './demo-people.js';
import { DAY, act, claim, note, open, type Step, type StoryTime } from './demo-story.js';

const APPOINTMENT = 'appointment-confirmation';
const RETENTION = 'deactivation-retention';
const FEE = 'fee-approval';

const iso = (at: number) => new Date(at).toISOString();

function appointment(name: string, phone: string, plate: string, serviceType: string): Record<string, unknown> {
  return { customer: { name, phone }, subject: plate, serviceType };
}
/** A booking with the service advisor (a username) who prepares it. */
const book = (slot: number, advisor: string, partsNeeded = false, partsEta?: number) =>
  ({ slot: iso(slot), advisor, partsNeeded, ...(partsEta === undefined ? {} : { partsEta: iso(partsEta) }) });

/** Appointments: booked for the coming days, one confirmed, one no-show, one in follow-up, one completed, one rescheduled. */
export function appointmentSteps(t: StoryTime): Step[] {
  return [
    // Completed: a minor repair, confirmed, serviced, followed up.
    open(t.day(1, 10, 0), 'a-zhang', APPOINTMENT, appointment('张伟 Zhang Wei', '13800138001', '京A·12345', 'minor-repair'), 'tang.yu'),
    act(t.day(1, 10, 20), 'a-zhang', 'book', 'tang.yu', book(t.day(5, 14, 0), 'li.qiang')),
    act(t.day(2, 16, 0), 'a-zhang', 'prepared', 'li.qiang'),
    act(t.day(3, 14, 30), 'a-zhang', 'confirm', 'tang.yu'),
    act(t.day(5, 13, 50), 'a-zhang', 'check-in', 'li.qiang'),
    act(t.day(5, 17, 30), 'a-zhang', 'complete', 'li.qiang'),
    act(t.day(7, 10, 0), 'a-zhang', 'callback-done', 'tang.yu', { note: '车辆使用正常 The car runs well' }),

    // In follow-up: a level-2 maintenance, the first callback due in ten days.
    open(t.day(4, 9, 30), 'a-wang', APPOINTMENT, appointment('王芳 Wang Fang', '13900139002', '沪B·67890', 'level-2-maintenance'), 'zhou.jie'),
    act(t.day(4, 9, 45), 'a-wang', 'book', 'zhou.jie', book(t.day(9, 9, 30), 'zhou.jie')),
    act(t.day(6, 11, 0), 'a-wang', 'prepared', 'zhou.jie'),
    act(t.day(7, 9, 40), 'a-wang', 'no-answer', 'tang.yu'),
    act(t.day(7, 14, 0), 'a-wang', 'confirm', 'tang.yu'),
    act(t.day(9, 9, 20), 'a-wang', 'check-in', 'zhou.jie'),
    act(t.day(10, 17, 0), 'a-wang', 'complete', 'zhou.jie'),

    // No-show: confirmed, reminded, never came.
    open(t.day(6, 15, 0), 'a-li', APPOINTMENT, appointment('李娜 Li Na', '13700137003', '粤C·24680', 'regular-maintenance'), 'tang.yu'),
    act(t.day(6, 15, 10), 'a-li', 'book', 'tang.yu', book(t.day(10, 10, 0), 'li.qiang')),
    act(t.day(7, 10, 0), 'a-li', 'prepared', 'li.qiang'),
    act(t.day(8, 10, 30), 'a-li', 'confirm', 'tang.yu'),

    // Parts late: the customer is told, the slot moved once; the parts are still awaited.
    open(t.day(2, 11, 0), 'a-liu', APPOINTMENT, appointment('刘洋 Liu Yang', '13600136004', '浙D·13579', 'overhaul'), 'zhou.jie'),
    act(t.day(2, 11, 15), 'a-liu', 'book', 'zhou.jie', book(t.day(12, 9, 0), 'zhou.jie', true, t.day(9, 12, 0))),
    act(t.day(9, 11, 0), 'a-liu', 'parts-late', 'zhou.jie', { eta: iso(t.day(16, 12, 0)) }),
    act(t.day(9, 15, 0), 'a-liu', 'reschedule', 'tang.yu', { slot: iso(t.day(20, 10, 0)) }),

    // Confirmed for tomorrow: the confirmation call went unanswered once, then the customer confirmed.
    open(t.day(10, 16, 0), 'a-chen', APPOINTMENT, appointment('陈静 Chen Jing', '13500135005', '苏E·11223', 'minor-repair'), 'tang.yu'),
    act(t.day(10, 16, 10), 'a-chen', 'book', 'tang.yu', book(t.day(15, 14, 30), 'li.qiang')),
    act(t.day(12, 9, 30), 'a-chen', 'prepared', 'li.qiang'),
    act(t.day(13, 15, 0), 'a-chen', 'no-answer', 'tang.yu'),
    act(t.day(13, 19, 10), 'a-chen', 'confirm', 'tang.yu'),

    // Booked for tomorrow and not yet prepared: the confirmation SMS says nothing of preparation,
    // and the confirmation call tells the caller it is missing.
    open(t.day(11, 9, 0), 'a-sun', APPOINTMENT, appointment('孙浩 Sun Hao', '15900159010', '京K·52013', 'minor-repair'), 'tang.yu'),
    act(t.day(11, 9, 20), 'a-sun', 'book', 'tang.yu', book(t.day(15, 16, 0), 'li.qiang')),

    // Booked for the coming days: confirmation calls still to come.
    open(t.day(13, 11, 0), 'a-yang', APPOINTMENT, appointment('杨磊 Yang Lei', '13300133006', '川F·44556', 'regular-maintenance'), 'tang.yu'),
    act(t.day(13, 11, 15), 'a-yang', 'book', 'tang.yu', book(t.day(17, 10, 15), 'zhou.jie')),
    open(t.ago(5), 'a-zhao', APPOINTMENT, appointment('赵敏 Zhao Min', '18600186012', '京N·80808', 'level-2-maintenance'), 'tang.yu'),
    act(t.ago(4.5), 'a-zhao', 'book', 'tang.yu', book(t.day(18, 15, 0), 'service-advisor', true, t.day(16, 12, 0))),
    // Just registered, no slot yet.
    open(t.ago(1), 'a-xu', APPOINTMENT, appointment('徐明 Xu Ming', '18700187013', '鲁G·36925', 'minor-repair'), 'tang.yu'),
  ];
}

function subscriber(id: string, name: string, number: string, tier: string, member: boolean, tenureMonths: number, monthlySpend: number) {
  return { id, name, number, tier, member, tenureMonths, monthlySpend };
}

/**
 * Retention: retained at the counter and by a specialist, lost with the member penalty, waiting
 * for consent, released after consent; two left in the specialists' queue.
 */
export function retentionSteps(t: StoryTime): Step[] {
  const released = t.day(0, 10, 0) - 95 * DAY;
  const unit = (district: District) => UNITS[district].id;
  return [
    // Three months ago: the customer insisted, consented with a certificate; the number cooled off 90 days and is sold again.
    open(released, 'r-qian', RETENTION, { customer: subscriber('C-2024-0871', '钱进 Qian Jin', '13911110871', 'normal', false, 26, 39), source: 'online-request', reason: 'relocation', unit: unit('west') }, 'zhang.min'),
    act(released + 2 * 3_600_000, 'r-qian', 'refer', 'zhang.min', { reason: 'relocation' }),
    claim(released + 4 * 3_600_000, 'r-qian', 'gao.yan'),
    act(released + 5 * 3_600_000, 'r-qian', 'customer-insists', 'gao.yan', { note: '客户移居海外 Moving abroad' }),
    act(released + 26 * 3_600_000, 'r-qian', 'deactivate', 'liu.fang', { consent: true, certificateNo: 'XH-2024-0871' }),

    // Retained at the counter with a better plan.
    open(t.day(2, 10, 30), 'r-sun', RETENTION, { customer: subscriber('C-2025-1001', '孙丽 Sun Li', '13800001001', 'star-3', false, 48, 88), source: 'store-request', reason: 'price', unit: unit('east') }, 'chen.xia'),
    act(t.day(2, 10, 50), 'r-sun', 'retain', 'chen.xia', { offer: '升级 59 元套餐送 20G 流量 The 59 CNY plan with 20 GB extra' }),

    // At risk, called back, a specialist's offer accepted.
    open(t.day(3, 9, 0), 'r-zhou', RETENTION, { customer: subscriber('C-2025-1002', '周强 Zhou Qiang', '13800001002', 'star-4', true, 73, 128), source: 'at-risk-signal', reason: 'competitor-offer', unit: unit('west') }, 'zhang.min'),
    act(t.day(4, 10, 0), 'r-zhou', 'refer', 'zhang.min', { reason: 'competitor-offer' }),
    claim(t.day(4, 14, 0), 'r-zhou', 'gao.yan'),
    act(t.day(4, 15, 0), 'r-zhou', 'make-offer', 'gao.yan', { offer: '每月减免 30 元，合约 12 个月 30 CNY off a month for 12 months', level: 'standard', value: 30 }),
    act(t.day(6, 11, 0), 'r-zhou', 'accept', 'gao.yan'),

    // A five-star member refused even the premium offer (only a team lead may make it), consented, deactivated: the unit pays the penalty.
    open(t.day(5, 14, 0), 'r-wu', RETENTION, { customer: subscriber('C-2025-1003', '吴芳 Wu Fang', '13800001003', 'five-star-gold', true, 96, 268), source: 'online-request', reason: 'price', unit: unit('east') }, 'li.na'),
    act(t.day(5, 16, 0), 'r-wu', 'refer', 'li.na', { reason: 'price' }),
    claim(t.day(5, 17, 0), 'r-wu', 'sun.yue'),
    note(t.day(5, 17, 10), 'r-wu', 'sun.yue', '超出专席权限，请班长给出五星专享方案 Beyond a specialist\'s limit; asking the team lead for the five-star offer'),
    act(t.day(6, 10, 0), 'r-wu', 'make-offer', 'zhao.lei', { offer: '五星专享每月减免 150 元 Five-star discount of 150 CNY a month', level: 'premium', value: 150 }),
    act(t.day(8, 10, 0), 'r-wu', 'refuse', 'sun.yue'),
    act(t.day(9, 15, 0), 'r-wu', 'deactivate', 'chen.xia', { consent: true, certificateNo: 'XH-2025-1003' }),

    // Insists on leaving; waiting for consent and a certificate before anything is deactivated.
    open(t.day(11, 10, 0), 'r-zheng', RETENTION, { customer: subscriber('C-2025-1004', '郑浩 Zheng Hao', '13800001004', 'normal', false, 14, 58), source: 'store-request', reason: 'coverage', unit: unit('west') }, 'liu.fang'),
    act(t.day(11, 10, 30), 'r-zheng', 'decline', 'liu.fang', { reason: 'coverage', note: '家中无信号 No signal at home' }),
    claim(t.day(11, 14, 0), 'r-zheng', 'gao.yan'),
    act(t.day(11, 16, 0), 'r-zheng', 'customer-insists', 'gao.yan', { note: '网络部暂无覆盖计划 No coverage planned yet' }),

    // Just flagged at risk: the retention call is due within 48 hours.
    open(t.ago(20), 'r-feng', RETENTION, { customer: subscriber('C-2025-1005', '冯雪 Feng Xue', '13800001005', 'star-2', false, 31, 76), source: 'at-risk-signal', reason: 'service', unit: unit('dev') }, 'ma.li'),

    // In the specialists' queues: two nobody has claimed yet, one just claimed.
    open(t.ago(30), 'r-lin', RETENTION, { customer: subscriber('C-2025-1006', '林涛 Lin Tao', '13800001006', 'star-1', false, 19, 66), source: 'at-risk-signal', reason: 'competitor-offer', unit: unit('east') }, 'agent'),
    act(t.ago(8), 'r-lin', 'refer', 'agent', { reason: 'competitor-offer' }),
    open(t.ago(7), 'r-ma', RETENTION, { customer: subscriber('C-2025-1007', '马超 Ma Chao', '13800001007', 'normal', false, 40, 49), source: 'store-request', reason: 'price', unit: unit('west') }, 'liu.fang'),
    act(t.ago(6.5), 'r-ma', 'decline', 'liu.fang', { reason: 'price', note: '嫌月租贵 Finds the plan too dear' }),
    open(t.ago(4), 'r-he', RETENTION, { customer: subscriber('C-2025-1008', '何亮 He Liang', '13800001008', 'star-2', false, 22, 58), source: 'store-request', reason: 'coverage', unit: unit('east') }, 'front-desk'),
    act(t.ago(3.8), 'r-he', 'decline', 'front-desk', { reason: 'coverage', note: '地下室没有信号 No signal in the basement' }),
    claim(t.ago(1), 'r-lin', 'sun.yue'),
  ];
}

function fee(district: District, feeType: string, title: string) {
  return { unit: UNITS[district].id, feeType, title };
}

/** Fee requests: reimbursed, approved (one by the general manager), in execution, under review (one late, two unclaimed), drafts. */
export function feeSteps(t: StoryTime): Step[] {
  return [
    open(t.day(0, 9, 30), 'f-gifts', FEE, fee('east', 'gift', '冬季客户答谢礼品 Winter thank-you gifts for customers'), 'zhou.min'),
    act(t.day(0, 10, 0), 'f-gifts', 'submit', 'zhou.min', { plan: '为 300 位星级客户准备保温杯 Vacuum flasks for 300 star customers', budget: 12000 }),
    claim(t.day(1, 14, 30), 'f-gifts', 'feng.jie'),
    act(t.day(1, 15, 0), 'f-gifts', 'approve', 'feng.jie', { comment: '同意，注意控制单价 Approved; watch the unit price' }),
    act(t.day(2, 9, 30), 'f-gifts', 'execute', 'zhou.min'),
    act(t.day(8, 16, 0), 'f-gifts', 'submit-summary', 'zhou.min', { summary: '已发放 291 份 291 gifts handed out', actualSpend: 11640, receipts: ['FP-20251101', 'FP-20251102'] }),
    claim(t.day(9, 10, 30), 'f-gifts', 'han.mei'),
    act(t.day(9, 11, 0), 'f-gifts', 'reimburse', 'han.mei'),

    open(t.day(1, 14, 0), 'f-fund', FEE, fee('west', 'complaint-handling', '投诉补偿专项 Complaint compensation fund'), 'wu.hao'),
    act(t.day(1, 14, 30), 'f-fund', 'submit', 'wu.hao', { plan: '第四季度投诉补偿备用金 Fourth-quarter compensation reserve', budget: 8000 }),
    claim(t.day(3, 9, 30), 'f-fund', 'qian.hong'),
    act(t.day(3, 10, 0), 'f-fund', 'approve', 'qian.hong', { comment: '按季度结算 Settle each quarter' }),
    act(t.day(3, 14, 0), 'f-fund', 'execute', 'wu.hao'),

    open(t.day(3, 9, 0), 'f-event', FEE, fee('dev', 'activity', '社区宽带推广活动 Community broadband roadshow'), 'zheng.kai'),
    act(t.day(3, 9, 40), 'f-event', 'submit', 'zheng.kai', { plan: '三个新建小区巡回推广 Roadshows in three new estates', budget: 68000 }),
    act(t.day(4, 16, 0), 'f-event', 'approve', 'feng.jie', { comment: '超过五万，报总经理 Over 50,000: to the general manager' }),
    claim(t.day(7, 10, 30), 'f-event', 'song.tao'),
    act(t.day(7, 11, 0), 'f-event', 'approve', 'song.tao'),

    open(t.day(6, 10, 0), 'f-repairs', FEE, fee('east', 'after-sales', '终端售后维修 Handset after-sales repairs'), 'zhou.min'),
    act(t.day(6, 10, 30), 'f-repairs', 'submit', 'zhou.min', { plan: '三包期外维修补贴 Repair subsidy outside warranty', budget: 5600 }),

    open(t.ago(26), 'f-survey', FEE, fee('west', 'other', '营业厅满意度调查 Store satisfaction survey'), 'wu.hao'),
    act(t.ago(25), 'f-survey', 'submit', 'wu.hao', { plan: '委托第三方电话调查 500 户 A third-party phone survey of 500 customers', budget: 9500 }),

    open(t.ago(22), 'f-salon', FEE, fee('dev', 'activity', '五星客户沙龙 Five-star customer salon'), 'zheng.kai'),
    open(t.ago(21), 'f-training', FEE, fee('east', 'other', '营业员服务礼仪培训 Service manners training for counter staff'), 'zhou.min'),
    open(t.ago(12), 'f-signs', FEE, fee('west', 'other', '营业厅导视牌更新 New signs in the store'), 'wu.hao'),
  ];
}
