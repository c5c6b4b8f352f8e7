import { describe, expect, it } from 'vitest';
import { as, compile, MONDAY, process } from './helpers.js';

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
