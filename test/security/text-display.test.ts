/**
 * Text from case data on its way out: NUL is refused at the door (422); bidirectional
 * controls are kept as entered but shown as visible marks in titles, CSV exports and the UI;
 * a CSV cell that a spreadsheet would take for a formula, even after blanks, is defused.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { showBidiControls } from '../../engine/display-text.js';
import { toCsv } from '../../engine/reports/csv.js';
import { complaint, createHarness, type Harness } from '../server/harness.js';

const RLO = '\u202E';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('text from case data', () => {
  it('refuses a NUL character anywhere in a JSON body with a 422 naming the field, and creates nothing', async () => {
    h = await createHarness();
    const agent = await h.login('agent');
    const data = { ...complaint(), description: 'before\u0000after' };
    const refused = await h.call('POST', '/api/cases', { as: agent, json: { process: 'complaint-handling', data } });
    expect(refused.status).toBe(422);
    const problem = await refused.json();
    expect(problem.errors).toEqual(expect.arrayContaining([{ field: 'data.description', message: 'must not contain a NUL character' }]));
    const listed = await h.call('GET', '/api/cases', { as: agent });
    expect((await listed.json()).items).toEqual([]);
  });

  it('keeps a right-to-left override as entered but shows it as a mark in the title and the CSV export', async () => {
    h = await createHarness();
    const agent = await h.login('agent');
    const name = `Zhang ${RLO}gnp.exe`;
    const unit = ` =HYPERLINK("http://evil.example")${RLO}`;
    const created = await h.call('POST', '/api/cases', { as: agent, json: { process: 'complaint-handling', data: { ...complaint(name), unit } } });
    expect(created.status).toBe(201);
    const body = await created.json();
    expect(body.snapshot.data.customer.name).toBe(name);
    expect(body.title).toContain('Zhang [U+202E]gnp.exe');
    expect(body.title).not.toContain(RLO);

    const csv = await h.call('GET', '/api/reports/complaint-rate?from=2025-03-01&to=2025-03-31&format=csv', { as: await h.login('team-lead') });
    expect(csv.status).toBe(200);
    const text = await csv.text();
    expect(text).not.toContain(RLO);
    expect(text).toContain(`"' =HYPERLINK(""http://evil.example"")[U+202E]"`);
  });

  it('defuses formulas after leading blanks, tabs and line breaks in CSV cells', () => {
    const cells = [' =1+1', '\t=1+1', '\r=1+1', '  +1', '\u3000@SUM(A1)', '-2', 'a=b', '3 - 1'];
    const csv = toCsv({ columns: ['v'], rows: cells.map((v) => ({ v })) });
    expect(csv.slice(1).split('\r\n').slice(1, -1)).toEqual([
      "' =1+1",
      "'\t=1+1",
      `"'\r=1+1"`,
      "'  +1",
      "'\u3000@SUM(A1)",
      "'-2",
      'a=b',
      '3 - 1',
    ]);
  });

  it('marks every bidirectional control and leaves other text alone', () => {
    expect(showBidiControls('a\u202Ab\u202Bc\u202Cd\u202De\u202Ef\u2066g\u2067h\u2068i\u2069j\u200Ek\u200Fl\u061Cm')).toBe(
      'a[U+202A]b[U+202B]c[U+202C]d[U+202D]e[U+202E]f[U+2066]g[U+2067]h[U+2068]i[U+2069]j[U+200E]k[U+200F]l[U+061C]m',
    );
    expect(showBidiControls('张伟 Zhang Wei, مرحبا')).toBe('张伟 Zhang Wei, مرحبا');
  });
});
