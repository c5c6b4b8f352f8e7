/** Query strings of the UI's own links and of download links, from the set values only. */

/** Builds `?a=1&b=x` from the set values only (empty, false and undefined left out). */
export function query(params: Record<string, string | number | boolean | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '' && value !== false) search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
