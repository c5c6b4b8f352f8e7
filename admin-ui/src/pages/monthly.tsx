/** 客服月报 as a page: any month's figures by unit, ranked, the late complaints, and the text as sent. */
import { useEffect, useState } from 'react';
import { client, ok } from '../api.js';
import { Notice, errorText } from '../components/notice.js';
import { pickLabel, useI18n } from '../i18n/index.js';
import { syncServerClock, useNow } from '../lib/clock.js';
import { readFigure } from '../lib/reports.js';
import { useApi } from '../lib/use-api.js';
import { Link } from '../router.js';
import './dashboard.css';

/** `YYYY-MM` of the month before `time`, in the browser's zone. */
function lastMonth(time: number): string {
  const date = new Date(time);
  const before = new Date(date.getFullYear(), date.getMonth() - 1, 1);
  return `${before.getFullYear()}-${String(before.getMonth() + 1).padStart(2, '0')}`;
}

const shown = (value: number | null, suffix = '') => (value === null ? '—' : `${value}${suffix}`);

/** The monthly report page, opening on last month (the one the scheduled message covers). */
export function MonthlyReportPage() {
  const { language, t } = useI18n();
  const now = useNow(60_000);
  useEffect(() => void syncServerClock(), []);
  const [picked, setMonth] = useState<string>();
  const month = picked ?? lastMonth(now);
  const report = useApi(['/api/reports/monthly-report', month], (signal) =>
    ok(client.GET('/api/reports/monthly-report', { params: { query: { month: month || undefined } }, signal })));
  const data = report.data;
  const period = data === undefined ? undefined : { from: String(data.month.from), to: String(data.month.to) };
  const dissatisfied = useApi(period === undefined ? null : ['/api/reports/{figure}', 'dissatisfied-customers', period], (signal) =>
    readFigure('dissatisfied-customers', period ?? {}, signal));
  const unitName = (unit: string | null) => (unit === null ? '—' : pickLabel(data?.unitLabels[unit] ?? unit, language));

  return (
    <section aria-labelledby="monthly-title">
      <div className="page-head">
        <div>
          <h1 id="monthly-title">{t('monthly.title')}</h1>
          <p className="muted">{t('monthly.intro')}</p>
        </div>
        <Link to="/dashboard" className="button">{t('nav.dashboard')}</Link>
      </div>
      <div className="filters">
        <div className="field">
          <label htmlFor="monthly-month">{t('monthly.month')}</label>
          <input id="monthly-month" type="month" value={month} onChange={(e) => setMonth(e.target.value)} />
        </div>
      </div>
      {report.error !== undefined && <Notice kind="error">{errorText(report.error)}</Notice>}
      {data && (
        <div className="dash-grid">
          <section className="card dash-card dash-wide" aria-labelledby="monthly-ranking">
            <h2 id="monthly-ranking">{t('monthly.ranking')} · {data.month.label}</h2>
            <div className="table-scroll"><table className="cases dash-table">
              <thead><tr>
                <th scope="col">{t('monthly.rank')}</th><th scope="col">{t('people.filterUnit')}</th><th scope="col">{t('monthly.complaints')}</th><th scope="col">{t('monthly.rate')}</th>
                <th scope="col">{t('monthly.firstReply')}</th><th scope="col">{t('monthly.closed')}</th><th scope="col">{t('monthly.satisfaction')}</th><th scope="col">{t('monthly.quality')}</th>
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
            <h2 id="monthly-late">{t('monthly.late')} ({data.late.length})</h2>
            {data.late.length === 0 ? <p className="muted">{t('monthly.none')}</p> : (
              <div className="table-scroll"><table className="cases dash-table">
                <thead><tr><th scope="col">{t('monthly.case')}</th><th scope="col">{t('people.filterUnit')}</th><th scope="col">{t('monthly.customer')}</th><th scope="col">{t('monthly.lateHours')}</th><th scope="col" /></tr></thead>
                <tbody>
                  {data.late.map((row) => (
                    <tr key={row.id}>
                      <th scope="row"><Link to={`/cases/${row.id}`}>{row.id}</Link></th><td>{unitName(row.unit)}</td><td>{row.customer ?? '—'}</td><td>{row.lateHours}</td>
                      <td>{row.closed ? t('monthly.closedLate') : t('monthly.open')}</td>
                    </tr>
                  ))}
                </tbody>
              </table></div>
            )}
          </section>
          <section className="card dash-card dash-wide" aria-labelledby="monthly-dissatisfied">
            <h2 id="monthly-dissatisfied">{t('monthly.dissatisfied')} ({dissatisfied.data?.data.customers.length ?? '…'})</h2>
            {dissatisfied.error !== undefined && <Notice kind="error">{errorText(dissatisfied.error)}</Notice>}
            {dissatisfied.data?.data.customers.length === 0 && <p className="muted">{t('monthly.none')}</p>}
            {(dissatisfied.data?.data.customers.length ?? 0) > 0 && (
              <div className="table-scroll"><table className="cases dash-table">
                <thead><tr><th scope="col">{t('monthly.customer')}</th><th scope="col">{t('monthly.phone')}</th><th scope="col">{t('people.filterUnit')}</th><th scope="col">{t('monthly.cases')}</th><th scope="col">{t('monthly.reopened')}</th></tr></thead>
                <tbody>
                  {dissatisfied.data?.data.customers.map((row) => (
                    <tr key={row.phone}>
                      <th scope="row">{row.name ?? '—'}</th><td>{row.phone}</td><td>{unitName(row.unit)}</td>
                      <td>{row.cases.map((id) => <Link key={id} to={`/cases/${id}`}>{id} </Link>)}</td><td>{row.reopened}{row.open ? ` · ${t('monthly.open')}` : ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table></div>
            )}
          </section>
          <section className="card dash-card dash-wide" aria-labelledby="monthly-text">
            <h2 id="monthly-text">{t('monthly.text')}</h2>
            <pre className="digest-text">{data.text}</pre>
          </section>
        </div>
      )}
    </section>
  );
}
