/** 离网率 by month and unit, worst first, from the subscriber counts the retention process configures. */
import type { ChurnRateFigure } from '../lib/reports.js';
import { Notice } from '../components/notice.js';
import { useI18n } from '../i18n/index.js';
import type { Resource } from '../lib/use-api.js';
import { num, rowClass, Section, useUnitName, type FigureAnswer } from './dashboard-sections.js';

const rate = (value: number | null) => (value === null ? '—' : `${value}%`);

/** The 离网率 card: one table per month of the period, units ranked. */
export function ChurnRateSection({ resource, csv }: { resource: Resource<FigureAnswer<ChurnRateFigure>>; csv: string }) {
  const { t: tr } = useI18n();
  const unitName = useUnitName(resource.data?.unitLabels);
  return (
    <Section title={tr('dash.churnRate')} csv={csv} resource={resource} wide>
      {(data) => (
        <>
          <p className="muted">{tr('dash.churnFormula')}</p>
          {data.missingMonths.length > 0 && <Notice kind="info">{tr('dash.noSubscribers', { months: data.missingMonths.join(', ') })}</Notice>}
          {data.months.map((month) => (
            <div key={month.month} className="table-scroll"><table className="cases dash-table">
              <caption>{month.month}</caption>
              <thead><tr><th scope="col">{tr('dash.rank')}</th><th scope="col">{tr('dash.unitCol')}</th><th scope="col">{tr('dash.netNewDeveloped')}</th><th scope="col">{tr('dash.netNewBilled')}</th><th scope="col">{tr('dash.billed')}</th><th scope="col">{tr('dash.churnRate')}</th></tr></thead>
              <tbody>
                {month.units.map((row) => (
                  <tr key={row.unit}><td>{row.rank}</td><th scope="row">{unitName(row.unit)}</th><td>{num(row.netNewDeveloped)}</td><td>{num(row.netNewBilled)}</td><td>{num(row.billed)}</td><td>{rate(row.rate)}</td></tr>
                ))}
                <tr className={rowClass('all', 'all')}><td /><th scope="row">{unitName('all')}</th><td>{month.total.netNewDeveloped}</td><td>{month.total.netNewBilled}</td><td>{month.total.billed}</td><td>{rate(month.total.rate)}</td></tr>
              </tbody>
            </table></div>
          ))}
        </>
      )}
    </Section>
  );
}
