import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type Session } from './harness.js';

/** The templates a shipped process keeps in its folder by convention, by name. */
function templateNames(processId: string): string[] {
  return readdirSync(`processes/templates/${processId}`).map((file) => file.replace(/\.hbs$/, '')).sort();
}

describe('templates read from their files by convention', () => {
  let h: Harness;
  let owner: Session;
  beforeAll(async () => {
    h = await createHarness({ users: { owner: ['process-owner'] } });
    owner = await h.login('owner');
  });
  afterAll(() => h.close());

  it('travel with the published version and are named in the definition the editor reads', async () => {
    const one = await (await h.call('GET', '/api/processes/appointment-confirmation', { as: owner })).json();
    expect(one.yaml).not.toMatch(/^templates:/m);
    expect(Object.keys(one.files).sort()).toEqual(templateNames('appointment-confirmation').map((name) => `templates/appointment-confirmation/${name}.hbs`).sort());
    expect(Object.keys(one.definition.templates).sort()).toEqual(templateNames('appointment-confirmation'));
    expect(one.definition.templates.rescheduled).toEqual({ file: 'templates/appointment-confirmation/rescheduled.hbs' });
  });

  it('validate a draft with the version files, and a draft without them names each missing file', async () => {
    const yaml = readFileSync('processes/quality-inspection.yaml', 'utf8');
    const one = await (await h.call('GET', '/api/processes/quality-inspection', { as: owner })).json();
    const valid = await (await h.call('POST', '/api/processes/validate', { as: owner, json: { yaml, files: one.files } })).json();
    expect(valid).toMatchObject({ valid: true, diagnostics: [] });
    expect(Object.keys(valid.definition.templates)).toContain('inspection-feedback');
    const bare = await (await h.call('POST', '/api/processes/validate', { as: owner, json: { yaml } })).json();
    expect(bare.valid).toBe(false);
    expect(bare.diagnostics.map((d: { message: string }) => d.message)).toContain(
      "template 'inspection-feedback' is not declared in templates and there is no file templates/quality-inspection/inspection-feedback.hbs",
    );
  });
});
