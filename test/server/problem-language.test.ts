/**
 * Field problems in the reader's language: the same refused request answers in Chinese when
 * `Accept-Language` prefers Chinese and in English otherwise, with the same code and fields.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseflowError } from '../../engine/errors.js';
import { toProblem } from '../../server/problem.js';
import { problemInLanguage, requestLanguage } from '../../server/problem-words.js';
import { complaint, createHarness, type Harness, type Session } from './harness.js';

let h: Harness;
let agent: Session;

beforeAll(async () => {
  h = await createHarness({ users: { wang: ['agent'], qian: ['finance'], zhou: ['center-manager'] } });
  agent = await h.login('wang');
});

afterAll(() => h.close());

const badComplaint = () => {
  const { description: _description, ...rest } = complaint();
  return { ...rest, customer: { name: '张伟', phone: 'abc' } };
};

async function refuse(path: string, json: unknown, language: string | undefined, method = 'POST') {
  const response = await h.call(method, path, { as: agent, ...(json === undefined ? {} : { json }), headers: language === undefined ? {} : { 'Accept-Language': language } });
  expect(response.status).toBe(422);
  return response.json();
}

describe('422 problems in the reader’s language', () => {
  it('words case data problems in Chinese for a Chinese reader, from the field’s own message and plain words', async () => {
    const problem = await refuse('/api/cases', { process: 'complaint-handling', data: badComplaint() }, 'zh-CN,zh;q=0.9,en;q=0.8');
    expect(problem).toMatchObject({ code: 'invalid-input', status: 422, title: '提交的内容有误' });
    expect(problem.errors).toEqual([
      { field: 'description', message: '此项必填' },
      { field: 'customer.phone', message: '手机号码格式不正确' },
    ]);
    expect(problem.detail).toBe('提交的内容有误：投诉内容：此项必填；联系电话：手机号码格式不正确。');
  });

  it('keeps English for an English reader, and when no language is asked for, with a field’s own message from the YAML', async () => {
    for (const language of ['en-GB,en;q=0.9', undefined]) {
      const problem = await refuse('/api/cases', { process: 'complaint-handling', data: badComplaint() }, language);
      expect(problem.title).toBe('The input is not valid');
      expect(problem.errors.map((error: { field: string }) => error.field)).toEqual(['description', 'customer.phone']);
      expect(problem.errors).toEqual([{ field: 'description', message: 'is required' }, { field: 'customer.phone', message: 'Not a valid phone number' }]);
    }
  });

  it('words an event’s input problems and the request checks in Chinese', async () => {
    const created = await h.call('POST', '/api/cases', { as: agent, json: { process: 'complaint-handling', data: complaint() } });
    const { id } = await created.json();
    const missing = await refuse(`/api/cases/${id}/events`, { type: 'reply', input: {} }, 'zh');
    expect(missing.errors).toEqual([{ field: 'message', message: '此项必填' }]);
    const limit = await refuse('/api/cases?limit=0', undefined, 'zh-CN', 'GET');
    expect(limit.errors).toEqual([{ field: 'limit', message: '不能小于 1' }]);
  });

  it('says in Chinese that a field the process sets is not entered', async () => {
    const problem = await refuse('/api/cases', { process: 'complaint-handling', data: { ...complaint(), senior: true } }, 'zh-CN');
    expect(problem.errors).toEqual([{ field: 'senior', message: '由流程自动填写，不能录入' }]);
  });

  it('says why a case refuses in Chinese: a role, the condition, the holder (the roles needed stay in their member)', async () => {
    const finance = await h.login('qian');
    const refused = await h.call('POST', '/api/cases', { as: finance, json: { process: 'complaint-handling', data: complaint() }, headers: { 'Accept-Language': 'zh-CN' } });
    expect(refused.status).toBe(403);
    const problem = await refused.json();
    expect(problem).toMatchObject({ code: 'role-not-allowed', title: '您的角色无权进行此操作' });
    expect(problem.detail).toBe('您的角色无权进行此操作。');
    expect(problem.roles).toContain('agent');
    const zh = (error: CaseflowError, language: 'zh' | 'en' = 'zh') => problemInLanguage(toProblem(error), error, language).problem;
    const guard = zh(new CaseflowError('guard-refused', 'x', { details: { state: 'review', condition: '小额 A small budget' } }));
    expect(guard).toMatchObject({ title: '此操作的条件现在不满足', detail: '此操作的条件现在不满足：小额', condition: '小额 A small budget', state: 'review' });
    const held = zh(new CaseflowError('held-by-another', 'x', { details: { assignee: 'li.na', assigneeName: '李娜' } }));
    expect(held.detail).toBe('此工单由 李娜 处理，只有处理人、其代理人或分派人可以操作。');
    expect(zh(new CaseflowError('held-by-another', 'held by li.na', { details: { assignee: 'li.na', assigneeName: '李娜' } }), 'en').detail).toBe('held by li.na');
    expect(zh(new CaseflowError('internal', 'SQLITE_CORRUPT', { details: [{ field: 'x', message: 'secret' }] })).errors).toBeUndefined();
  });

  it('words the people routes’ own field problems in Chinese, and keeps them in English for an English reader', async () => {
    const wrong = await refuse('/api/session/password', { current: 'not my password at all', next: 'another long password 42' }, 'zh-CN');
    expect(wrong.errors).toEqual([{ field: 'current', message: '不是您当前的密码' }]);
    const weak = await refuse('/api/session/password', { current: 'correct horse battery staple', next: 'wang' }, 'zh-CN');
    expect(weak.errors).toEqual([{ field: 'next', message: expect.stringMatching(/^至少 \d+ 个字符$/) }]);
    const english = await refuse('/api/session/password', { current: 'correct horse battery staple', next: 'correct horse battery staple' }, 'en');
    expect(english.errors).toEqual([{ field: 'next', message: 'must differ from the current password' }]);
    const shared = await refuse('/api/filters', { name: '我的投诉', query: { process: 'complaint-handling' }, sharedRole: 'team-lead' }, 'zh-CN');
    expect(shared.errors).toEqual([{ field: 'sharedRole', message: '须为您拥有的角色' }]);
  });

  it('words the report routes’ own field problems in Chinese, and keeps them in English for an English reader', async () => {
    const manager = await h.login('zhou');
    const ask = async (language: string) => {
      const response = await h.call('GET', '/api/reports/warnings?from=2025-03-31&to=2025-03-01', { as: manager, headers: { 'Accept-Language': language } });
      expect(response.status).toBe(422);
      return (await response.json()).errors;
    };
    expect(await ask('zh-CN')).toEqual([{ field: 'to', message: '应晚于开始时间' }]);
    expect(await ask('en')).toEqual([{ field: 'to', message: 'must be after from' }]);
  });

  it('reads the preferred language from Accept-Language by its weights', () => {
    expect(requestLanguage('zh-CN')).toBe('zh');
    expect(requestLanguage('en;q=0.9, zh-TW;q=0.8')).toBe('en');
    expect(requestLanguage('fr, zh;q=0.5, en;q=0.4')).toBe('zh');
    expect(requestLanguage('fr')).toBe('en');
    expect(requestLanguage(undefined)).toBe('en');
    expect(requestLanguage('zh;q=0')).toBe('en');
  });
});
