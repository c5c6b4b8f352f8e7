/**
 * Reads the YAML text of a process file into a plain value, keeping the document so every
 * path maps back to a line and column. Refuses, with a diagnostic rather than a crash, text that
 * is too large, binary, not YAML, an alias bomb, or not a mapping.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Document } from 'yaml';
import type { Diagnostic } from './diagnostic.js';
import { isRecord } from './schema-properties.js';
import { SourceLocator } from './source-map.js';

/** Largest process file accepted, in bytes. */
const MAX_SOURCE_BYTES = 1_000_000;
/** Most alias dereferences accepted; a process has no reason to use many. */
const MAX_ALIAS_COUNT = 100;

/** The outcome of reading a process file. */
export interface ParsedYaml {
  /** The mapping as plain JSON-like data; absent when the text could not be read. */
  value?: Record<string, unknown>;
  locator?: SourceLocator;
  diagnostics: Diagnostic[];
}

function problem(line: number, column: number, message: string): Diagnostic {
  return { line, column, path: '', message, severity: 'error' };
}

// Control characters other than tab, line feed and carriage return: YAML forbids them, and
// they are the surest sign of a binary file.
const BINARY = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFD]/;

/** Parses process YAML into a mapping plus a locator for positions. */
export function parseYaml(text: string): ParsedYaml {
  // Checking the string length first avoids encoding a huge string just to measure it.
  if (text.length > MAX_SOURCE_BYTES || Buffer.byteLength(text, 'utf8') > MAX_SOURCE_BYTES) {
    return { diagnostics: [problem(1, 1, `file is too large: a process file may have at most ${MAX_SOURCE_BYTES} bytes`)] };
  }
  const binary = BINARY.exec(text);
  if (binary) {
    const lines = text.slice(0, binary.index).split('\n');
    return {
      diagnostics: [problem(lines.length, lines[lines.length - 1].length + 1, 'not a YAML text file: it contains binary data')],
    };
  }

  const lineCounter = new LineCounter();
  // yaml's own unique-key check compares every key with every other one (minutes for a mapping
  // of 100,000 keys); duplicateKey finds the same in one pass.
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false, logLevel: 'error' });
  const locator = new SourceLocator(document, lineCounter, text);

  // Later YAML errors mostly follow from the first one; report that one only.
  const errors = document.errors.map((error) => ({ offset: error.pos[0], message: error.message }));
  const duplicate = duplicateKey(document);
  if (duplicate !== undefined) errors.push({ offset: duplicate, message: 'Map keys must be unique' });
  const [first] = errors.sort((a, b) => a.offset - b.offset);
  if (first !== undefined) {
    const { line, column } = locator.position(first.offset);
    return { diagnostics: [problem(line, column, `not valid YAML: ${first.message}`)] };
  }

  const root = document.contents;
  if (root === null || !isMap(root)) {
    const what = root === null ? 'an empty document' : isSeq(root) ? 'a list' : isScalar(root) ? describeScalar(root.value) : 'not a mapping';
    const at = root === null ? { line: 1, column: 1 } : locator.locate([]);
    return { diagnostics: [problem(at.line, at.column, `a process file must be a YAML mapping (id: …, states: …), but this is ${what}`)] };
  }

  const complexKey = firstComplexKey(document);
  if (complexKey !== undefined) {
    const { line, column } = locator.position(complexKey);
    return { diagnostics: [problem(line, column, 'a key must be a plain name, not a list or mapping')] };
  }

  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    // The yaml package throws a ReferenceError when aliases expand beyond maxAliasCount.
    const message = error instanceof Error ? error.message : String(error);
    const at = firstAlias(document, locator);
    return { diagnostics: [problem(at.line, at.column, `YAML aliases expand too much: ${message} (at most ${MAX_ALIAS_COUNT} allowed)`)] };
  }
  if (!isRecord(value)) return { diagnostics: [problem(1, 1, 'a process file must be a YAML mapping')] };
  return { value, locator, diagnostics: [] };
}

function describeScalar(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return 'a single string';
  return `a ${typeof value}`;
}

/** Offset of the first key that repeats an earlier scalar key of the same mapping. */
function duplicateKey(document: Document.Parsed): number | undefined {
  let offset: number | undefined;
  visit(document, {
    Map(_key, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        const key = `${typeof pair.key.value}:${String(pair.key.value)}`;
        if (seen.has(key)) {
          const at = pair.key.range?.[0] ?? 0;
          if (offset === undefined || at < offset) offset = at;
          return;
        }
        seen.add(key);
      }
    },
  });
  return offset;
}

/** Position of the first alias (`*name`) in the document, or 1:1. */
function firstAlias(document: Document.Parsed, locator: SourceLocator): { line: number; column: number } {
  let offset: number | undefined;
  visit(document, {
    Alias(_key, node) {
      if (node.range) offset = node.range[0];
      return visit.BREAK;
    },
  });
  return offset === undefined ? { line: 1, column: 1 } : locator.position(offset);
}

/** Offset of the first key that is a collection (`? [a]: b`), which JSON objects cannot hold. */
function firstComplexKey(document: Document.Parsed): number | undefined {
  let offset: number | undefined;
  visit(document, {
    Pair(_key, pair) {
      if (pair.key !== null && typeof pair.key === 'object' && (isMap(pair.key) || isSeq(pair.key))) {
        offset = pair.key.range?.[0] ?? 0;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return offset;
}
