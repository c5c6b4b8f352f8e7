/** The quality inspection section of the dashboard: 质检平均分 by unit and agent against the target (95). */
import type { QualityFigure, QualityRow } from '../lib/reports.js';
import { useI18n } from '../i18n/index.js';
import type { Resource } from '../lib/use-api.js';
import { BarChart } from './dashboard-chart.js';
import { Section, useUnitName, type FigureAnswer } from './dashboard-sections.js';

const num = (value: number | null) => (value === null ? '—' : String(value));

/** Inspections and their average score, by unit (chart and table) and by agent (table). */
export function QualitySection({ resource, csv }: { resource: Resource<FigureAnswer<QualityFigure>>; csv: string }) {
  const { t } = useI18n();
  const unitName = useUnitName(resource.data?.unitLabels);
  const rows = (items: QualityRow[], name: (key: string) => string) => items.map((row) => (
    <tr key={row.key} className={row.meetsTarget === false ? 'dash-over' : undefined}>
      <th scope="row">{name(row.key)}</th><td>{row.screened}</td><td>{row.inspected}</td><td>{num(row.average)}</td><td>{row.belowPass}</td>
    </tr>
  ));
  const head = (first: string) => (
    <thead><tr><th scope="col">{first}</th><th scope="col">{t('quality.screened')}</th><th scope="col">{t('quality.inspected')}</th><th scope="col">{t('quality.average')}</th><th scope="col">{t('quality.below')}</th></tr></thead>
  );
  return (
    <Section title={t('quality.title')} csv={csv} resource={resource} wide>
      {(data) => (
        <>
          <p className="muted">{t('quality.hint', { target: data.target, pass: data.passMark })}</p>
          {data.total.inspected === 0 ? <p className="empty">{t('quality.none')}</p> : (
            <>
              <p className={data.total.meetsTarget === false ? 'dash-big dash-bad' : 'dash-big'} data-testid="quality-average">{num(data.total.average)}</p>
              <BarChart title={t('quality.title')} labels={data.units.map((row) => unitName(row.key))} max={100}
                series={[{ label: t('quality.average'), values: data.units.map((row) => row.average), color: '#2e7d5b' }]}
                line={{ label: t('quality.target'), value: data.target }} />
              <div className="table-scroll"><table className="cases dash-table">{head(t('people.filterUnit'))}<tbody>{rows(data.units, unitName)}</tbody></table></div>
              <div className="table-scroll"><table className="cases dash-table">{head(t('quality.agent'))}<tbody>{rows(data.agents, (key) => key)}</tbody></table></div>
            </>
          )}
        </>
      )}
    </Section>
  );
}
