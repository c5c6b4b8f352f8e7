import { describe, expect, it } from 'vitest';
import { expectProblems, yaml } from './helpers.js';

/** A process whose entry notifies with template `hello`; its templates follow from line 19. */
const withTemplates = (templates: string): string =>
  yaml`
    id: demo
    name: Demo
    roles: [agent]
    settings: { limit: 200 }
    data:
      properties:
        unit: { type: string }
        items: { type: array, items: { type: object, properties: { name: { type: string } } } }
    tiers:
      level: { field: unit, rows: { blue: { responder: team-lead } } }
    initial: open
    states:
      open:
        deadline: { within: 24h }
        entry: [{ notify: hello, to: [customer] }]
        on: { close: { roles: [agent], to: done } }
      done: { final: true }
    templates:
  ` + templates.replace(/^/gm, '  ').replace(/ +$/, '');

describe('templates', () => {
  it('reports a notify naming a template that is not declared', () => {
    expectProblems(withTemplates('helo: "Hi"\n'), [
      { line: 15, column: 23, severity: 'error', message: "template 'hello' is not declared in templates (did you mean 'helo'?)" },
      { line: 19, column: 3, severity: 'warning', message: "template 'helo' is never used by a notify action" },
    ]);
  });

  it('reports unknown fields at their place in the template', () => {
    expectProblems(withTemplates('hello: "Hi {{data.unti}} {{tiers.level.respnder}} {{case.idd}} {{settings.limt}} {{foo}}"\n'), [
      { line: 19, column: 16, severity: 'error', message: "template uses 'data.unti', but 'unti' is not a declared data field (did you mean 'unit'?)" },
      { line: 19, column: 30, severity: 'error', message: "tier 'level' has no column 'respnder' (did you mean 'responder'?)" },
      { line: 19, column: 55, severity: 'error', message: "template uses 'case.idd'; case has id, process, version and assignee" },
      { line: 19, column: 68, severity: 'error', message: "template uses 'settings.limt', which is not declared in settings (did you mean 'limit'?)" },
      { line: 19, column: 86, severity: 'error', message: "template uses unknown field 'foo'" },
    ]);
  });

  it('knows every field a notification has, and paths inside each blocks are relative', () => {
    expectProblems(
      withTemplates(
        'hello:\n  subject: "{{case.id}} {{state}} {{elapsed}} {{now}} {{deadline.label}} {{input.comment}}"\n  body: "{{#each data.items}}{{name}}{{/each}} {{#if data.unit}}{{settings.limit}}{{/if}} {{tiers.level.next}}"\n',
      ),
      [],
    );
  });

  it('reports a template that does not compile, in a block body at its line', () => {
    expectProblems(withTemplates('hello:\n  body: |\n    Line one {{data.unit}}\n    Line two {{#if data.unit}}x{{/each}}\n'), [
      { line: 22, column: 19, severity: 'error', message: "template does not compile: if doesn't match each" },
    ]);
  });

  it('reports a parse error at its column', () => {
    expectProblems(withTemplates('hello: "Hi {{data.unit}"\n'), [
      { line: 19, column: 25, severity: 'error', message: 'template does not compile: parse error' },
    ]);
  });

  it('reports a template file that is missing, or outside the process folder', () => {
    expectProblems(withTemplates('hello: { file: templates/hello.hbs }\nother: { file: ../../etc/passwd }\n'), [
      { line: 19, column: 18, severity: 'error', message: "template file 'templates/hello.hbs' not found beside the process file" },
      { line: 20, column: 3, severity: 'warning', message: "template 'other' is never used" },
      { line: 20, column: 18, severity: 'error', message: "template file '../../etc/passwd' must be a relative path inside the process file's folder" },
    ]);
  });

  it('checks a template file given in files, with positions inside the file', () => {
    const [diagnostic] = expectProblems(
      withTemplates('hello: { subject: "Case {{case.id}}", file: templates/hello.hbs }\n'),
      [{ line: 3, column: 9, severity: 'error', message: "template uses 'data.nope', but 'nope' is not a declared data field" }],
      { 'templates/hello.hbs': 'Dear customer,\n\nUnit: {{data.nope}}.\n' },
    );
    expect(diagnostic.file).toBe('templates/hello.hbs');
    expectProblems(withTemplates('hello: { file: templates/hello.hbs }\n'), [], { 'templates/hello.hbs': 'Dear {{data.unit}}' });
  });
});

describe('enum labels in templates', () => {
  it('lets a template name the label of a labelled field, and refuses one without labels', () => {
    expectProblems(withTemplates('hello: "{{labels.unit}} {{labels.unti}}"\n'), [
      { line: 19, column: 13, severity: 'error', message: "template uses 'labels.unit', but data.unit declares no labels beside an enum" },
      { line: 19, column: 29, severity: 'error', message: "template uses 'labels.unti', but 'unti' is not a declared data field (did you mean 'unit'?)" },
    ]);
  });
});
