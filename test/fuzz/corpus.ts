/**
 * Broken and hostile inputs: YAML a process owner (or an attacker) might upload, and strings
 * that have hurt other servers (injections, traversal, control characters, huge or deep values).
 */

const billionLaughs = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ...'bcdefghi'.split('').map((name, i) => `${name}: &${name} [${Array.from({ length: 9 }, () => `*${'abcdefghi'[i]}`).join(',')}]`),
  'id: laughs',
].join('\n');

/** A mapping of `count` unknown keys. */
export const manyKeys = (count: number) => Array.from({ length: count }, (_, i) => `k${i}: ${i}`).join('\n');

const skeleton = (states: string, extra = '') => `id: fuzz-process
name: Fuzz
roles: [agent]
data:
  type: object
  properties:
    x: { type: string }
    n: { type: integer }
${extra}initial: open
states:
${states}`;

/** Named YAML texts, each broken or hostile in its own way. */
export const BROKEN_YAML: Array<[string, string]> = [
  ['empty', ''],
  ['only a document marker', '---'],
  ['null', 'null'],
  ['a list', '[1, 2, 3]'],
  ['a scalar', '"just text"'],
  ['unclosed flow mapping', '{ id: x, states: {'],
  ['unclosed quote', 'id: "fuzz\nname: x'],
  ['tabs for indentation', 'id: x\nstates:\n\topen: {}'],
  ['bad indentation', 'id: x\n  name: y\n name: z'],
  ['billion laughs', billionLaughs],
  ['deep flow nesting', `${'['.repeat(20_000)}${']'.repeat(20_000)}`],
  ['deep block nesting', Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n')],
  ['huge scalar', `id: x\nname: ${'y'.repeat(300_000)}`],
  ['many keys', manyKeys(5000)],
  ['NUL and lone surrogate', 'id: "a\u0000b"\nname: "\ud800"'],
  ['duplicate keys', 'id: a\nid: b\nname: x'],
  ['prototype keys', '__proto__: { polluted: true }\nconstructor: { prototype: { polluted: true } }\nid: proto'],
  ['unknown state target', skeleton('  open:\n    on:\n      go: { roles: [agent], to: nowhere }\n')],
  ['initial state missing', skeleton('  other: { final: true }\n')],
  ['undeclared role', skeleton('  open:\n    on:\n      go: { roles: [hacker], to: open }\n')],
  ['code in an expression', skeleton('  open:\n    on:\n      go: { roles: [agent], if: "data.x; process.exit(1)", to: open }\n')],
  ['SQL in an expression', skeleton(`  open:\n    on:\n      go: { roles: [agent], set: { x: "'; DROP TABLE cases; --" }, to: open }\n`)],
  ['deeply nested expression', skeleton(`  open:\n    on:\n      go: { roles: [agent], if: "${'('.repeat(5000)}true${')'.repeat(5000)}", to: open }\n`)],
  ['very long expression', skeleton(`  open:\n    on:\n      go: { roles: [agent], if: "${Array.from({ length: 5000 }, () => 'data.n > 1').join(' && ')}", to: open }\n`)],
  ['catastrophic regex in an expression', skeleton('  open:\n    on:\n      go: { roles: [agent], if: \'data.x.matches("(a+)+$")\', to: open }\n')],
  ['catastrophic regex in a schema', skeleton('  open:\n    on:\n      go: { roles: [agent], input: { type: object, properties: { y: { type: string, pattern: "(a+)+$" } } }, to: open }\n')],
  ['remote schema reference', skeleton('  open:\n    on:\n      go: { roles: [agent], input: { $ref: "http://169.254.169.254/latest/meta-data" }, to: open }\n')],
  ['recursive schema reference', skeleton('  open:\n    on:\n      go: { roles: [agent], input: { $ref: "#" }, to: open }\n')],
  ['absurd durations', skeleton('  open:\n    timers:\n      - { id: t, in: 99999999999999999999d, send: go }\n      - { id: u, in: -1h, send: go }\n    on:\n      go: { roles: [], to: open }\n')],
  ['NaN and infinite durations', skeleton('  open:\n    deadline: { within: 1e308h, warn: { at: NaN } }\n')],
  ['bad calendar', skeleton('  open: { final: true }\n', 'calendar: mars\ncalendars:\n  mars: { timezone: Mars/Olympus, workHours: { start: "25:00", end: "09:99" }, holidays: ["2025-13-45"] }\n')],
  ['template prototype access', skeleton('  open:\n    entry:\n      - notify: t\n        to: [agent]\n    on: {}\n', 'templates:\n  t: "{{#with \\"constructor\\"}}{{lookup this \\"constructor\\"}}{{/with}}{{constructor.constructor}}"\n')],
  ['unclosed template', skeleton('  open:\n    entry:\n      - notify: t\n        to: [agent]\n', 'templates:\n  t: "{{#if data.x}} never closed {{"\n')],
  ['template file outside the folder', skeleton('  open: { final: true }\n', 'templates:\n  t: { file: ../../../../etc/passwd }\n')],
  ['thousands of states', skeleton(Array.from({ length: 3000 }, (_, i) => `  s${i}: { on: { go: { roles: [agent], to: s${(i + 1) % 3000} } } }`).join('\n').replace('  s0:', '  open: { on: { go: { roles: [agent], to: s1 } } }\n  s0:'))],
];

/** Strings that break naive code: injections, traversal, control and odd Unicode characters. */
export const HOSTILE_STRINGS: string[] = [
  '', ' ', "'; DROP TABLE cases; --", "1' OR '1'='1", '../../../../etc/passwd', '..%2F..%2Fetc%2Fpasswd', '%00', '\u0000',
  '<script>alert(1)</script>', '{{constructor.constructor("return process")()}}', '${process.exit()}', '__proto__', 'constructor',
  'prototype', '$timer', '$start', '💥🔥', '\ud800', '\u202e gnp.exe', 'a'.repeat(10_000), 'null', 'NaN', '-1', '1e309',
];
