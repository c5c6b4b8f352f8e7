/** "Did you mean" help for misspelt names. */

/** Edit distance between two names: insertions, deletions, substitutions and swaps of neighbours. */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, rows[i - 2][j - 2] + 1);
      rows[i][j] = best;
    }
  }
  return rows[a.length][b.length];
}

/** Names among `candidates` close to `name`, closest first (at most `limit`). */
function closeNames(name: string, candidates: Iterable<string>, limit = 3): string[] {
  const threshold = name.length <= 4 ? 1 : name.length <= 8 ? 2 : 3;
  const lower = name.toLowerCase();
  return [...new Set(candidates)]
    .map((candidate) => {
      const other = candidate.toLowerCase();
      const contains = Math.min(lower.length, other.length) >= 3 && (other.includes(lower) || lower.includes(other));
      const distance = contains ? 1 : editDistance(lower, other);
      return { candidate, distance };
    })
    .filter(({ distance }) => distance <= threshold)
    .sort((x, y) => x.distance - y.distance || x.candidate.localeCompare(y.candidate))
    .slice(0, limit)
    .map(({ candidate }) => candidate);
}

/** The single closest name, if any is close enough. */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  return closeNames(name, candidates, 1)[0];
}

/** ` (did you mean 'a' or 'b'?)`, or '' when nothing is close. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const names = closeNames(name, candidates);
  if (names.length === 0) return '';
  return ` (did you mean ${names.map((n) => `'${n}'`).join(' or ')}?)`;
}
