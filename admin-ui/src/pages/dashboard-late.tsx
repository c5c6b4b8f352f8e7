/** The cases that missed a deadline, listed under its rate (定期通报处理历时超出标准的情况). */
import type { LateCase } from '../lib/reports.js';
import { useI18n } from '../i18n/index.js';
import { formatTime } from '../lib/clock.js';
import { Link } from '../router.js';
import { spanText } from './dashboard-text.js';

/** The late cases: id, unit, when due and how late, latest first. */
export function LateCaseList({ cases, unitName }: { cases: LateCase[]; unitName: (unit: string) => string }) {
  const { t: tr, language } = useI18n();
  if (cases.length === 0) return <p className="muted">{tr('dash.noLate')}</p>;
  return (
    <details className="dash-late">
      <summary>{tr('dash.lateCases', { n: cases.length })}</summary>
      {/* A list, not a table: a card a third of a laptop wide has no room for four columns. */}
      <ul className="dash-late-list">
        {cases.map((row) => (
          <li key={row.id}>
            <Link to={`/cases/${encodeURIComponent(row.id)}`} className="case-id">{row.id}</Link>
            {' · '}{row.unit === undefined ? '—' : unitName(row.unit)}
            {' · '}{tr('dash.dueAt')} {formatTime(row.dueAt, language)}
            {' · '}<span className="due due-overdue">{tr('dash.lateBy')} {spanText(row.lateMs, language)}{row.stillOpen ? ` ${tr('dash.stillOpen')}` : ''}</span>
          </li>
        ))}
      </ul>
    </details>
  );
}
