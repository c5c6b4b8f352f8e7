/** "Did you mean" help for misspelt names. */

/** Edit distance between two names (insertions, deletions, substitutions). */
export function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0];
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j];
      previous[j] = Math.min(previous[j] + 1, previous[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length];
}

/** Names among `candidates` close to `name`, closest first (at most `limit`). */
export function closeNames(name: string, candidates: Iterable<string>, limit = 3): string[] {
  const threshold = Math.max(2, Math.floor(name.length / 3));
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
