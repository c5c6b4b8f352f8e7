/** The cases that missed a deadline, listed under its rate (定期通报处理历时超出标准的情况). */
import type { LateCase } from '../../../engine/reports/index.js';
import { useI18n } from '../i18n/index.js';
import { formatTime } from '../lib/clock.js';
import { Link } from '../router.js';
import { spanText, useReportText } from './dashboard-text.js';

/** The late cases: id, unit, when due and how late, latest first. */
export function LateCaseList({ cases, unitName }: { cases: LateCase[]; unitName: (unit: string) => string }) {
  const tr = useReportText();
  const { language } = useI18n();
  if (cases.length === 0) return <p className="muted">{tr('dash.noLate')}</p>;
  return (
    <details className="dash-late">
      <summary>{tr('dash.lateCases', { n: cases.length })}</summary>
      <div className="table-scroll"><table className="cases">
        <thead><tr><th scope="col">{tr('dash.case')}</th><th scope="col">{tr('dash.unitCol')}</th><th scope="col">{tr('dash.dueAt')}</th><th scope="col">{tr('dash.lateBy')}</th></tr></thead>
        <tbody>
          {cases.map((row) => (
            <tr key={row.id}>
              <td className="case-id"><Link to={`/cases/${encodeURIComponent(row.id)}`}>{row.id}</Link></td>
              <td>{row.unit === undefined ? '—' : unitName(row.unit)}</td>
              <td>{formatTime(row.dueAt, language)}</td>
              <td className="due due-overdue">{spanText(row.lateMs, language)}{row.stillOpen ? ` ${tr('dash.stillOpen')}` : ''}</td>
            </tr>
          ))}
        </tbody>
      </table></div>
    </details>
  );
}
