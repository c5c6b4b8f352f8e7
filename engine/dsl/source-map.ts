/**
 * Maps a path in a parsed process (`['states', 'received', 'on', 'reply', 'to']`) back to a line
 * and column of its YAML text, using the document the `yaml` package kept.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Diagnostic } from './diagnostic.js';

/** A path into the parsed document: map keys and list indices. */
export type DocPath = ReadonlyArray<string | number>;

/** A 1-based position in the YAML text. */
export interface Position {
  line: number;
  column: number;
}

/** Options for locating a node. */
export interface LocateOptions {
  /** Point at the key of the last segment rather than at its value. */
  key?: boolean;
  /** Character offset inside a scalar's value (an expression's offending token). */
  offset?: number;
}

/** Formats a path as shown in diagnostics: `states.received.on.reply.to`, `entry[0].notify`. */
export function formatPath(path: DocPath): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? segment : `.${segment}`;
  }
  return text;
}

/** What the checks need to point into the YAML: a position and a diagnostic for a path. */
export interface PathLocator {
  /** Position of the node at `path` (or of the deepest existing node on the way). */
  locate(path: DocPath, options?: LocateOptions): Position;
  /** A diagnostic at `path`. */
  diagnostic(path: DocPath, severity: Diagnostic['severity'], message: string, options?: LocateOptions): Diagnostic;
}

/** Finds positions of paths in one YAML document. */
export class SourceLocator implements PathLocator {
  private readonly indexes = new WeakMap<YAMLMap, Map<string, Pair>>();

  constructor(
    private readonly document: Document.Parsed,
    private readonly lines: LineCounter,
    private readonly text: string,
  ) {}

  /** Position of the node at `path` (or of the deepest existing node on the way). */
  locate(path: DocPath, options: LocateOptions = {}): Position {
    let node: unknown = this.document.contents;
    let keyNode: unknown;
    for (const segment of path) {
      if (isAlias(node)) node = node.resolve(this.document);
      const next = this.child(node, segment);
      if (next === undefined) break;
      keyNode = next.key;
      // A key without a value (`to:`) has no value node: point at its key.
      node = next.value ?? next.key;
    }
    const target = options.key && keyNode !== undefined ? keyNode : node;
    const start = this.startOf(target);
    if (options.offset !== undefined && isScalar(target) && target === node) {
      return this.insideScalar(target, start, options.offset);
    }
    return this.position(start);
  }

  /** A diagnostic at `path`. */
  diagnostic(path: DocPath, severity: Diagnostic['severity'], message: string, options: LocateOptions = {}): Diagnostic {
    return { ...this.locate(path, options), path: formatPath(path), message, severity };
  }

  /** Position (1-based) of a character offset in the text. */
  position(offset: number): Position {
    const { line, col } = this.lines.linePos(offset);
    return { line, column: col };
  }

  private child(node: unknown, segment: string | number): { key?: unknown; value?: unknown } | undefined {
    if (isMap(node)) {
      const pair = this.pairsOf(node).get(String(segment));
      return pair === undefined ? undefined : { key: pair.key, value: pair.value ?? undefined };
    }
    if (isSeq(node) && typeof segment === 'number') {
      const item: unknown = node.items[segment];
      return item === undefined ? undefined : { value: item };
    }
    return undefined;
  }

  /**
   * The pairs of a mapping by key, the first of each key, indexed once: a file with many keys and
   * as many diagnostics would otherwise scan its mappings once per diagnostic.
   */
  private pairsOf(map: YAMLMap): Map<string, Pair> {
    let pairs = this.indexes.get(map);
    if (pairs === undefined) {
      pairs = new Map();
      for (const pair of map.items) {
        if (!isPair(pair)) continue;
        const key = String(isScalar(pair.key) ? pair.key.value : pair.key);
        if (!pairs.has(key)) pairs.set(key, pair);
      }
      this.indexes.set(map, pairs);
    }
    return pairs;
  }

  private startOf(node: unknown): number {
    if (isNodeWithRange(node)) return node.range[0];
    return 0;
  }

  /**
   * Position of `offset` inside a scalar's value. Exact for single-line plain and quoted scalars
   * without escapes and for literal blocks; otherwise (folded blocks, multi-line flow scalars)
   * found by locating the same token in the source, as folding only changes whitespace.
   */
  private insideScalar(node: Node, start: number, offset: number): Position {
    if (!isScalar(node) || typeof node.value !== 'string' || !node.range) return this.position(start);
    const value = node.value;
    const raw = this.text.slice(node.range[0], node.range[1]);
    const type = node.type;
    if (type === 'PLAIN' || type === 'QUOTE_DOUBLE' || type === 'QUOTE_SINGLE') {
      const quote = type === 'PLAIN' ? 0 : 1;
      if (raw.slice(quote, raw.length - quote) === value) return this.position(start + quote + Math.min(offset, value.length));
    }
    if (type === 'BLOCK_LITERAL') {
      const before = value.slice(0, offset);
      const lineIndex = before.split('\n').length - 1;
      const column = offset - (before.lastIndexOf('\n') + 1);
      const header = this.position(start);
      const indent = blockIndent(this.text, node.range[0]);
      return { line: header.line + 1 + lineIndex, column: indent + column + 1 };
    }
    const found = sameTokenInSource(value, offset, raw);
    return this.position(found === undefined ? start : node.range[0] + found);
  }
}

/** Offset in `raw` of the token found at `offset` of `value`, matching occurrences in order. */
function sameTokenInSource(value: string, offset: number, raw: string): number | undefined {
  const token = /^\S+/.exec(value.slice(offset))?.[0];
  if (token === undefined) return undefined;
  let occurrence = 0;
  for (let at = value.indexOf(token); at >= 0 && at < offset; at = value.indexOf(token, at + 1)) occurrence++;
  let found = raw.indexOf(token);
  for (let i = 0; i < occurrence && found >= 0; i++) found = raw.indexOf(token, found + 1);
  return found >= 0 ? found : undefined;
}

/** Indentation of the first content line of the block scalar whose header starts at `offset`. */
function blockIndent(text: string, offset: number): number {
  const lineEnd = text.indexOf('\n', offset);
  if (lineEnd < 0) return 0;
  const rest = text.slice(lineEnd + 1);
  const match = /^( *)\S/m.exec(rest);
  return match ? match[1].length : 0;
}

function isNodeWithRange(node: unknown): node is { range: [number, number, number] } {
  if (typeof node !== 'object' || node === null || !('range' in node)) return false;
  const range = node.range;
  return Array.isArray(range) && typeof range[0] === 'number';
}
