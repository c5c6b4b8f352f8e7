/**
 * Regular expressions that can take exponential time: a repeated group that itself contains a
 * repetition (`(a+)+$`, `(\w*\s?)*`). JavaScript's backtracking engine needs about 2^n steps to
 * reject `aaaa…a!` against them, so one short input would stall the whole server.
 */

/** True for `*`, `+` and `{n,}` / `{n,m}` with m > 1: quantifiers that can repeat many times. */
function repeatsAt(pattern: string, i: number): { repeats: boolean; length: number } | undefined {
  const c = pattern[i];
  if (c === '*' || c === '+') return { repeats: true, length: 1 };
  if (c === '?') return { repeats: false, length: 1 };
  if (c !== '{') return undefined;
  const match = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i));
  if (!match) return undefined;
  const max = match[2] === undefined ? Number(match[1]) : match[3] === '' ? Infinity : Number(match[3]);
  return { repeats: max > 1, length: match[0].length };
}

/** Length of a group's opening: `(`, `(?:`, `(?=`, `(?!`, `(?<=`, `(?<!` or `(?<name>`. */
function groupOpening(pattern: string, i: number): number {
  if (pattern[i + 1] !== '?') return 1;
  const rest = pattern.slice(i + 2);
  if (/^[:=!]/.test(rest)) return 3;
  if (/^<[=!]/.test(rest)) return 4;
  const named = /^<[A-Za-z_$][\w$]*>/.exec(rest);
  return named ? 2 + named[0].length : 2;
}

/** Whether `pattern` repeats a group that contains a repetition (star height above one). */
export function hasNestedRepetition(pattern: string): boolean {
  /** For each open group: whether something inside it repeats. */
  const groups: boolean[] = [];
  let closedRepeating = false;
  let afterGroup = false;
  for (let i = 0; i < pattern.length; ) {
    const c = pattern[i];
    if (c === '\\') {
      afterGroup = false;
      i += 2;
      continue;
    }
    if (c === '[') {
      // A character class is one atom; skip to its closing bracket.
      let j = i + 1;
      if (pattern[j] === '^') j++;
      if (pattern[j] === ']') j++;
      while (j < pattern.length && pattern[j] !== ']') j += pattern[j] === '\\' ? 2 : 1;
      afterGroup = false;
      i = j + 1;
      continue;
    }
    if (c === '(') {
      groups.push(false);
      afterGroup = false;
      i += groupOpening(pattern, i);
      continue;
    }
    if (c === ')') {
      closedRepeating = groups.pop() ?? false;
      if (closedRepeating && groups.length > 0) groups[groups.length - 1] = true;
      afterGroup = true;
      i++;
      continue;
    }
    const quantifier = repeatsAt(pattern, i);
    if (quantifier) {
      if (quantifier.repeats && afterGroup && closedRepeating) return true;
      if (quantifier.repeats && groups.length > 0) groups[groups.length - 1] = true;
      i += quantifier.length;
      if (pattern[i] === '?') i++; // lazy
      afterGroup = false;
      continue;
    }
    afterGroup = false;
    i++;
  }
  return false;
}
