/**
 * A case's title: one line that names it in lists and on its page, rendered from the process's
 * `title` template, or else made of the first short text values of its data.
 */
import { showBidiControls } from '../display-text.js';
import { lazyLabelledData } from '../dsl/enum-labels.js';
import type { ProcessDefinition } from '../dsl/types.js';
import { processTimeZone } from './template-helpers.js';
import { compilePlainText } from './templates.js';
import { currentTiers } from './tiers.js';

/** Longest title, in characters: a list row has room for a line, not a paragraph. */
const TITLE_LIMIT = 200;
/** Text values longer than this are descriptions rather than names; a fallback title skips them. */
const SHORT_TEXT = 40;
/** How many text values a fallback title joins. */
const FALLBACK_PARTS = 3;

/** Renders the title of a case from its data. Never throws. */
export type TitleRenderer = (data: Record<string, unknown>) => string;

/**
 * Compiles a definition's `title` once. The result is plain text (unescaped, see
 * `compilePlainText`): the UI shows it as a text node, which escapes it. A title that renders
 * empty, or fails on odd data, falls back to `fallbackTitle`.
 */
export function compileTitle(definition: ProcessDefinition): TitleRenderer {
  if (definition.title === undefined) return fallbackTitle;
  const render = compilePlainText('title', definition.title, processTimeZone(definition));
  const settings = definition.settings ?? {};
  return (data) => {
    let text = '';
    try {
      text = oneLine(render({ data, labels: lazyLabelledData(definition.data, data, 'zh'), settings, tiers: currentTiers(definition, data) }));
    } catch {
      // A helper refusing odd data must not hide the case: its data still names it.
    }
    return text === '' ? fallbackTitle(data) : text;
  };
}

/** The first few short text values of the data, in field order, joined by ` · `. */
export function fallbackTitle(data: Record<string, unknown>): string {
  const parts: string[] = [];
  const visit = (value: unknown): void => {
    if (parts.length >= FALLBACK_PARTS) return;
    if (typeof value === 'string') {
      const text = oneLine(value);
      if (text !== '' && [...text].length <= SHORT_TEXT) parts.push(text);
    } else if (Array.isArray(value)) {
      for (const item of value) visit(item);
    } else if (value !== null && typeof value === 'object') {
      for (const member of Object.values(value)) visit(member);
    }
  };
  visit(data);
  return oneLine(parts.join(' · '));
}

/** Whitespace runs (newlines too) as one space, trimmed, bidi controls shown as marks, cut to the title limit. */
function oneLine(text: string): string {
  const collapsed = showBidiControls(text.replace(/\s+/g, ' ').trim());
  const characters = [...collapsed];
  return characters.length <= TITLE_LIMIT ? collapsed : `${characters.slice(0, TITLE_LIMIT - 1).join('').trimEnd()}…`;
}
