import { describe, expect, it } from 'vitest';
import type { Effect } from '../../engine/compile/types.js';
import { as, compile, HOUR, MONDAY, process, TimerBench } from './helpers.js';

const callback = process({
  id: 'appointment-confirmation',
  initial: 'followUp',
  roles: ['agent', 'advisor'],
  data: { type: 'object', properties: { customer: { type: 'string' }, plate: { type: 'string' }, complaint: { type: 'string' } } },
  templates: {
    welcome: { subject: 'Hello {{data.customer}}', body: 'Dear {{data.customer}}, case {{case.id}} is {{state}}.' },
    raw: 'Raw: {{{data.customer}}}',
    fromFile: { file: 'templates/follow-up.hbs' },
  },
  states: {
    followUp: {
      label: '回访 Follow-up',
      entry: [{ notify: 'welcome', to: ['customer'], channel: 'sms' }],
      on: {
        complain: {
          roles: ['agent'],
          input: { type: 'object', required: ['text'], properties: { text: { type: 'string' } } },
          set: { complaint: 'input.text' },
          actions: [
            { start: 'complaint-handling', data: { description: 'input.text', channel: '"callback"', parent: 'case.id', plate: 'data.plate' } },
            { notify: 'raw', to: ['advisor'] },
            { notify: 'fromFile', to: { expr: '["advisor", "agent"]' } },
          ],
          to: 'closed',
        },
      },
    },
    closed: { final: true },
  },
});

describe('notify and start actions', () => {
  const compiled = compile(callback, { 'templates/follow-up.hbs': 'Follow-up of {{data.plate}}: {{data.complaint}}' });
  const open = () => compiled.start({ data: { customer: '<b>Li & Co</b>', plate: '沪A12345' }, actor: as('agent'), now: MONDAY, caseId: 'ap-1' });

  it('renders a notification HTML-escaped, with subject, channel and the state label', () => {
    expect(open().effects.filter((e) => e.kind === 'notify')).toEqual([
      {
        kind: 'notify',
        template: 'welcome',
        to: ['customer'],
        channel: 'sms',
        subject: 'Hello &lt;b&gt;Li &amp; Co&lt;/b&gt;',
        body: 'Dear &lt;b&gt;Li &amp; Co&lt;/b&gt;, case ap-1 is 回访 Follow-up.',
      },
    ]);
  });

  it('opens a linked case with data computed from the event and the case', () => {
    const result = compiled.step(open().snapshot, { type: 'complain', actor: as('agent'), input: { text: 'Rude <staff>' } }, MONDAY, 'ap-1');
    expect(result.effects.filter((e) => e.kind === 'start-case')).toEqual([
      { kind: 'start-case', process: 'complaint-handling', data: { description: 'Rude <staff>', channel: 'callback', parent: 'ap-1', plate: '沪A12345' } },
    ]);
  });

  it('renders triple braces unescaped, templates from files, and recipients from an expression, after the event’s set', () => {
    const result = compiled.step(open().snapshot, { type: 'complain', actor: as('agent'), input: { text: 'Rude <staff>' } }, MONDAY, 'ap-1');
    const notices = result.effects.filter((e) => e.kind === 'notify');
    expect(notices.map((n) => n.kind === 'notify' && [n.to, n.body])).toEqual([
      [['advisor'], 'Raw: <b>Li & Co</b>'],
      [['advisor', 'agent'], 'Follow-up of 沪A12345: Rude &lt;staff&gt;'],
    ]);
  });

  it('refuses a template file that was not provided', () => {
    expect(() => compile(callback)).toThrow(expect.objectContaining({ code: 'invalid-definition' }));
  });
});

const conditional = process({
  initial: 'open',
  roles: ['agent', 'lead', 'manager'],
  data: {
    type: 'object',
    properties: { severity: { enum: ['normal', 'major'] }, supervised: { type: 'boolean' }, amount: { type: 'number' }, flagged: { type: 'boolean' }, owner: { type: 'string' } },
  },
  templates: { registered: 'New case {{case.id}}', supervise: 'Supervise {{case.id}}', large: 'Large: {{data.amount}}', late: 'Late {{case.id}}' },
  states: {
    open: {
      entry: [
        { set: { supervised: 'data.severity == "major"' } },
        { notify: 'registered', to: ['lead'] },
        { notify: 'supervise', to: ['manager'], if: 'data.supervised' },
      ],
      deadline: {
        within: '1h',
        breach: {
          actions: [
            { set: { flagged: 'true' }, if: 'data.severity == "major"' },
            { notify: 'late', to: { expr: '[data.owner]' }, if: 'data.owner != ""' },
            { notify: 'late', to: ['lead'] },
          ],
        },
      },
      on: {
        record: {
          roles: ['agent'],
          input: { type: 'object', required: ['amount'], properties: { amount: { type: 'number' } } },
          set: { amount: 'input.amount' },
          actions: [
            { notify: 'large', to: ['lead'], if: 'input.amount > 100.0' },
            { start: 'audit', data: { amount: 'input.amount' }, if: 'data.amount > 1000.0' },
            { set: { flagged: 'true' }, if: 'data.amount > 500.0' },
          ],
        },
      },
    },
  },
});

describe('actions with a condition', () => {
  const compiled = compile(conditional);
  const open = (data: Record<string, unknown>) => compiled.start({ data, actor: as('agent'), now: MONDAY, caseId: 'c-1' });
  const notices = (effects: Effect[]) => effects.flatMap((e) => (e.kind === 'notify' ? [`${e.template}->${e.to.join(',')}`] : []));

  it('sends the entry notice only when its condition holds on the data the entry set before it', () => {
    expect(notices(open({ severity: 'major' }).effects)).toEqual(['registered->lead', 'supervise->manager']);
    expect(notices(open({ severity: 'normal' }).effects)).toEqual(['registered->lead']);
  });

  it('judges an event’s actions on its input and on the data the event set', () => {
    const step = (amount: number) => compiled.step(open({ severity: 'normal' }).snapshot, { type: 'record', actor: as('agent'), input: { amount } }, MONDAY, 'c-1');
    const small = step(50);
    expect(notices(small.effects)).toEqual([]);
    expect(small.snapshot.data.flagged).toBeUndefined();
    const large = step(800);
    expect(notices(large.effects)).toEqual(['large->lead']);
    expect(large.effects.some((e) => e.kind === 'start-case')).toBe(false);
    expect(large.snapshot.data.flagged).toBe(true);
    const huge = step(5000);
    expect(huge.effects.filter((e) => e.kind === 'start-case')).toEqual([{ kind: 'start-case', process: 'audit', data: { amount: 5000 } }]);
  });

  it('skips a deadline mark’s action whose condition fails or cannot be evaluated, and runs the rest', () => {
    const bench = new TimerBench(compiled, open({ severity: 'normal' }));
    bench.runUntil(MONDAY + HOUR);
    expect(notices(bench.log.slice(-1))).toEqual(['late->lead']);
    expect(bench.snapshot.data.flagged).toBeUndefined();

    const major = new TimerBench(compiled, open({ severity: 'major', owner: 'agent-wang' }));
    major.runUntil(MONDAY + HOUR);
    expect(notices(major.log).slice(-2)).toEqual(['late->agent-wang', 'late->lead']);
    expect(major.snapshot.data.flagged).toBe(true);
  });
});

describe('recipients computed from data', () => {
  const compiled = compile(
    process({
      initial: 'open',
      data: { type: 'object', properties: { owner: { type: 'string' }, watchers: { type: 'array', items: { type: 'string' } } } },
      templates: { hello: 'Hello {{case.id}}' },
      states: {
        open: {
          entry: [{ notify: 'hello', to: { expr: 'has(data.watchers) ? data.watchers + [data.owner] : [data.owner]' } }],
          deadline: { within: '1h', breach: { actions: [{ notify: 'hello', to: { expr: 'data.watchers' } }, { notify: 'hello', to: ['lead'] }] } },
        },
      },
    }),
  );
  const open = (data: Record<string, unknown>) => compiled.start({ data, actor: as('agent'), now: MONDAY, caseId: 'c-1' });
  const recipients = (effects: Effect[]) => effects.flatMap((e) => (e.kind === 'notify' ? [e.to] : []));

  it('sends to user ids taken from the data', () => {
    expect(recipients(open({ owner: 'agent-wang', watchers: ['lead-li'] }).effects)).toEqual([['lead-li', 'agent-wang']]);
  });

  it('sends nothing when the recipients come to nobody, and drops empty ids', () => {
    expect(recipients(open({ owner: '' }).effects)).toEqual([]);
    expect(recipients(open({ owner: 'agent-wang', watchers: ['', 'lead-li'] }).effects)).toEqual([['lead-li', 'agent-wang']]);
    const bench = new TimerBench(compiled, open({ owner: 'agent-wang', watchers: [] }));
    bench.runUntil(MONDAY + HOUR);
    expect(recipients(bench.log)).toEqual([['agent-wang'], ['lead']]);
  });
});
