/** 客服月报 as a page: any month's figures by unit, ranked, the late complaints, and the text as sent. */
import { useEffect, useState } from 'react';
import type { DissatisfiedCustomersFigure, RenderedMonthlyReport } from '../../../engine/reports/index.js';
import { query } from '../api.js';
import { Notice, errorText } from '../components/notice.js';
import { pickLabel, useI18n } from '../i18n/index.js';
import { syncServerClock, useNow } from '../lib/clock.js';
import { useApi } from '../lib/use-api.js';
import { Link } from '../router.js';
import './dashboard.css';

const TEXT = {
  en: {
    title: 'Monthly service report', intro: 'The month’s figures by unit, ranked by complaints per 10,000 users, and the complaints past their close deadline. Sent on the 1st for the month before.',
    month: 'Month', ranking: 'Units, best first', rank: '#', unit: 'Unit', complaints: 'Complaints', rate: 'Per 10,000', firstReply: '24 h reply', closed: '3-day close', satisfaction: 'Satisfaction', quality: 'Quality score',
    late: 'Complaints past their close deadline', none: 'None.', dissatisfied: 'Dissatisfied customers', phone: 'Phone', cases: 'Complaints', reopened: 'Reopened', case: 'Case', customer: 'Customer', lateHours: 'Hours late', open: 'Still open', closedLate: 'Closed late', text: 'The message as sent', dashboard: 'Dashboard',
  },
  zh: {
    title: '客服月报', intro: '当月各单元指标，按万名用户投诉率排名，以及超过结案时限的投诉。每月1日发送上月月报。',
    month: '月份', ranking: '各单元排名', rank: '名次', unit: '业务单元', complaints: '投诉', rate: '万名投诉率', firstReply: '24小时回复率', closed: '3天结案率', satisfaction: '满意度', quality: '质检平均分',
    late: '超时未结案投诉', none: '无', dissatisfied: '不满意客户档案', phone: '电话', cases: '投诉单', reopened: '重新处理次数', case: '投诉单', customer: '客户', lateHours: '超时（小时）', open: '未结案', closedLate: '已结案', text: '月报原文', dashboard: '统计看板',
  },
} as const;

/** `YYYY-MM` of the month before `time`, in the browser's zone. */
function lastMonth(time: number): string {
  const date = new Date(time);
  const before = new Date(date.getFullYear(), date.getMonth() - 1, 1);
  return `${before.getFullYear()}-${String(before.getMonth() + 1).padStart(2, '0')}`;
}

const shown = (value: number | null, suffix = '') => (value === null ? '—' : `${value}${suffix}`);

/** The monthly report page, opening on last month (the one the scheduled message covers). */
export function MonthlyReportPage() {
  const { language } = useI18n();
  const text = TEXT[language === 'zh' ? 'zh' : 'en'];
  const now = useNow(60_000);
  useEffect(() => void syncServerClock(), []);
  const [picked, setMonth] = useState<string>();
  const month = picked ?? lastMonth(now);
  const report = useApi<RenderedMonthlyReport>(`/api/reports/monthly-report${query({ month: month || undefined })}`);
  const data = report.data;
  const period = data === undefined ? undefined : { from: String(data.month.from), to: String(data.month.to) };
  const dissatisfied = useApi<{ data: DissatisfiedCustomersFigure }>(period === undefined ? null : `/api/reports/dissatisfied-customers${query(period)}`);
  const unitName = (unit: string | null) => (unit === null ? '—' : pickLabel(data?.unitLabels[unit] ?? unit, language));

  return (
    <section aria-labelledby="monthly-title">
      <div className="page-head">
        <div>
          <h1 id="monthly-title">{text.title}</h1>
          <p className="muted">{text.intro}</p>
        </div>
        <Link to="/dashboard" className="button">{text.dashboard}</Link>
      </div>
      <div className="filters">
        <div className="field">
          <label htmlFor="monthly-month">{text.month}</label>
          <input id="monthly-month" type="month" value={month} onChange={(e) => setMonth(e.target.value)} />
        </div>
      </div>
      {report.error !== undefined && <Notice kind="error">{errorText(report.error)}</Notice>}
      {data && (
        <div className="dash-grid">
          <section className="card dash-card dash-wide" aria-labelledby="monthly-ranking">
            <h2 id="monthly-ranking">{text.ranking} · {data.month.label}</h2>
            <div className="table-scroll"><table className="cases dash-table">
              <thead><tr>
                <th scope="col">{text.rank}</th><th scope="col">{text.unit}</th><th scope="col">{text.complaints}</th><th scope="col">{text.rate}</th>
                <th scope="col">{text.firstReply}</th><th scope="col">{text.closed}</th><th scope="col">{text.satisfaction}</th><th scope="col">{text.quality}</th>
              </tr></thead>
              <tbody>
                {data.units.map((row) => (
                  <tr key={row.unit} className={row.overLine ? 'dash-over' : undefined}>
                    <td>{row.rank}</td><th scope="row">{unitName(row.unit)}</th><td>{row.complaints}</td><td>{shown(row.ratePer10k)}</td>
                    <td>{shown(row.firstReplyRate, '%')}</td><td>{shown(row.closedInTimeRate, '%')}</td><td>{shown(row.satisfaction)}</td><td>{shown(row.qualityAverage)}</td>
                  </tr>
                ))}
              </tbody>
            </table></div>
          </section>
          <section className="card dash-card dash-wide" aria-labelledby="monthly-late">
            <h2 id="monthly-late">{text.late} ({data.late.length})</h2>
            {data.late.length === 0 ? <p className="muted">{text.none}</p> : (
              <div className="table-scroll"><table className="cases dash-table">
                <thead><tr><th scope="col">{text.case}</th><th scope="col">{text.unit}</th><th scope="col">{text.customer}</th><th scope="col">{text.lateHours}</th><th scope="col" /></tr></thead>
                <tbody>
                  {data.late.map((row) => (
                    <tr key={row.id}>
                      <th scope="row"><Link to={`/cases/${row.id}`}>{row.id}</Link></th><td>{unitName(row.unit)}</td><td>{row.customer ?? '—'}</td><td>{row.lateHours}</td>
                      <td>{row.closed ? text.closedLate : text.open}</td>
                    </tr>
                  ))}
                </tbody>
              </table></div>
            )}
          </section>
          <section className="card dash-card dash-wide" aria-labelledby="monthly-dissatisfied">
            <h2 id="monthly-dissatisfied">{text.dissatisfied} ({dissatisfied.data?.data.customers.length ?? '…'})</h2>
            {dissatisfied.error !== undefined && <Notice kind="error">{errorText(dissatisfied.error)}</Notice>}
            {dissatisfied.data?.data.customers.length === 0 && <p className="muted">{text.none}</p>}
            {(dissatisfied.data?.data.customers.length ?? 0) > 0 && (
              <div className="table-scroll"><table className="cases dash-table">
                <thead><tr><th scope="col">{text.customer}</th><th scope="col">{text.phone}</th><th scope="col">{text.unit}</th><th scope="col">{text.cases}</th><th scope="col">{text.reopened}</th></tr></thead>
                <tbody>
                  {dissatisfied.data?.data.customers.map((row) => (
                    <tr key={row.phone}>
                      <th scope="row">{row.name ?? '—'}</th><td>{row.phone}</td><td>{unitName(row.unit)}</td>
                      <td>{row.cases.map((id) => <Link key={id} to={`/cases/${id}`}>{id} </Link>)}</td><td>{row.reopened}{row.open ? ` · ${text.open}` : ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table></div>
            )}
          </section>
          <section className="card dash-card dash-wide" aria-labelledby="monthly-text">
            <h2 id="monthly-text">{text.text}</h2>
            <pre className="digest-text">{data.text}</pre>
          </section>
        </div>
      )}
    </section>
  );
}
