import { withNames } from '../../engine/compile/directory-names.js';
import { describe, expect, it } from 'vitest';
import { CaseflowError } from '../../engine/errors.js';
import { MAX_SIMULATED_TIMERS, simulate, type SimulationRequest, type SimulationStep } from '../../engine/runtime/simulate.js';
import { previewTemplate } from '../../engine/compile/template-preview.js';
import { parseProcess } from '../../engine/dsl/index.js';
import { beijing, HOUR, shippedSource } from '../processes/harness.js';

const MONDAY_9AM = beijing('2025-03-03 09:00');
const complaint = shippedSource('complaint-handling');
const data = {
  customer: { name: '张伟 <Zhang Wei>', phone: '13800138000' },
  channel: 'phone',
  category: 'billing',
  severity: 'normal',
  unit: 'east-district',
  description: '本月流量费用异常',
};

function trial(steps: SimulationStep[], overrides: Partial<SimulationRequest> = {}) {
  return simulate({ ...complaint, data, roles: ['agent'], steps, start: MONDAY_9AM, ...overrides });
}

function thrown(run: () => unknown): CaseflowError {
  try {
    run();
  } catch (error) {
    if (error instanceof CaseflowError) return error;
    throw error;
  }
  throw new Error('nothing was thrown');
}

describe('simulating a draft process', () => {
  it('opens a trial complaint in received, with the agent\'s actions, the pending deadlines and the registration notice', () => {
    const { start, steps } = trial([]);
    expect(steps).toEqual([]);
    expect(start).toMatchObject({ state: 'received', value: 'received', status: 'active', now: MONDAY_9AM });
    expect(start?.data).toMatchObject({ level: 'county' });
    expect(start?.actions.map((a) => a.type)).toEqual(expect.arrayContaining(['reply', 'withdraw']));
    expect(start?.actions.map((a) => a.type)).not.toContain('declare-major');
    expect(start?.timers.find((t) => t.key === 'deadline:received:breach')).toMatchObject({ dueAt: MONDAY_9AM + 24 * HOUR, count: 1 });
    expect(start?.deadlines.map((d) => d.id)).toEqual(['close', 'received']);
    expect(start?.notifications.map((n) => [n.template, n.to])).toEqual([['complaint-registered', ['team-lead']]]);
  });

  it('fires the first-reply warning and then its breach, each at its due time, when the clock moves 25 hours', () => {
    const [moved] = trial([{ advance: '25h' }]).steps;
    expect(moved.now).toBe(MONDAY_9AM + 25 * HOUR);
    expect(moved.fired.map((t) => [t.key, t.firedAt - MONDAY_9AM])).toEqual([
      ['deadline:received:warn', 20 * HOUR],
      ['deadline:received:breach', 24 * HOUR],
    ]);
    expect(moved.notifications.map((n) => n.template)).toEqual(['first-reply-due-soon', 'first-reply-overdue']);
    const breach = moved.notifications[1];
    expect(breach.to).toEqual(['agent', 'team-lead']);
    expect(breach.at).toBe(MONDAY_9AM + 24 * HOUR);
    expect(breach.body).toContain('【首次回复超时】投诉单 TRIAL-1');
    expect(breach.body).toContain('张伟 &lt;Zhang Wei&gt;');
    expect(moved.data.firstReplyBreached).toBe(true);
    expect(moved.linkedCases).toEqual([expect.objectContaining({ process: 'escalation-warning', data: expect.objectContaining({ level: 'blue', complaint: 'TRIAL-1' }) })]);
    expect(moved.deadlines.find((d) => d.id === 'received')).toMatchObject({ overdue: true });
    expect(moved.timers.map((t) => t.key)).not.toContain('deadline:received:breach');
  });

  it('stops the first-reply clock when the agent replies, so nothing fires for it later', () => {
    const [replied, moved] = trial([{ type: 'reply', input: { message: '您好，已受理' }, roles: ['agent'] }, { advance: '25h' }]).steps;
    expect(replied.state).toBe('investigating');
    expect(replied.error).toBeUndefined();
    expect(replied.data.firstReply).toBe('您好，已受理');
    expect(moved.fired.map((t) => t.key)).toEqual([]);
    expect(moved.notifications).toEqual([]);
  });

  it('reports a refused event with its code and changes nothing', () => {
    const { start, steps } = trial([
      { type: 'propose', input: { type: 'explain', amount: 0 }, roles: ['agent'] },
      { type: 'declare-major', input: { reason: 'x' }, roles: ['agent'] },
      { type: 'reply', input: {}, roles: ['agent'] },
    ]);
    expect(steps.map((s) => s.error?.code)).toEqual(['event-not-allowed', 'role-not-allowed', 'invalid-input']);
    expect(steps[2].error?.details).toEqual([expect.objectContaining({ field: expect.stringContaining('message') })]);
    for (const step of steps) {
      expect(step.state).toBe('received');
      expect(step.data).toEqual(start?.data);
      expect(step.timers).toEqual(start?.timers);
      expect(step.notifications).toEqual([]);
    }
  });

  it('lists the actions of the roles acted as, sending steps as them, while the opener stays the owner', () => {
    const { start, steps } = trial([{ type: 'declare-major', input: { reason: '媒体关注' } }], { actionsFor: ['team-lead'] });
    expect(start?.actions.map((a) => a.type)).toContain('declare-major');
    expect(steps[0].data).toMatchObject({ severity: 'major', level: 'city', supervised: true });
    expect(steps[0].notifications.map((n) => n.template)).toEqual(['major-complaint', 'rapid-response-needed']);
    expect(steps[0].actions.map((a) => a.type)).not.toContain('declare-major');
  });

  it('reports an opening refused for its data, with the field errors, and runs no steps', () => {
    const result = trial([{ advance: '1h' }], { data: { ...data, category: undefined } });
    expect(result.start).toBeUndefined();
    expect(result.steps).toEqual([]);
    expect(result.error).toMatchObject({ code: 'invalid-input', details: [expect.objectContaining({ field: expect.stringContaining('category') })] });
  });

  it('refuses a YAML with errors with its diagnostics, and malformed clock moves with their fields', () => {
    const broken = thrown(() => trial([], { yaml: complaint.yaml.replace('initial: received', 'initial: recieved') }));
    expect(broken.code).toBe('invalid-definition');
    expect(broken.details).toEqual(expect.arrayContaining([expect.objectContaining({ severity: 'error', line: expect.any(Number) })]));
    const badMove = thrown(() => trial([{ advance: '3 business days' }, { advance: 'soon' }]));
    expect(badMove.code).toBe('invalid-input');
    expect(badMove.details).toEqual([expect.objectContaining({ field: 'steps[0].advance' }), expect.objectContaining({ field: 'steps[1].advance' })]);
  });

  it('stops a long-repeating timer at its budget and says so', () => {
    const yaml = `
id: nagging
name: Nagging
roles: [agent]
data: { type: object, properties: {} }
initial: open
states:
  open:
    timers:
      - { id: nag, in: 1m, every: 1m, max: 100000, actions: [{ notify: nag, to: [agent] }] }
    on:
      close: { roles: [agent], to: closed }
  closed: { final: true }
templates:
  nag: "Still open."
`;
    const [moved] = simulate({ yaml, data: {}, roles: ['agent'], steps: [{ advance: '365d' }], start: MONDAY_9AM }).steps;
    expect(moved.error?.message).toContain(`More than ${MAX_SIMULATED_TIMERS} timers`);
    expect(moved.fired).toHaveLength(MAX_SIMULATED_TIMERS);
    expect(moved.now).toBe(MONDAY_9AM + MAX_SIMULATED_TIMERS * 60_000);
  });
});

describe('previewing a template', () => {
  const { definition } = parseProcess(complaint.yaml, complaint.files);
  if (!definition) throw new Error('complaint-handling does not parse');
  const request = { data, assignee: 'wang.fang', caseId: 'C-42', now: MONDAY_9AM, actor: { id: 'olivia', roles: ['process-owner'] } };

  it('renders a template file with the case\'s data and tiers, escaped as the step renders it', () => {
    const message = previewTemplate(definition, complaint.files, { ...request, data: { ...data, level: 'county' }, template: 'complaint-registered', state: 'investigating' });
    expect(message.body).toContain('【新投诉】投诉单 C-42（流量费用，县/区级）');
    // Before the process has set its level, the message names the category alone.
    expect(previewTemplate(definition, complaint.files, { ...request, template: 'complaint-registered', state: 'received' }).body).toContain('投诉单 C-42（流量费用）');
    expect(message.body).toContain('客户：张伟 &lt;Zhang Wei&gt;（13800138000）');
    // The holder is marked for the directory to name; without one, the id stands in.
    expect(withNames(message.body)).toContain('处理人：wang.fang');
    expect(withNames(message.body, { unit: () => undefined, person: (id) => (id === 'wang.fang' ? '王芳' : undefined) })).toContain('处理人：王芳');
  });

  it('refuses a template the process does not have, naming the ones it has', () => {
    const error = thrown(() => previewTemplate(definition, complaint.files, { ...request, template: 'nope' }));
    expect(error.code).toBe('invalid-input');
    expect(error.message).toContain('complaint-registered');
  });
});
