/** The weekly warning digest (预警分析通报) as a page: any week, with the text as sent. */
import { useEffect, useState } from 'react';
import { client, ok } from '../api.js';
import { Notice, errorText } from '../components/notice.js';
import { pickLabel, useI18n } from '../i18n/index.js';
import { download } from '../lib/export.js';
import { formatSpan, syncServerClock, useNow } from '../lib/clock.js';
import { useApi } from '../lib/use-api.js';
import { Link } from '../router.js';
import { WARNING_SOURCE_NAMES } from './dashboard-text.js';
import './dashboard.css';

const LEVEL_NAMES: Record<string, string> = { blue: '蓝色 Blue', yellow: '黄色 Yellow', orange: '橙色 Orange', red: '红色 Red' };

/** `YYYY-MM-DD` of a time, in the browser's zone. */
function day(time: number): string {
  const date = new Date(time);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The day a week away from `text` (`YYYY-MM-DD`), earlier or later. */
function shift(text: string, weeks: number): string {
  const [year, month, date] = text.split('-').map(Number);
  return day(new Date(year, month - 1, date + 7 * weeks).getTime());
}

/** The digest page, opening on the current week; the scheduled message covers the week before. */
export function DigestPage() {
  const { t: tr, language } = useI18n();
  // Opens on the server's current week (its clock may be a manual one), once that time is known.
  const now = useNow(60_000);
  useEffect(() => void syncServerClock(), []);
  const [picked, setWeek] = useState<string>();
  const week = picked ?? day(now);
  const digest = useApi(['/api/reports/warning-digest', week], (signal) =>
    ok(client.GET('/api/reports/warning-digest', { params: { query: { week: week || undefined } }, signal })));
  const level = (id: string) => pickLabel(LEVEL_NAMES[id] ?? id, language);
  const data = digest.data;

  return (
    <section aria-labelledby="digest-title">
      <div className="page-head">
        <div>
          <h1 id="digest-title">{tr('digest.title')}</h1>
          <p className="muted">{tr('digest.intro')}</p>
        </div>
        <Link to="/dashboard" className="button">{tr('nav.dashboard')}</Link>
      </div>
      <div className="filters">
        <div className="field">
          <label htmlFor="digest-week">{tr('digest.week')}</label>
          <input id="digest-week" type="date" value={week} onChange={(e) => setWeek(e.target.value)} />
        </div>
        <div className="field field-inline">
          <button type="button" disabled={!week} onClick={() => setWeek(shift(week, -1))}>{tr('digest.previous')}</button>
          <button type="button" disabled={!week} onClick={() => setWeek(shift(week, 1))}>{tr('digest.next')}</button>
        </div>
      </div>
      {digest.error !== undefined && <Notice kind="error">{errorText(digest.error)}</Notice>}
      {data && (
        <>
          <div className="dash-grid digest-grid">
            <section className="card dash-card" aria-labelledby="digest-week-title">
              <h2 id="digest-week-title">{tr('digest.weekOf', { label: data.week.label, from: data.firstDay, to: data.lastDay })}</h2>
              <h3>{tr('digest.raised')}</h3>
              <div className="table-scroll"><table className="cases dash-table">
                <thead><tr><th scope="col">{tr('dash.level')}</th><th scope="col">{tr('dash.raised')}</th><th scope="col">{tr('dash.open')}</th><th scope="col">{tr('dash.overdue')}</th><th scope="col">{tr('dash.climbed')}</th></tr></thead>
                <tbody>
                  {data.raised.map((row) => (
                    <tr key={row.level}><th scope="row" className="nowrap">{level(row.level)}</th><td>{row.raised}</td><td>{row.open}</td><td>{row.overdue}</td><td>{row.climbed}</td></tr>
                  ))}
                </tbody>
              </table></div>
              <h3>{tr('digest.bySource')}</h3>
              {data.bySource.length === 0 ? <p className="muted">{tr('dash.none')}</p> : (
                <ul className="dash-levels">{data.bySource.map((row) => <li key={row.source}>{tr('dash.pair', { label: pickLabel(WARNING_SOURCE_NAMES[row.source] ?? row.source, language), value: row.raised })}</li>)}</ul>
              )}
              <h3>{tr('digest.openNow')}</h3>
              <ul className="dash-levels dash-open-now">{data.openByLevel.map((row) => <li key={row.level}>{tr('dash.pair', { label: level(row.level), value: row.open })}</li>)}</ul>
            </section>
            <section className="card dash-card" aria-labelledby="digest-overdue-title">
              <h2 id="digest-overdue-title">{tr('dash.overdueWarnings')} ({data.overdue.length})</h2>
              {data.overdue.length === 0 ? <p className="muted">{tr('dash.noOverdue')}</p> : (
                <div className="table-scroll">
                  <table className="cases">
                    <thead><tr><th scope="col">{tr('col.case')}</th><th scope="col">{tr('dash.level')}</th><th scope="col">{tr('dash.source')}</th><th scope="col">{tr('dash.unitCol')}</th><th scope="col">{tr('dash.overdueBy')}</th></tr></thead>
                    <tbody>
                      {data.overdue.map((row) => (
                        <tr key={row.id}>
                          <td className="case-id"><Link to={`/cases/${encodeURIComponent(row.id)}`}>{row.id}</Link></td>
                          <td>{level(row.level)}</td><td>{row.source === undefined ? '—' : pickLabel(WARNING_SOURCE_NAMES[row.source] ?? row.source, language)}</td><td>{row.unit === undefined ? '—' : pickLabel(row.unit, language)}</td>
                          <td className="due due-overdue">{formatSpan(row.overdueMs, language)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </section>
          </div>
            <section className="card dash-card digest-sent" aria-labelledby="digest-text-title">
              <div className="dash-card-head">
                <h2 id="digest-text-title">{tr('digest.text')}</h2>
                <button type="button" onClick={() => download(`warning-digest-${data.week.label}.txt`, 'text/plain;charset=utf-8', `${data.subject}\n\n${data.text}\n`)}>{tr('digest.download')}</button>
              </div>
              <p><strong>{data.subject}</strong></p>
              <pre className="digest-text">{data.text}</pre>
            </section>
        </>
      )}
    </section>
  );
}
