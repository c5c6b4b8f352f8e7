/**
 * Positions for a process after its blocks, named conditions and named values are read away:
 * a path of the expanded definition is traced back to the text it came from (inside a block, a
 * condition or a value), and a diagnostic there also names the place that used it.
 */
import type { RelatedPlace } from './diagnostic.js';
import { formatPath, type DocPath, type LocateOptions, type PathLocator, type Position, type SourceLocator } from './source-map.js';
import type { Diagnostic } from './diagnostic.js';

/** A text replaced inside a string: `[at, at + length)` of the new string was `[sourceAt, sourceAt + sourceLength)`. */
export interface Replacement {
  at: number;
  length: number;
  sourceAt: number;
  sourceLength: number;
}

/** Where an expanded subtree came from, and the uses that brought it. */
interface Origin {
  source: DocPath;
  uses: Array<{ path: DocPath; message: string }>;
}

const keyOf = (path: DocPath): string => JSON.stringify(path);

/** A locator over the expanded definition that answers with positions of the written text. */
export class ExpandedLocator implements PathLocator {
  private readonly origins = new Map<string, Origin>();
  private readonly replacements = new Map<string, Replacement[][]>();

  constructor(private readonly text: SourceLocator) {}

  /**
   * Records that the subtree at `expanded` was copied from the written path `source`; `use`
   * names the place (a path of the expanded definition) that brought it there.
   */
  copied(expanded: DocPath, source: DocPath, use?: { path: DocPath; message: string }): void {
    const uses = use === undefined ? [] : [...this.originOf(use.path).uses, { path: this.sourceOf(use.path), message: use.message }];
    this.origins.set(keyOf(expanded), { source, uses });
  }

  /** Records replacements made in the string at `expanded` (applied after earlier ones). */
  replaced(expanded: DocPath, replacements: Replacement[]): void {
    if (replacements.length === 0) return;
    const key = keyOf(expanded);
    this.replacements.set(key, [...(this.replacements.get(key) ?? []), replacements]);
  }

  /** The written path an expanded path comes from. */
  sourceOf(path: DocPath): DocPath {
    const { origin, rest } = this.nearest(path);
    return origin === undefined ? path : [...origin.source, ...rest];
  }

  locate(path: DocPath, options: LocateOptions = {}): Position {
    const located: LocateOptions = { ...options };
    if (options.offset !== undefined) located.offset = this.sourceOffset(path, options.offset);
    return this.text.locate(this.sourceOf(path), located);
  }

  diagnostic(path: DocPath, severity: Diagnostic['severity'], message: string, options: LocateOptions = {}): Diagnostic {
    const source = this.sourceOf(path);
    const position = this.locate(path, options);
    const related: RelatedPlace[] = this.nearest(path).origin?.uses.map((use) => ({ ...this.text.locate(use.path, { key: true }), path: formatPath(use.path), message: use.message })) ?? [];
    const where = related.map((place) => ` (${place.message} at line ${place.line}, column ${place.column})`).join('');
    const diagnostic: Diagnostic = { ...position, path: formatPath(source), message: `${message}${where}`, severity };
    if (related.length > 0) diagnostic.related = related;
    return diagnostic;
  }

  private originOf(path: DocPath): Origin {
    return this.nearest(path).origin ?? { source: path, uses: [] };
  }

  private nearest(path: DocPath): { origin?: Origin; rest: DocPath } {
    for (let length = path.length; length >= 0; length--) {
      const origin = this.origins.get(keyOf(path.slice(0, length)));
      if (origin !== undefined) return { origin, rest: path.slice(length) };
    }
    return { rest: path };
  }

  /** Maps an offset in an expanded string back through its replacements, latest first. */
  private sourceOffset(path: DocPath, offset: number): number {
    const layers = this.replacements.get(keyOf(path)) ?? [];
    let at = offset;
    for (let i = layers.length - 1; i >= 0; i--) at = throughLayer(layers[i], at);
    return at;
  }
}

function throughLayer(replacements: Replacement[], offset: number): number {
  let shift = 0;
  for (const r of replacements) {
    if (offset < r.at) break;
    if (offset < r.at + r.length) return r.sourceAt;
    shift = r.at + r.length - (r.sourceAt + r.sourceLength);
  }
  return offset - shift;
}
