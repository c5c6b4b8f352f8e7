/**
 * The YAML editor: CodeMirror 6 with YAML highlighting and the server validator's diagnostics
 * shown inline at their lines (lint gutter, underlines, hover messages), re-checked as one types.
 */
import { useEffect, useRef } from 'react';
import { EditorView, basicSetup } from 'codemirror';
import { yaml } from '@codemirror/lang-yaml';
import { linter, lintGutter, type Diagnostic as LintDiagnostic } from '@codemirror/lint';
import type { Text } from '@codemirror/state';
import type { Diagnostic } from '../types.js';

/** Converts a 1-based line/column diagnostic to a CodeMirror range covering the word there. */
function toLintRange(doc: Text, line: number, column: number): { from: number; to: number } {
  const target = doc.line(Math.min(Math.max(line, 1), doc.lines));
  const from = target.from + Math.min(Math.max(column - 1, 0), target.length);
  const rest = doc.sliceString(from, target.to);
  const word = /^[^\s:,[\]{}]+/.exec(rest);
  const to = word ? from + word[0].length : Math.min(from + 1, target.to);
  return { from, to: Math.max(to, from) };
}

/** Props of the editor. The initial `value` is read once; later edits flow out through `onChange`. */
export interface YamlEditorProps {
  value: string;
  label: string;
  onChange(text: string): void;
  /** Checks a text; called debounced after edits. */
  validate(text: string): Promise<Diagnostic[]>;
  onDiagnostics(diagnostics: Diagnostic[]): void;
  /** Receives the view, so the page can move the cursor to a problem. */
  viewRef?: { current: EditorView | null };
}

/** Moves the cursor to a line and column and focuses the editor. */
export function goToPosition(view: EditorView, line: number, column: number): void {
  const { from } = toLintRange(view.state.doc, line, column);
  view.dispatch({ selection: { anchor: from }, effects: EditorView.scrollIntoView(from, { y: 'center' }) });
  view.focus();
}

/** The editor component. */
export function YamlEditor({ value, label, onChange, validate, onDiagnostics, viewRef }: YamlEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const callbacks = useRef({ onChange, validate, onDiagnostics });
  callbacks.current = { onChange, validate, onDiagnostics };

  useEffect(() => {
    if (!host.current) return;
    const serverLint = linter(async (view) => {
      const text = view.state.doc.toString();
      let found: Diagnostic[];
      try {
        found = await callbacks.current.validate(text);
      } catch {
        return [];
      }
      // A newer edit arrived while the server answered: its own lint run will report.
      if (view.state.doc.toString() !== text) return [];
      callbacks.current.onDiagnostics(found);
      return found.map((d): LintDiagnostic => ({
        ...toLintRange(view.state.doc, d.line, d.column),
        severity: d.severity === 'warning' ? 'warning' : 'error',
        message: d.path ? `${d.message} (${d.path})` : d.message,
        source: 'caseflow',
      }));
    }, { delay: 400 });
    const view = new EditorView({
      doc: value,
      parent: host.current,
      extensions: [
        basicSetup,
        yaml(),
        lintGutter(),
        serverLint,
        EditorView.lineWrapping,
        EditorView.contentAttributes.of({ 'aria-label': label }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) callbacks.current.onChange(update.state.doc.toString());
        }),
      ],
    });
    if (viewRef) viewRef.current = view;
    return () => {
      view.destroy();
      if (viewRef) viewRef.current = null;
    };
    // The editor is created once per mount; the page remounts it (key) to load another text.
  }, []);

  return <div className="yaml-editor" ref={host} />;
}
