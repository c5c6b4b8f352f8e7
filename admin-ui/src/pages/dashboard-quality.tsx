/** The quality inspection section of the dashboard: 质检平均分 by unit and agent against the target (95). */
import type { QualityFigure, QualityRow } from '../../../engine/reports/index.js';
import { useI18n } from '../i18n/index.js';
import type { Resource } from '../lib/use-api.js';
import { BarChart } from './dashboard-chart.js';
import { Section, useUnitName, type FigureAnswer } from './dashboard-sections.js';

const TEXT = {
  en: {
    title: 'Quality inspection score', hint: 'Target {target}: the average of each inspection’s first score; below {pass} an inspection goes to feedback, coaching and a re-check.',
    none: 'No inspection scored in this period.', unit: 'Unit', agent: 'Agent', screened: 'Screened', inspected: 'Inspected', average: 'Average', below: 'Below pass', target: 'Target',
  },
  zh: {
    title: '质检平均分', hint: '目标 {target} 分以上：按每次质检的首次得分平均；低于 {pass} 分进入反馈、辅导、复查。',
    none: '本时段尚无质检评分。', unit: '业务单元', agent: '坐席', screened: '初筛', inspected: '已质检', average: '平均分', below: '不合格', target: '目标',
  },
} as const;

const num = (value: number | null) => (value === null ? '—' : String(value));

/** Inspections and their average score, by unit (chart and table) and by agent (table). */
export function QualitySection({ resource, csv }: { resource: Resource<FigureAnswer<QualityFigure>>; csv: string }) {
  const { language } = useI18n();
  const text = TEXT[language === 'zh' ? 'zh' : 'en'];
  const unitName = useUnitName(resource.data?.unitLabels);
  const rows = (items: QualityRow[], name: (key: string) => string) => items.map((row) => (
    <tr key={row.key} className={row.meetsTarget === false ? 'dash-over' : undefined}>
      <th scope="row">{name(row.key)}</th><td>{row.screened}</td><td>{row.inspected}</td><td>{num(row.average)}</td><td>{row.belowPass}</td>
    </tr>
  ));
  const head = (first: string) => (
    <thead><tr><th scope="col">{first}</th><th scope="col">{text.screened}</th><th scope="col">{text.inspected}</th><th scope="col">{text.average}</th><th scope="col">{text.below}</th></tr></thead>
  );
  return (
    <Section title={text.title} csv={csv} resource={resource} wide>
      {(data) => (
        <>
          <p className="muted">{text.hint.replace('{target}', String(data.target)).replace('{pass}', String(data.passMark))}</p>
          {data.total.inspected === 0 ? <p className="empty">{text.none}</p> : (
            <>
              <p className={data.total.meetsTarget === false ? 'dash-big dash-bad' : 'dash-big'} data-testid="quality-average">{num(data.total.average)}</p>
              <BarChart title={text.title} labels={data.units.map((row) => unitName(row.key))} max={100}
                series={[{ label: text.average, values: data.units.map((row) => row.average), color: '#2e7d5b' }]}
                line={{ label: text.target, value: data.target }} />
              <div className="table-scroll"><table className="cases dash-table">{head(text.unit)}<tbody>{rows(data.units, unitName)}</tbody></table></div>
              <div className="table-scroll"><table className="cases dash-table">{head(text.agent)}<tbody>{rows(data.agents, (key) => key)}</tbody></table></div>
            </>
          )}
        </>
      )}
    </Section>
  );
}
