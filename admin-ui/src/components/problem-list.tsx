/** The validator's diagnostics as a list; choosing one moves the editor's cursor there. */
import { useI18n } from '../i18n/index.js';
import type { Diagnostic } from '../types.js';

/** Props: the diagnostics, whether a check is running, and what choosing one does. */
export interface ProblemListProps {
  diagnostics: Diagnostic[];
  checking: boolean;
  onSelect(diagnostic: Diagnostic): void;
}

/** The problems panel under the editor. */
export function ProblemList({ diagnostics, checking, onSelect }: ProblemListProps) {
  const { t } = useI18n();
  return (
    <section className="problems" aria-labelledby="problems-title" aria-live="polite">
      <h2 id="problems-title">
        {t('editor.problems')} <span className="count">{diagnostics.length}</span>
        {checking && <span className="muted checking"> {t('editor.checking')}</span>}
      </h2>
      {diagnostics.length === 0 ? <p className="muted problems-none">{checking ? '' : t('editor.noProblems')}</p> : (
        <ul>
          {diagnostics.map((d, i) => (
            <li key={i} className={`problem problem-${d.severity}`}>
              <button type="button" className="problem-button" onClick={() => onSelect(d)} aria-label={`${t('editor.goTo', { line: d.line })}: ${d.message}`}>
                <span className="problem-severity">{d.severity === 'error' ? '✖' : '⚠'}</span>
                <span className="problem-where">{t('editor.problemAt', { line: d.line, column: d.column })}</span>
                <span className="problem-message">{d.message}</span>
                {d.path && <code className="problem-path">{d.path}</code>}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
