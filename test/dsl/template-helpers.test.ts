import { describe, expect, it } from 'vitest';
import { expectProblems, yaml } from './helpers.js';

/** A process whose entry notifies with template `hello` (line 19); `head` goes on line 3. */
const withTemplate = (template: string, head = 'description: helpers'): string =>
  yaml`
    id: demo
    name: Demo
    ${head}
    roles: [agent]
    settings: { limit: 200 }
    data:
      properties:
        slot: { type: string, format: date-time }
        budget: { type: number }
        items: { type: array, items: { type: object, properties: { time: { type: string } } } }
    initial: open
    states:
      open:
        deadline: { within: 24h }
        entry: [{ notify: hello, to: [customer] }]
        on: { close: { roles: [agent], to: done } }
      done: { final: true }
    templates:
  ` + `  hello: ${template}\n`;

describe('template helpers', () => {
  it('accepts the formatting helpers and the built-in ones, as values and in subexpressions', () => {
    expectProblems(
      withTemplate(
        '"{{time data.slot}} {{time data.slot format=\\"date\\"}} {{date now}} {{duration elapsed}} {{money data.budget}} {{money settings.limit}} {{#if (time data.slot)}}{{lookup settings \\"limit\\"}}{{/if}} {{#each data.items}}{{this.time}}{{/each}}"',
      ),
      [],
    );
  });

  it('reports a misspelt helper at its line and column, with the helper it resembles', () => {
    expectProblems(withTemplate('"您预约的 {{tiem data.slot}} 到店保养"'), [
      { line: 19, column: 18, severity: 'error', message: "template calls unknown helper 'tiem' (did you mean 'time'?); helpers are if, unless, each, with, lookup, time, date, duration, money" },
    ]);
  });

  it('reports an unknown helper in a subexpression and an unknown block helper, and refuses log', () => {
    expectProblems(withTemplate('"{{money (mony data.budget)}} {{#iff data.slot}}x{{/iff}} {{log data.slot}}"'), [
      { line: 19, column: 20, severity: 'error', message: "template calls unknown helper 'mony' (did you mean 'money'?)" },
      { line: 19, column: 43, severity: 'error', message: "template calls unknown helper 'iff' (did you mean 'if'?)" },
      { line: 19, column: 70, severity: 'error', message: "template calls unknown helper 'log'" },
    ]);
  });

  it('checks the fields a helper is given, as it checks plain fields', () => {
    expectProblems(withTemplate('"{{time data.slto}} {{money settings.limt}}"'), [
      { line: 19, column: 18, severity: 'error', message: "template uses 'data.slto', but 'slto' is not a declared data field (did you mean 'slot'?)" },
      { line: 19, column: 38, severity: 'error', message: "template uses 'settings.limt', which is not declared in settings (did you mean 'limit'?)" },
    ]);
  });

  it('reports a misspelt option, an unknown format and an option a helper does not have', () => {
    expectProblems(withTemplate("\"{{time data.slot fromat='date'}} {{time data.slot format='dat'}} {{date data.slot format='date'}}\""), [
      { line: 19, column: 13, severity: 'error', message: "'time' has no option 'fromat' (did you mean 'format'?); its options are format" },
      { line: 19, column: 46, severity: 'error', message: 'format of \'time\' must be "datetime", "date" or "time" (did you mean \'date\' or \'datetime\'?)' },
      { line: 19, column: 78, severity: 'error', message: "'date' has no option 'format'" },
    ]);
  });

  it('reports a helper called with the wrong number of values, or as a block when it is not one', () => {
    expectProblems(withTemplate('"{{time data.slot data.budget}} {{#money data.budget}}x{{/money}} {{if data.slot}}"'), [
      { line: 19, column: 13, severity: 'error', message: "'time' takes one value, not 2: write {{time data.slot}}" },
      { line: 19, column: 45, severity: 'error', message: "'money' is not a block helper: write {{money data.budget}}" },
      { line: 19, column: 78, severity: 'error', message: "'if' is a block helper: write {{#if data.unit}}…{{/if}}" },
    ]);
  });

  it('reports a helper named without a value, inside each pointing to the item field', () => {
    expectProblems(withTemplate('"{{time}} {{#each data.items}}{{time}}{{/each}}"'), [
      { line: 19, column: 13, severity: 'error', message: "'time' is a helper and needs a value: write {{time data.slot}}" },
      { line: 19, column: 42, severity: 'error', message: "'time' is a helper and needs a value: write {{time data.slot}} (an item's own field of that name is {{this.time}})" },
    ]);
  });

  it('checks helpers in the title too', () => {
    expectProblems(withTemplate('"{{date data.slot}}"', 'title: "{{money data.budget}} {{tiem data.slot}}"'), [
      { line: 3, column: 33, severity: 'error', message: "template calls unknown helper 'tiem' (did you mean 'time'?)" },
    ]);
  });

  it('checks helpers in a template file, at their line in the file', () => {
    const [diagnostic] = expectProblems(withTemplate('{ file: templates/hello.hbs }'), [
      { line: 2, column: 8, severity: 'error', message: "template calls unknown helper 'dat' (did you mean 'date'?)" },
    ], { 'templates/hello.hbs': '尊敬的客户：\n预约日期 {{dat data.slot}}。\n' });
    expect(diagnostic.file).toBe('templates/hello.hbs');
  });
});

describe('the process time zone', () => {
  it('accepts an IANA zone and refuses one that does not exist', () => {
    expectProblems(withTemplate('"{{time data.slot}}"', 'timezone: Europe/Berlin'), []);
    expectProblems(withTemplate('"{{time data.slot}}"', 'timezone: Beijing/Time'), [
      { line: 3, column: 11, severity: 'error', message: "'Beijing/Time' is not an IANA time zone (such as Asia/Shanghai)" },
    ]);
  });

  it("warns when a calendar's zone overrules it", () => {
    const source = withTemplate('"{{time data.slot}}"', 'timezone: Europe/Berlin')
      .replace('roles: [agent]', 'calendars: { cn: { timezone: Asia/Shanghai, workHours: { start: "09:00", end: "18:00" } } }\nroles: [agent]');
    expectProblems(source, [
      { line: 3, column: 11, severity: 'warning', message: "templates show times in Asia/Shanghai, the zone of calendar 'cn', not in Europe/Berlin" },
    ]);
  });
});
