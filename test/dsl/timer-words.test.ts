import { describe, expect, it } from 'vitest';
import { timerWords } from '../../engine/dsl/timer-words.js';

const definition = {
  deadlines: { close: { label: '闭环 Close' } },
  states: {
    received: { label: '已受理 Received', deadline: { label: '首次回复 First reply' } },
    follow: { label: '跟进 Follow-up', states: { waiting: { label: '等待 Waiting' } } },
  },
};

describe('timer words', () => {
  it('names deadline marks by the deadline label and state timers by the state label, in each language', () => {
    const zh = timerWords(definition, 'zh');
    const en = timerWords(definition, 'en');
    expect(['deadline:received:warn', 'deadline:close:escalate.1', 'deadline:close:breach', 'timer:waiting:nudge'].map(zh))
      .toEqual(['首次回复即将到期提醒', '闭环第 2 次升级', '闭环已超时', '等待定时']);
    expect(['deadline:received:warn', 'deadline:close:escalate.0', 'deadline:close:breach', 'timer:waiting:nudge'].map(en))
      .toEqual(['First reply: due soon', 'Close: escalation 1', 'Close: overdue', 'timer of Waiting']);
  });

  it('falls back to the id when the definition has no label for it', () => {
    expect(timerWords(undefined, 'en')('deadline:reply:breach')).toBe('reply: overdue');
    expect(timerWords(definition, 'zh')('timer:gone:nudge')).toBe('gone定时');
  });
});
