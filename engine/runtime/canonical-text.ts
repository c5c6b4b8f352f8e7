/**
 * Canonical JSON read from stored text without parsing: whether a stored JSON text is already what
 * `canonicalJson` would write for its value, or what it becomes with its object members put in key
 * order. Lets the chain walk hash stored rows as read (see `ChainWalk`).
 */

const QUOTE = 34;
const BACKSLASH = 92;

/** End of the string starting at `i` (its closing quote + 1), or -1 unless `JSON.stringify` writes it so. */
function stringEnd(t: string, i: number, allowEscapes: boolean): number {
  for (let j = i + 1; j < t.length; j++) {
    const c = t.charCodeAt(j);
    if (c === QUOTE) return j + 1;
    if (c < 0x20) return -1;
    if (c === BACKSLASH) {
      if (!allowEscapes) return -1;
      const e = t.charCodeAt(++j);
      // JSON.stringify escapes only these; \u is left to the slow path.
      if (e !== QUOTE && e !== BACKSLASH && e !== 98 && e !== 102 && e !== 110 && e !== 114 && e !== 116) return -1;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      const low = t.charCodeAt(j + 1);
      if (c > 0xdbff || !(low >= 0xdc00 && low <= 0xdfff)) return -1;
      j++;
    }
  }
  return -1;
}

const isDigit = (c: number) => c >= 48 && c <= 57;

/**
 * End of the number at `i`, or -1 unless it is surely as `JSON.stringify` writes its value: no
 * exponent, no trailing fraction zeros, not -0, at least 1e-6 in size and at most 15 significant
 * digits (a decimal of 15 digits or fewer is the shortest text of its double).
 */
function numberEnd(t: string, i: number): number {
  let j = i;
  if (t.charCodeAt(j) === 45) j++;
  const intStart = j;
  if (t.charCodeAt(j) === 48) j++;
  else if (isDigit(t.charCodeAt(j))) while (isDigit(t.charCodeAt(j))) j++;
  else return -1;
  const intDigits = j - intStart;
  const zeroInt = intDigits === 1 && t.charCodeAt(intStart) === 48;
  let significant = zeroInt ? 0 : intDigits;
  if (t.charCodeAt(j) === 46) {
    const fracStart = ++j;
    while (isDigit(t.charCodeAt(j))) j++;
    if (j === fracStart || t.charCodeAt(j - 1) === 48) return -1;
    let lead = 0;
    if (zeroInt) while (t.charCodeAt(fracStart + lead) === 48) lead++;
    if (lead > 5) return -1;
    significant += j - fracStart - lead;
  } else if (zeroInt && intStart > i) {
    return -1;
  }
  const next = t.charCodeAt(j);
  if (next === 101 || next === 69 || significant > 15) return -1;
  return j;
}

/** Whether the key at [a, b) sorts strictly after the key at [c, d), by UTF-16 code units like `sort()`. */
function keyAfter(t: string, a: number, b: number, c: number, d: number): boolean {
  const n = Math.min(b - a, d - c);
  for (let k = 0; k < n; k++) {
    const x = t.charCodeAt(a + k);
    const y = t.charCodeAt(c + k);
    if (x !== y) return x > y;
  }
  return b - a > d - c;
}

/** End of the canonical JSON value at `i`, or -1 if it is not (surely) canonical. */
function valueEnd(t: string, i: number): number {
  const c = t.charCodeAt(i);
  if (c === QUOTE) return stringEnd(t, i, true);
  if (c === 123) {
    let j = i + 1;
    if (t.charCodeAt(j) === 125) return j + 1;
    let prevStart = -1;
    let prevEnd = -1;
    for (;;) {
      if (t.charCodeAt(j) !== QUOTE) return -1;
      const keyEnd = stringEnd(t, j, false);
      if (keyEnd < 0) return -1;
      if (prevStart >= 0 && !keyAfter(t, j + 1, keyEnd - 1, prevStart, prevEnd)) return -1;
      prevStart = j + 1;
      prevEnd = keyEnd - 1;
      if (t.charCodeAt(keyEnd) !== 58) return -1;
      j = valueEnd(t, keyEnd + 1);
      if (j < 0) return -1;
      const sep = t.charCodeAt(j);
      if (sep === 125) return j + 1;
      if (sep !== 44) return -1;
      j++;
    }
  }
  if (c === 91) {
    let j = i + 1;
    if (t.charCodeAt(j) === 93) return j + 1;
    for (;;) {
      j = valueEnd(t, j);
      if (j < 0) return -1;
      const sep = t.charCodeAt(j);
      if (sep === 93) return j + 1;
      if (sep !== 44) return -1;
      j++;
    }
  }
  if (c === 116) return t.startsWith('true', i) ? i + 4 : -1;
  if (c === 102) return t.startsWith('false', i) ? i + 5 : -1;
  if (c === 110) return t.startsWith('null', i) ? i + 4 : -1;
  return numberEnd(t, i);
}

/**
 * Whether `canonicalJson(JSON.parse(text)) === text` surely holds. May say no to some canonical
 * texts (`\u` escapes, exponents, keys with escapes); those take the slow path, never a wrong one.
 */
export function isCanonicalJson(text: string): boolean {
  return valueEnd(text, 0) === text.length;
}

/** Where `reordered` reads next. */
let cursor = 0;

/**
 * The canonical text of the value at `cursor` in `t`, made by putting object members in key order
 * (their values kept as written), or undefined where that may differ from `canonicalJson` of the
 * parsed value (a value not surely canonical, escaped or repeated keys).
 */
function reordered(t: string): string | undefined {
  const c = t.charCodeAt(cursor);
  if (c === 123) {
    cursor++;
    if (t.charCodeAt(cursor) === 125) {
      cursor++;
      return '{}';
    }
    const members: Array<{ keyStart: number; keyEnd: number; text: string }> = [];
    let sorted = true;
    for (;;) {
      if (t.charCodeAt(cursor) !== QUOTE) return undefined;
      const keyEnd = stringEnd(t, cursor, false);
      if (keyEnd < 0 || t.charCodeAt(keyEnd) !== 58) return undefined;
      const keyStart = cursor;
      cursor = keyEnd + 1;
      const value = reordered(t);
      if (value === undefined) return undefined;
      const last = members[members.length - 1];
      if (last && !keyAfter(t, keyStart + 1, keyEnd - 1, last.keyStart + 1, last.keyEnd - 1)) sorted = false;
      members.push({ keyStart, keyEnd, text: t.slice(keyStart, keyEnd + 1) + value });
      const sep = t.charCodeAt(cursor++);
      if (sep === 125) break;
      if (sep !== 44) return undefined;
    }
    if (!sorted) {
      members.sort((a, b) => (keyAfter(t, a.keyStart + 1, a.keyEnd - 1, b.keyStart + 1, b.keyEnd - 1) ? 1 : -1));
      for (let i = 1; i < members.length; i++) {
        const a = members[i - 1];
        const b = members[i];
        if (!keyAfter(t, b.keyStart + 1, b.keyEnd - 1, a.keyStart + 1, a.keyEnd - 1)) return undefined;
      }
    }
    let out = '{' + members[0].text;
    for (let i = 1; i < members.length; i++) out += ',' + members[i].text;
    return out + '}';
  }
  if (c === 91) {
    cursor++;
    if (t.charCodeAt(cursor) === 93) {
      cursor++;
      return '[]';
    }
    let out = '[';
    for (;;) {
      const item = reordered(t);
      if (item === undefined) return undefined;
      out += item;
      const sep = t.charCodeAt(cursor++);
      if (sep === 93) return out + ']';
      if (sep !== 44) return undefined;
      out += ',';
    }
  }
  const end = valueEnd(t, cursor);
  if (end < 0) return undefined;
  const text = t.slice(cursor, end);
  cursor = end;
  return text;
}

/**
 * `canonicalJson(JSON.parse(text))` without parsing when that can be done surely: the text itself
 * if canonical, else with its object members put in key order; undefined otherwise.
 */
export function canonicalStoredJson(text: string): string | undefined {
  if (isCanonicalJson(text)) return text;
  cursor = 0;
  const out = reordered(text);
  return out !== undefined && cursor === text.length ? out : undefined;
}
