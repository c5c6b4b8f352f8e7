/**
 * `npm run demo`: a user per role and a handful of cases of every published process, moved
 * into different states by real events through the engine (roles, inputs and guards checked).
 */
import type { AccountStore } from '../engine/accounts/types.js';
import type { Actor } from '../engine/compile/types.js';
import { CaseflowError } from '../engine/errors.js';
import type { Engine } from '../engine/runtime/types.js';
import { KNOWN_ROLES } from './auth/roles.js';
import { addUser } from './auth/users.js';
import { definitionOf, summarize } from './definitions.js';
import { sampleObject, type Pick } from './demo-input.js';
import type { Logger } from './log.js';

/** Cases opened per process. */
const CASES_PER_PROCESS = 6;

const CUSTOMERS = [
  { name: '张伟 Zhang Wei', phone: '13800138001' },
  { name: '王芳 Wang Fang', phone: '13900139002' },
  { name: '李娜 Li Na', phone: '13700137003' },
  { name: '刘洋 Liu Yang', phone: '13600136004' },
  { name: '陈静 Chen Jing', phone: '13500135005' },
  { name: '杨磊 Yang Lei', phone: '13300133006' },
];
const UNITS = ['城东分公司 East district', '城西分公司 West district', '开发区分公司 Development zone'];

/** Realistic data for the shipped processes; other processes get values from their data schema. */
function caseData(processId: string, index: number, now: number): Record<string, unknown> | undefined {
  const customer = CUSTOMERS[index % CUSTOMERS.length];
  const unit = UNITS[index % UNITS.length];
  switch (processId) {
    case 'complaint-handling':
      return {
        customer: { ...customer, tier: ['normal', 'star-3', 'five-star-gold'][index % 3] },
        channel: ['phone', 'online', 'store', 'social'][index % 4],
        category: ['billing', 'network', 'service-attitude', 'product-quality', 'other'][index % 5],
        severity: index === 4 ? 'major' : 'normal',
        unit,
        description: ['本月流量费用异常，多扣 58 元 Charged 58 CNY too much for data', '家中信号差，通话经常中断 Calls drop at home', '营业厅工作人员态度冷淡 Rude staff at the store', '新手机三天就坏了（三包）Phone broke after three days', '宽带安装一再推迟 Broadband install keeps slipping', '积分兑换未到账 Loyalty points missing'][index % 6],
      };
    case 'escalation-warning':
      return {
        source: ['manual', 'batch-complaints', 'public-opinion', 'complaint-rate', 'overdue-complaint'][index % 5],
        level: ['blue', 'yellow', 'orange', 'red'][index % 4],
        title: ['同一小区集中投诉网络质量 Many network complaints from one estate', '微博舆情：营业厅排队过长 Social media: long queues', '万名用户投诉率超过 40 Complaint rate over 40', '投诉超时未回复 First reply late'][index % 4],
        category: 'network',
        unit,
      };
    case 'appointment-confirmation': {
      const slot = new Date(now + (3 + index) * 86_400_000);
      slot.setUTCHours(1 + (index % 6), (index % 4) * 15, 0, 0);
      return {
        customer,
        subject: ['京A·12345', '沪B·67890', '粤C·24680', '浙D·13579', '苏E·11223', '川F·44556'][index % 6],
        serviceType: ['minor-repair', 'level-2-maintenance', 'overhaul', 'regular-maintenance'][index % 4],
        slot: slot.toISOString(),
        advisor: 'service-advisor',
        partsNeeded: index % 3 === 0,
      };
    }
    case 'deactivation-retention':
      return {
        customer: { id: `C-2025-${1000 + index}`, name: customer.name, number: customer.phone, tier: ['normal', 'star-4', 'five-star-diamond'][index % 3], member: index % 2 === 0, tenureMonths: 12 + index * 7, monthlySpend: 58 + index * 30 },
        source: ['store-request', 'at-risk-signal', 'online-request'][index % 3],
        reason: ['price', 'coverage', 'service', 'relocation', 'competitor-offer', 'other'][index % 6],
        unit,
      };
    case 'fee-approval':
      return {
        unit,
        feeType: ['gift', 'activity', 'complaint-handling', 'after-sales', 'other'][index % 5],
        title: ['中秋客户答谢礼品 Mid-autumn customer gifts', '社区宽带推广活动 Community broadband event', '投诉补偿专项 Complaint compensation fund', '终端售后维修 Handset after-sales repairs', '营业厅满意度调查 Store satisfaction survey', '五星客户沙龙 Five-star customer salon'][index % 6],
      };
    default:
      return undefined;
  }
}

/** Users named after each role (`agent`, `team-lead`…), password `demo-<role>`; `admin` is left alone. */
export async function createDemoUsers(accounts: AccountStore, engine: Engine): Promise<Array<{ username: string; password: string }>> {
  const roles = new Set<string>(KNOWN_ROLES);
  for (const record of await engine.listProcesses()) for (const role of summarize(record).roles) roles.add(role);
  roles.delete('admin');
  const created: Array<{ username: string; password: string }> = [];
  for (const role of [...roles].sort()) {
    if (await accounts.findUserByUsername(role)) continue;
    const password = `demo-${role}`.padEnd(10, '!');
    await addUser(accounts, { username: role, password, roles: [role] });
    created.push({ username: role, password });
  }
  return created;
}

/** A deterministic choice, different per case and step. */
const chooser = (seed: number): Pick => {
  let state = seed * 7919 + 17;
  return (count) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % count;
  };
};

/** Tries the actions someone may take now until one is accepted; false when none is. */
async function oneStep(engine: Engine, caseId: string, actors: Actor[], pick: Pick): Promise<boolean> {
  for (const actor of actors) {
    const view = await engine.getCase(caseId, actor);
    if (view.status === 'done') return false;
    const actions = view.actions;
    for (let tried = 0, start = pick(Math.max(actions.length, 1)); tried < actions.length; tried++) {
      const action = actions[(start + tried) % actions.length];
      try {
        await engine.applyEvent(caseId, { type: action.type, input: sampleObject(action.input, engine.clock.now(), pick) }, actor);
        return true;
      } catch (error) {
        if (!(error instanceof CaseflowError)) throw error;
      }
    }
  }
  return false;
}

/** Opens `CASES_PER_PROCESS` cases of every published process; case `i` is moved up to `2i` steps. */
export async function createDemoCases(engine: Engine, logger: Logger): Promise<number> {
  let opened = 0;
  for (const record of await engine.listProcesses()) {
    const summary = summarize(record);
    const actors: Actor[] = summary.roles.map((role) => ({ id: role, roles: [role] }));
    const starter = actors.find((actor) => summary.starters.includes(actor.id)) ?? actors[0];
    if (!starter) continue;
    for (let index = 0; index < CASES_PER_PROCESS; index++) {
      const pick = chooser(opened + index);
      const data = caseData(record.processId, index, engine.clock.now()) ?? sampleObject(definitionOf(record).data, engine.clock.now(), pick);
      try {
        const view = await engine.createCase({ process: record.processId, data, actor: starter });
        opened += 1;
        // Timers due at once (a routing step of zero length) fire before people act.
        await engine.fireDueTimers();
        for (let step = 0; step < index * 2; step++) {
          if (!(await oneStep(engine, view.id, actors, pick))) break;
          await engine.fireDueTimers();
        }
      } catch (error) {
        logger.warn('demo case not opened', { process: record.processId, error: error instanceof Error ? error.message : String(error) });
      }
    }
  }
  return opened;
}
