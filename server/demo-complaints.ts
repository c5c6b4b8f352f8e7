/**
 * The demo's complaints and warnings over two weeks: complaints of the three units in every
 * state, some answered late (their first-reply breach raises a linked warning), one paused for
 * the customer, one reopened after a dissatisfied callback, one major given a rapid response; warnings raised by hand whose titles
 * match their source, some climbing blue → yellow → orange, one red and overdue.
 */
import { UNITS, type District } from './demo-people.js';
import { HOLDER, MINUTE, absent, act, actOnChild, claim, handOver, note, open, release, type Step, type StoryTime } from './demo-story.js';

const COMPLAINT = 'complaint-handling';
const WARNING = 'escalation-warning';

function complaint(name: string, phone: string, tier: string, unit: District, category: string, channel: string, description: string, severity = 'normal'): Record<string, unknown> {
  return { customer: { name, phone, tier }, channel, category, severity, unit: UNITS[unit].id, description };
}

const reply = (message: string) => ({ message });
const propose = (type: string, amount: number, note: string) => ({ type, amount, note });
const callback = (satisfaction: string, note: string, score: number) => ({ satisfaction, note, score });

/** A complaint answered, resolved and closed with a satisfied callback, all in time. */
function closedInTime(key: string, data: Record<string, unknown>, agent: string, t: StoryTime, d: number, resolution: ReturnType<typeof propose>, answer: string): Step[] {
  return [
    open(t.day(d, 9, 20), key, COMPLAINT, data, agent),
    act(t.day(d, 11, 5), key, 'reply', agent, reply(answer)),
    act(t.day(d, 15, 40), key, 'propose', agent, resolution),
    act(t.day(d + 1, 10, 15), key, 'resolve', agent, { handlingOrder: `CL-${key.toUpperCase()}` }),
    act(t.day(d + 2, 10, 30), key, 'callback', agent, callback('satisfied', '客户表示满意 The customer is satisfied', 90)),
  ];
}

/** The complaint scenes. */
export function complaintSteps(t: StoryTime): Step[] {
  return [
    // Closed in time, East and West.
    ...closedInTime('c-zhang', complaint('张伟 Zhang Wei', '13800138001', 'star-3', 'east', 'billing', 'phone', '本月流量费用异常，多扣 58 元 Charged 58 CNY too much for data this month'), 'li.na', t, 1,
      propose('refund', 58, '核实后退还多扣流量费 Refund of the wrongly charged data fee'), '您好，已受理，正在核查账单 We are checking your bill'),
    ...closedInTime('c-wang', complaint('王芳 Wang Fang', '13900139002', 'normal', 'west', 'service-attitude', 'store', '营业厅工作人员态度冷淡 Unfriendly staff at the store'), 'huang.tao', t, 2,
      propose('explain', 0, '门店主管致歉并加强培训 The store manager apologised; staff retrained'), '非常抱歉给您带来不愉快 We are sorry for your experience'),

    // Handed to the network department, which answered late; closed after 3 days (close breach → yellow warning).
    open(t.day(2, 10, 0), 'c-li', COMPLAINT, complaint('李娜 Li Na', '13700137003', 'star-4', 'dev', 'network', 'phone', '家中信号差，通话经常中断 Calls keep dropping at home'), 'ma.li'),
    act(t.day(2, 13, 30), 'c-li', 'reply', 'ma.li', reply('已安排网络工程师核查 A network engineer will check the area')),
    act(t.day(3, 9, 10), 'c-li', 'transfer', 'ma.li', { department: '网络维护部 Network maintenance', note: '请核查小区基站覆盖 Please check the cell coverage' }),
    act(t.day(5, 14, 0), 'c-li', 'department-replied', HOLDER, { reply: '已调整基站天线角度 Antenna realigned' }),
    actOnChild(t.day(5, 11, 0), 'c-li', WARNING, 'acknowledge', HOLDER, { note: '督促网络部尽快答复 Chasing the network department' }),
    act(t.day(5, 16, 0), 'c-li', 'propose', HOLDER, propose('repair', 0, '基站优化完成，回访确认信号 Site tuned; callback to confirm')),
    act(t.day(6, 10, 0), 'c-li', 'resolve', HOLDER),
    actOnChild(t.day(5, 17, 0), 'c-li', WARNING, 'resolve', HOLDER, { resolution: '网络已优化，投诉已解决 Network tuned, complaint resolved' }),
    actOnChild(t.day(6, 15, 0), 'c-li', WARNING, 'pass-review', 'yu.bo', { score: 80, comment: '部门答复超时，需改进 The department answered late' }),
    act(t.day(7, 10, 0), 'c-li', 'callback', HOLDER, callback('satisfied', '信号恢复正常 Signal is fine now', 88)),

    // Answered late: the first-reply breach raises a blue warning, acknowledged by the unit's team lead in time.
    open(t.day(3, 10, 0), 'c-liu', COMPLAINT, complaint('刘洋 Liu Yang', '13600136004', 'normal', 'dev', 'service-attitude', 'online', '客服热线等待超过 30 分钟无人接听 Waited over 30 minutes on the hotline'), 'guo.qiang'),
    actOnChild(t.day(4, 11, 30), 'c-liu', WARNING, 'acknowledge', HOLDER, { note: '已联系客户 Calling the customer' }),
    act(t.day(4, 13, 0), 'c-liu', 'reply', 'he.jun', reply('抱歉久等，已为您登记回电 Sorry for the wait; we will call you back')),
    actOnChild(t.day(4, 16, 0), 'c-liu', WARNING, 'resolve', HOLDER, { resolution: '已回复客户并调整排班 Replied and rota adjusted' }),
    actOnChild(t.day(5, 10, 0), 'c-liu', WARNING, 'pass-review', 'yu.bo', { score: 88, comment: '处理及时 Handled promptly' }),
    act(t.day(5, 11, 0), 'c-liu', 'propose', 'guo.qiang', propose('compensate', 50, '赠送 50 元话费 A 50 CNY credit')),
    act(t.day(5, 15, 0), 'c-liu', 'resolve', 'guo.qiang'),
    act(t.day(6, 10, 0), 'c-liu', 'callback', 'guo.qiang', callback('satisfied', '客户接受补偿 The customer accepts the credit', 85)),

    // Answered late and nobody acknowledged the warning for hours: blue → yellow → orange, then the director.
    // The refund is above the agent's limit: the West team lead approves it.
    open(t.day(7, 9, 0), 'c-huang', COMPLAINT, complaint('黄磊 Huang Lei', '13300133006', 'star-2', 'west', 'billing', 'phone', '国际漫游费用与套餐说明不符 Roaming charges differ from the plan'), 'zhang.min'),
    act(t.day(8, 10, 0), 'c-huang', 'reply', 'zhang.min', reply('已核对漫游话单 Roaming records checked')),
    actOnChild(t.day(8, 15, 30), 'c-huang', WARNING, 'acknowledge', HOLDER, { note: '橙色预警，立即处理 Orange: on it now' }),
    actOnChild(t.day(8, 20, 0), 'c-huang', WARNING, 'resolve', HOLDER, { resolution: '已向客户说明并退还差额 Explained; difference refunded' }),
    actOnChild(t.day(9, 10, 30), 'c-huang', WARNING, 'pass-review', 'yu.bo', { score: 72, comment: '响应偏慢 Slow response' }),
    act(t.day(8, 16, 0), 'c-huang', 'propose', 'zhang.min', propose('refund', 260, '退还漫游差额 Refund of the roaming difference')),
    act(t.day(8, 17, 30), 'c-huang', 'approve-compensation', 'xu.jing'),
    act(t.day(9, 9, 30), 'c-huang', 'resolve', 'zhang.min'),
    act(t.day(10, 10, 0), 'c-huang', 'callback', 'zhang.min', callback('satisfied', '已到账 Refund received', 95)),

    // Withdrawn by the customer.
    open(t.day(8, 14, 0), 'c-wu', COMPLAINT, complaint('吴强 Wu Qiang', '13200132007', 'normal', 'east', 'network', 'social', '宽带晚上频繁掉线 Broadband drops every evening'), 'wang.wei'),
    act(t.day(8, 17, 0), 'c-wu', 'withdraw', 'wang.wei', { reason: '重启光猫后恢复 Fine after restarting the modem' }),

    // Still open: waiting for the customer (close clock paused), resolution proposed, resolved awaiting callback,
    // awaiting the department, just received, and one with its first reply already late.
    open(t.ago(50), 'c-zheng', COMPLAINT, complaint('郑丽 Zheng Li', '13100131008', 'star-1', 'west', 'billing', 'online', '积分兑换的话费未到账 Loyalty points credit never arrived'), 'huang.tao'),
    act(t.ago(48), 'c-zheng', 'reply', 'huang.tao', reply('请提供兑换截图 Please send a screenshot of the redemption')),
    act(t.ago(30), 'c-zheng', 'wait-for-customer', 'huang.tao', { reason: '等待客户提供兑换截图 Waiting for the redemption screenshot' }),
    note(t.ago(29), 'c-zheng', 'huang.tao', '客户说周末前发截图，届时请核对积分流水 The customer will send it before the weekend; check the points ledger then'),
    open(t.ago(44), 'c-zhou', COMPLAINT, complaint('周婷 Zhou Ting', '15800158009', 'star-3', 'dev', 'billing', 'phone', '停机保号仍被收取月租 Charged a monthly fee while suspended'), 'guo.qiang'),
    act(t.ago(41), 'c-zhou', 'reply', 'guo.qiang', reply('已核实，将退还月租 Confirmed; the fee will be refunded')),
    act(t.ago(20), 'c-zhou', 'propose', 'guo.qiang', propose('refund', 80, '退还两个月月租 Two months refunded')),
    // Registered at the East counter, put back in the queue for an agent, claimed by one who resolves it; handed over when he is away.
    open(t.ago(60), 'c-sun', COMPLAINT, complaint('孙浩 Sun Hao', '15900159010', 'normal', 'east', 'product-quality', 'store', '购买的路由器无法连接 The router bought at the store will not connect'), 'chen.xia'),
    act(t.ago(58), 'c-sun', 'reply', 'chen.xia', reply('请携带路由器到店检测 Please bring the router in')),
    release(t.ago(57.5), 'c-sun', 'chen.xia', '需坐席跟进换货 An agent should follow up the replacement'),
    claim(t.ago(57), 'c-sun', 'wang.wei'),
    act(t.ago(40), 'c-sun', 'propose', 'wang.wei', propose('replace', 0, '更换新路由器 New router')),
    act(t.ago(33), 'c-sun', 'resolve', 'wang.wei', { handlingOrder: 'CL-SUN-0212' }),
    open(t.ago(28), 'c-yang', COMPLAINT, complaint('杨磊 Yang Lei', '15000150011', 'star-4', 'dev', 'network', 'phone', '新小区没有 5G 信号 No 5G signal in the new estate'), 'ma.li'),
    act(t.ago(26), 'c-yang', 'reply', 'ma.li', reply('已提交网络部勘察 Survey requested from the network team')),
    act(t.ago(6), 'c-yang', 'transfer', 'ma.li', { department: '网络规划部 Network planning', note: '新建小区覆盖 New estate coverage' }),
    // Dissatisfied at the callback: reopened at city level; a compensation above the limit awaits the team lead.
    open(t.ago(70), 'c-chen', COMPLAINT, complaint('陈静 Chen Jing', '13500135005', 'five-star-gold', 'east', 'product-quality', 'store', '新手机三天就坏了（三包）The new phone broke after three days'), 'li.na'),
    act(t.ago(69), 'c-chen', 'reply', HOLDER, reply('请到营业厅检测 Please bring the phone in for a check')),
    act(t.ago(66), 'c-chen', 'propose', HOLDER, propose('repair', 0, '送厂家维修 Sent to the maker for repair')),
    act(t.ago(50), 'c-chen', 'resolve', HOLDER),
    act(t.ago(26), 'c-chen', 'callback', HOLDER, callback('dissatisfied', '客户要求换机 The customer wants a new phone', 40)),
    act(t.ago(5), 'c-chen', 'propose', HOLDER, propose('replace', 300, '三包换新机并补偿 300 元 Replacement and 300 CNY')),
    note(t.ago(4.5), 'c-chen', 'li.na', '五星金卡客户，已两次到店，请班长尽快审批 A five-star gold customer who came in twice; please approve soon'),
    open(t.ago(31), 'c-he', COMPLAINT, complaint('何静 He Jing', '13600136014', 'star-2', 'west', 'network', 'online', '办公室宽带网速只有签约的一半 Office broadband at half the contracted speed'), 'zhang.min'),
    act(t.ago(29), 'c-he', 'reply', 'zhang.min', reply('已预约工程师上门测速 An engineer will come to test the line')),
    // Wang Wei opened one the day before his leave; Li Na, his stand-in, answers it on his behalf, then
    // the team lead hands his cases over to her.
    open(t.ago(40), 'c-zhao', COMPLAINT, complaint('赵敏 Zhao Min', '18600186012', 'star-3', 'east', 'other', 'online', '营业厅预约办理业务被取消 My store appointment was cancelled'), 'wang.wei'),
    absent(t.ago(25), 'wang.wei', t.end + 7 * 24 * 3_600_000, 'li.na', '年假 Annual leave'),
    act(t.ago(24), 'c-zhao', 'reply', 'li.na', reply('王伟休假，由我跟进，已为您重新预约 Wang Wei is on leave; I follow up and rebooked you')),
    handOver(t.ago(22), 'wang.wei', 'zhao.lei'),
    open(t.ago(3), 'c-tian', COMPLAINT, complaint('田甜 Tian Tian', '18800188015', 'normal', 'east', 'billing', 'phone', '合约到期后月租未降 The monthly fee did not drop when the contract ended'), 'agent'),
    open(t.ago(2), 'c-gao', COMPLAINT, complaint('高峰 Gao Feng', '18900189016', 'star-1', 'east', 'service-attitude', 'store', '柜台办理业务时被插队 Others were served first at the counter'), 'chen.xia'),
    // Major (重大投诉): at city level with a CS director and the general manager told at once; the
    // rapid-response team gives a solution or path within its 5 minutes.
    open(t.ago(3.5), 'c-qian', COMPLAINT, complaint('钱坤 Qian Kun', '13900139017', 'star-3', 'west', 'network', 'phone', '整栋写字楼断网半天，四十家企业受影响 A whole office tower offline for half a day, forty businesses hit', 'major'), 'zhang.min'),
    act(t.ago(3.5) + 3 * MINUTE, 'c-qian', 'rapid-response', HOLDER, { plan: '网络部抢修光缆，两小时内恢复并逐户回访 Fibre crew on site; service back within two hours, every business called back' }),
    open(t.ago(27), 'c-xu', COMPLAINT, complaint('徐明 Xu Ming', '18700187013', 'normal', 'west', 'service-attitude', 'phone', '装机师傅迟到两小时 The installer came two hours late'), 'liu.fang'),
  ];
}

/** Warnings raised by hand or from figures: titles that say what their source is. */
export function warningSteps(t: StoryTime): Step[] {
  const warning = (source: string, level: string, title: string, unit: District, extra: Record<string, unknown> = {}) =>
    ({ source, level, title, category: 'network', unit: UNITS[unit].id, ...extra });
  return [
    open(t.day(2, 15, 0), 'w-batch', WARNING, warning('batch-complaints', 'blue', '同一小区集中投诉网络质量 Many network complaints from one estate', 'east', { description: '幸福里小区两天内 6 起投诉 Six complaints from Xingfuli estate in two days' }), 'zhao.lei'),
    act(t.day(2, 16, 10), 'w-batch', 'acknowledge', HOLDER, { note: '已通知网络部 Network team told' }),
    act(t.day(3, 11, 0), 'w-batch', 'resolve', HOLDER, { resolution: '新增室分设备 Indoor coverage added' }),
    act(t.day(4, 9, 30), 'w-batch', 'pass-review', 'yu.bo', { score: 92 }),

    open(t.day(9, 9, 0), 'w-opinion', WARNING, warning('public-opinion', 'yellow', '微博舆情：营业厅排队过长 Social media: long queues at the store', 'west', { category: 'service-attitude' }), 'yu.bo'),
    act(t.day(9, 11, 30), 'w-opinion', 'acknowledge', HOLDER, { note: '已升至橙色，安排增开窗口 Orange now; more counters opened' }),
    act(t.day(9, 17, 0), 'w-opinion', 'resolve', HOLDER, { resolution: '高峰时段增开两个窗口并回应网友 Two more counters at peak; replied online' }),
    act(t.day(10, 15, 0), 'w-opinion', 'pass-review', 'yu.bo', { score: 85, comment: '处置得当 Well handled' }),

    open(t.ago(9), 'w-rate', WARNING, warning('complaint-rate', 'orange', '万名用户投诉率超过 40 Complaint rate over 40 per 10,000 users', 'dev', { complaintRate: 42.9, category: 'billing' }), 'lin.feng'),

    open(t.ago(2.5), 'w-estate', WARNING, warning('batch-complaints', 'blue', '同一小区集中投诉宽带故障 Many broadband complaints from one estate', 'dev', { description: '锦绣园一天内 4 起投诉 Four complaints from Jinxiu garden in a day' }), 'yu.bo'),
    open(t.ago(1.2), 'w-forum', WARNING, warning('public-opinion', 'yellow', '论坛舆情：装机预约难 Forum posts: installations hard to book', 'dev', { category: 'service-attitude' }), 'yu.bo'),
    open(t.ago(2), 'w-manual', WARNING, warning('manual', 'blue', '客户经理承诺未兑现 Account manager promise not kept', 'east', { category: 'service-attitude' }), 'quality-inspector'),
    open(t.ago(1.5), 'w-callback', WARNING, warning('manual', 'blue', '客户经理未按约回电 Account manager did not call back', 'east', { category: 'service-attitude' }), 'yu.bo'),
  ];
}
