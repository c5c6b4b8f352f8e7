/**
 * The admin UI's pure pieces, without a browser: the diagram model and layout, bilingual
 * labels, the generated forms' values, the version diff and the CSV export.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { activeStates, buildDiagram } from '../../admin-ui/src/diagram/model.js';
import { layoutDiagram, wrapText } from '../../admin-ui/src/diagram/layout.js';
import { pickLabel } from '../../admin-ui/src/i18n/index.js';
import { fieldPath, formValue, humanize, unplacedProblems } from '../../admin-ui/src/components/schema-form.js';
import { diffRows } from '../../admin-ui/src/components/version-diff.js';
import { csvField, historyCsv } from '../../admin-ui/src/lib/export.js';
import { caseWords, unitFieldOf } from '../../admin-ui/src/lib/case-words.js';
import { formatTime } from '../../admin-ui/src/lib/clock.js';
import { serverWords } from '../../admin-ui/src/lib/server-words.js';
import { messageName, recipientNames } from '../../admin-ui/src/lib/message-words.js';
import { serverLabels } from '../../server/labels.js';
import { checkForm } from '../../admin-ui/src/lib/form-check.js';
import { zh } from '../../admin-ui/src/i18n/zh.js';
import type { Translate } from '../../admin-ui/src/i18n/index.js';

const appointment = parse(`
initial: booked
deadlines:
  close: { label: 三天闭环 Close, within: 3d, activeIn: [booked], pausedIn: [waiting], warn: { at: 2d } }
states:
  booked:
    parallel: true
    states:
      prep: { initial: preparing, states: { preparing: { on: { done: { roles: [a], to: prepared } } }, prepared: { final: true } } }
      parts: { initial: ordered, states: { ordered: { timers: [{ id: t, in: 4h, every: 4h, max: 3, send: late }], on: { late: { roles: [], to: arrived } } }, arrived: { final: true } } }
    onDone: confirmed
  waiting: { on: { back: { roles: [a], to: [{ if: 'data.x', to: booked }, { to: confirmed }] } } }
  confirmed: { label: 已确认 Confirmed, final: true, deadline: { within: 30m, escalate: [{ at: 20m }] } }
`);

describe('the diagram model', () => {
  it('nests regions of a parallel state and links them to their parent', () => {
    const model = buildDiagram(appointment);
    const kinds = Object.fromEntries(model.states.map((s) => [s.id, [s.kind, s.parent]]));
    expect(kinds.booked).toEqual(['parallel', undefined]);
    expect(kinds.prep).toEqual(['compound', 'booked']);
    expect(kinds.preparing).toEqual(['atomic', 'prep']);
    expect(kinds.prepared).toEqual(['final', 'prep']);
  });

  it('draws guarded branches, onDone and timer-sent events as their own kinds of edge', () => {
    const edges = buildDiagram(appointment).edges.map((e) => `${e.from}>${e.to}:${e.kind}${e.guarded ? ':guarded' : ''}`);
    expect(edges).toEqual(expect.arrayContaining(['booked>confirmed:done', 'ordered>arrived:timer', 'waiting>booked:event:guarded', 'waiting>confirmed:event']));
  });

  it('puts deadline, warning, escalation, timer and pause badges on the states they concern', () => {
    const byId = new Map(buildDiagram(appointment).states.map((s) => [s.id, s.badges]));
    expect(byId.get('confirmed')).toEqual([{ kind: 'deadline', text: '30m', label: undefined }, { kind: 'escalate', text: '20m' }]);
    expect(byId.get('ordered')).toEqual([{ kind: 'timer', text: '4h ↻4h×3' }]);
    expect(byId.get('booked')).toEqual([{ kind: 'deadline', text: '3d', label: '三天闭环 Close' }]);
    expect(byId.get('waiting')).toEqual([{ kind: 'pause', text: '', label: '三天闭环 Close' }]);
  });

  it('survives half-written documents', () => {
    expect(buildDiagram(parse('states: { a: , b: { on: { x: 3 } } }')).states.map((s) => s.id)).toEqual(['a', 'b']);
    expect(buildDiagram('not a process').states).toEqual([]);
  });

  it('names every state active in a nested state value', () => {
    expect([...activeStates({ booked: { prep: 'preparing', parts: 'arrived' } })].sort()).toEqual(['arrived', 'booked', 'parts', 'prep', 'preparing']);
  });

  it('lays clusters out around their children', () => {
    const layout = layoutDiagram(buildDiagram(appointment), (s) => s.label);
    const booked = layout.clusters.find((c) => c.state.id === 'booked');
    const preparing = layout.states.find((s) => s.state.id === 'preparing');
    expect(booked && preparing).toBeTruthy();
    if (!booked || !preparing) return;
    expect(Math.abs(preparing.x - booked.x)).toBeLessThan(booked.width / 2);
    expect(Math.abs(preparing.y - booked.y)).toBeLessThan(booked.height / 2);
    expect(layout.edges.every((e) => e.points.length >= 2)).toBe(true);
  });

  it('wraps long Chinese labels anywhere and English ones at spaces', () => {
    expect(wrapText('投诉超过三天未关闭需要升级到市级处理并通报考核', 80).length).toBeGreaterThan(1);
    expect(wrapText('Resolved, callback due', 100)).toEqual(['Resolved,', 'callback due']);
  });
});

describe('bilingual labels', () => {
  it('shows the Chinese or the English half of a bilingual label', () => {
    expect(pickLabel('已受理 Received', 'zh')).toBe('已受理');
    expect(pickLabel('县/区级 County', 'en')).toBe('County');
    expect(pickLabel('Only English', 'zh')).toBe('Only English');
  });
});

describe('generated forms', () => {
  const schema = {
    required: ['amount'],
    properties: {
      amount: { type: 'number' },
      count: { type: 'integer' },
      urgent: { type: 'boolean' },
      kind: { enum: ['a', 'b'] },
      at: { type: 'string', format: 'date-time' },
      customer: { type: 'object', properties: { name: { type: 'string' } } },
    },
  };

  it('turns typed text into the JSON the schema describes, leaving empty fields out', () => {
    expect(formValue(schema, { amount: '12.5', count: '', urgent: false, kind: 'b', 'customer.name': '张伟' }))
      .toEqual({ amount: 12.5, kind: 'b', customer: { name: '张伟' } });
    expect(formValue(schema, { amount: '1', at: '2025-03-03T09:30' }).at).toBe(new Date('2025-03-03T09:30').toISOString());
  });

  it('places the server’s field errors by path, whatever notation it uses', () => {
    expect(fieldPath('/customer/name')).toBe('customer.name');
    expect(fieldPath('data.customer.name')).toBe('customer.name');
    expect(unplacedProblems(schema, [{ field: 'customer.name', message: 'x' }, { field: 'other', message: 'y' }])).toEqual([{ field: 'other', message: 'y' }]);
  });

  it('makes labels of keys without a title', () => {
    expect(humanize('firstRepliedAt')).toBe('First replied at');
    expect(humanize('reopen-count')).toBe('Reopen count');
  });
});

describe('version diff', () => {
  it('numbers both sides and folds long unchanged runs', () => {
    const before = Array.from({ length: 20 }, (_, i) => `line ${i}`).join('\n');
    const after = before.replace('line 10', 'line ten');
    const rows = diffRows(before, after);
    expect(rows.filter((r) => r.kind === 'removed')).toEqual([{ kind: 'removed', oldLine: 11, text: 'line 10' }]);
    expect(rows.filter((r) => r.kind === 'added')).toEqual([{ kind: 'added', newLine: 11, text: 'line ten' }]);
    expect(rows.filter((r) => r.kind === 'fold').map((r) => r.text)).toEqual(['7', '6']);
  });
});

describe('history export', () => {
  it('quotes CSV fields and defuses spreadsheet formulas', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
  });

  it('writes one row per event after a header in the reader’s language, with labels (roles too), the actor by name and local times instead of ids and raw JSON', () => {
    const document = parse(`
      initial: received
      deadlines: { close: { label: 闭环 Close, within: 3d } }
      states:
        received:
          label: 已受理 Received
          deadline: { label: 首次回复 First reply, within: 24h }
          on:
            propose:
              label: 提出处理方案 Propose
              to: closed
              input:
                properties:
                  type: { title: 方式 Kind, enum: [compensate], labels: { compensate: { zh: 补偿, en: Compensate } } }
                  note: { title: 说明 Note }
        closed: { label: 已归档 Closed, final: true }
    `);
    const process = { id: 'p', version: 1, name: 'p', document, model: buildDiagram(document), dataSchema: {}, stateLabels: new Map([['received', '已受理 Received'], ['closed', '已归档 Closed']]) };
    const t: Translate = (key, params) => zh[key].replace(/\{(\w+)\}/g, (whole, name: string) => String(params?.[name] ?? whole));
    const words = caseWords(process, 'zh', t);
    const at = Date.UTC(2025, 2, 3);
    const base = { caseId: 'c', actor: 'wang', actorRoles: ['agent', 'team-lead'], at, prevHash: 'p', hash: 'h', input: null };
    const csv = historyCsv([
      { ...base, seq: 1, type: 'propose', from: 'received', to: 'closed', input: { type: 'compensate', note: '多收, 退还' } },
      { ...base, seq: 2, type: '$timer', actor: 'system', actorRoles: [], from: 'received', to: 'received', timer: { key: 'deadline:received:warn', count: 1 } },
      { ...base, seq: 3, type: '$timer', actor: 'system', actorRoles: [], from: 'received', to: 'received', timer: { key: 'deadline:close:breach', count: 1 } },
    ], words, 'zh', { person: (id) => (id === 'wang' ? '王伟' : id), roles: serverWords(serverLabels(), 'zh').roles }, t);
    const local = formatTime(at, 'zh');
    expect(csv.split('\r\n')).toEqual([
      '序号,事件,操作人,角色,时间,原状态,新状态,录入内容,定时器,事件代码,前一哈希,哈希',
      `1,提出处理方案,王伟,客服专员、班组长,${local},已受理,已归档,"方式: 补偿; 说明: 多收, 退还",,propose,p,h`,
      `2,定时触发,system,,${local},已受理,已受理,,首次回复即将到期提醒 #1,$timer,p,h`,
      `3,定时触发,system,,${local},已受理,已受理,,闭环已超时 #1,$timer,p,h`,
      '',
    ]);
  });
});

describe('case words', () => {
  const t: Translate = (key) => zh[key];
  const data = {
    type: 'object',
    properties: {
      unit: { type: 'string', title: '业务单元 Unit' },
      customer: { type: 'object', properties: { name: { type: 'string', title: '客户姓名 Name' } } },
      closeWithin: { type: 'string', format: 'span', title: '闭环时限 Close within' },
    },
  };
  const process = { id: 'p', version: 1, name: 'p', document: { unit: 'data.unit' }, model: buildDiagram({}), dataSchema: data, stateLabels: new Map<string, string>() };

  it('reads the registered unit by its label, spans in words and an object value by its field titles', () => {
    const words = caseWords(process, 'zh', t, (id) => (id === 'east-district' ? '城东分公司' : id));
    expect(unitFieldOf(process.document)).toBe('unit');
    expect(words.input('$start', { unit: 'east-district', customer: { name: '张伟' } })).toEqual([['业务单元', '城东分公司'], ['customer › 客户姓名', '张伟']]);
    expect(words.value(data.properties.closeWithin, '4320m')).toBe('3天');
    expect(words.value(data, { customer: { name: '张伟' } })).toBe('customer: 客户姓名: 张伟');
  });
});

describe('form checks before sending', () => {
  const schema = {
    type: 'object',
    required: ['customer', 'category'],
    properties: {
      customer: {
        type: 'object',
        required: ['name', 'phone'],
        properties: {
          name: { type: 'string', minLength: 1, title: '客户姓名 Name' },
          phone: { type: 'string', pattern: '^[0-9+ -]{5,20}$', title: '联系电话 Phone', errorMessage: { zh: '手机号码格式不正确', en: 'Not a valid phone number' } },
        },
      },
      category: { enum: ['billing'], title: '投诉分类 Category' },
      amount: { type: 'number', minimum: 0, title: '补偿金额 Amount' },
      email: { type: 'string', format: 'email', title: '邮箱 Email' },
    },
  };

  it('says what is wrong in Chinese, at each field, in plain words or the message the YAML declares', () => {
    expect(checkForm(schema, { customer: { phone: 'abc' }, amount: -1, email: 'x' }, 'zh')).toEqual([
      { field: 'category', message: '此项必填' },
      { field: 'customer.name', message: '此项必填' },
      { field: 'customer.phone', message: '手机号码格式不正确' },
      { field: 'amount', message: '不能小于 0' },
      { field: 'email', message: '邮箱格式不正确' },
    ]);
  });

  it('says it in English in the English UI, and nothing when the value fits', () => {
    expect(checkForm(schema, { customer: { name: '张伟', phone: 'abc' }, category: 'billing' }, 'en')).toEqual([{ field: 'customer.phone', message: 'Not a valid phone number' }]);
    expect(checkForm(schema, { customer: { name: '张伟', phone: '13800000000' }, category: 'billing' }, 'zh')).toEqual([]);
  });
});

describe('message words', () => {
  it('names a message by its subject or its 【heading】, never by its template id', () => {
    expect(messageName({ template: 'first-reply-overdue', body: '【首次回复超时】投诉单 C-1 已超过 1天 未回复。\n客户：张伟' })).toBe('首次回复超时');
    expect(messageName({ template: 'monthly-report', subject: '客服月报 2025-02', body: '【月报】…' })).toBe('客服月报 2025-02');
    expect(messageName({ template: 'approved', body: '费用申报 F-1 已批准。' })).toBeUndefined();
  });

  it('names recipients: roles by label, people by display name, the customer as such', () => {
    const roles = serverWords(serverLabels(), 'zh');
    const words = { role: roles.role, person: (id: string) => (id === 'li.qiang' ? '李强' : id), customer: '客户', nobody: '无人' };
    expect(recipientNames(['li.qiang', 'team-lead', 'customer', 'someone'], words, '、')).toBe('李强、班组长、客户、someone');
    expect(recipientNames([], words, '、')).toBe('无人');
  });
});
