/** The dashboard: the figures of the service plans for a period and a business unit, with CSV. */
import { useEffect, useState, type FormEvent } from 'react';
import { pickLabel, useI18n } from '../i18n/index.js';
import { syncServerClock, useNow } from '../lib/clock.js';
import { query } from '../lib/query-string.js';
import { readFigure, type FigureName, type FigureOf, type FigureQuery } from '../lib/reports.js';
import { useApi, type Resource } from '../lib/use-api.js';
import { Link } from '../router.js';
import { ComplaintRateSection, DeadlineRateSection, FeesSection, RetentionSection, SatisfactionSection, WarningsSection, useUnitName } from './dashboard-sections.js';
import { ChurnRateSection } from './dashboard-churn.js';
import { QualitySection } from './dashboard-quality.js';
import './dashboard.css';

/** `YYYY-MM-DD` of a time, in the browser's zone. */
function day(time: number): string {
  const date = new Date(time);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The period and unit the dashboard shows. */
interface Period {
  from: string;
  to: string;
  unit: string;
}

/** This month so far, on the day `now`. */
function thisMonth(now: number): Period {
  const today = day(now);
  return { from: `${today.slice(0, 8)}01`, to: today, unit: '' };
}

/** One figure for the period and unit shown. */
function useFigure<N extends FigureName>(name: N, period: FigureQuery): Resource<FigureOf<N>> {
  return useApi(['/api/reports/{figure}', name, period], (signal) => readFigure(name, period, signal));
}

/** The dashboard page. */
export function DashboardPage() {
  const { t: tr, language } = useI18n();
  // The server's clock may differ from the browser's (a manual clock, a demo): until someone picks
  // a period, the default follows the server's time as soon as it is known.
  const now = useNow(60_000);
  useEffect(() => void syncServerClock(), []);
  const [edited, setForm] = useState<Period>();
  const [chosen, setShown] = useState<Period>();
  const form = edited ?? thisMonth(now);
  const shown = chosen ?? thisMonth(now);
  const period: FigureQuery = { from: shown.from || undefined, to: shown.to || undefined, unit: shown.unit.trim() || undefined };
  const params = query(period);
  const csv = (figure: string) => `/api/reports/${figure}${params}${params ? '&' : '?'}format=csv`;

  const rate = useFigure('complaint-rate', period);
  const firstReply = useFigure('first-reply', period);
  const closed = useFigure('closed-in-time', period);
  const satisfaction = useFigure('satisfaction', period);
  const warnings = useFigure('warnings', period);
  const retention = useFigure('retention', period);
  const churn = useFigure('churn-rate', period);
  const fees = useFigure('fees', period);
  const quality = useFigure('quality', period);

  const units = [...new Set([
    ...(rate.data?.data.units.map((row) => row.unit) ?? []),
    ...(retention.data?.data.units.map((row) => row.unit) ?? []),
    ...(fees.data?.data.spend.map((row) => row.unit) ?? []),
  ])].filter((unit) => unit !== '(none)').sort();
  const unitName = useUnitName(rate.data?.unitLabels);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setShown(form);
  };

  return (
    <section aria-labelledby="dash-title">
      <div className="page-head">
        <div>
          <h1 id="dash-title">{tr('nav.dashboard')}</h1>
          <p className="muted">{tr('dash.intro')}</p>
        </div>
        <div className="page-actions">
          <Link to="/monthly" className="button">{tr('dash.monthly')}</Link>
          <Link to="/digest" className="button">{tr('dash.digest')}</Link>
        </div>
      </div>
      <form className="filters" onSubmit={submit}>
        <div className="field">
          <label htmlFor="dash-from">{tr('away.from')}</label>
          <input id="dash-from" type="date" value={form.from} onChange={(e) => setForm({ ...form, from: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="dash-to">{tr('dash.to')}</label>
          <input id="dash-to" type="date" value={form.to} onChange={(e) => setForm({ ...form, to: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="dash-unit">{tr('dash.unit')}</label>
          <input id="dash-unit" list="dash-units" value={form.unit} placeholder={tr('people.allUnits')} onChange={(e) => setForm({ ...form, unit: e.target.value })} />
          <datalist id="dash-units">{units.map((unit) => <option key={unit} value={unit}>{unitName(unit)}</option>)}</datalist>
        </div>
        <div className="field field-inline">
          <button type="submit" className="button-primary">{tr('dash.apply')}</button>
        </div>
      </form>
      <div className="dash-grid">
        <ComplaintRateSection resource={rate} csv={csv('complaint-rate')} />
        <SatisfactionSection resource={satisfaction} csv={csv('satisfaction')} />
        <DeadlineRateSection title={tr('dash.firstReply')} resource={firstReply} csv={csv('first-reply')} />
        <DeadlineRateSection title={closed.data ? pickLabel(closed.data.title, language) : tr('dash.closedInTime')} hint={tr('dash.closedInTimeHint')} resource={closed} csv={csv('closed-in-time')} />
        <ChurnRateSection resource={churn} csv={csv('churn-rate')} />
        <RetentionSection resource={retention} csv={csv('retention')} />
        <FeesSection resource={fees} csv={csv('fees')} />
        <WarningsSection resource={warnings} csv={csv('warnings')} now={now} />
        <QualitySection resource={quality} csv={csv('quality')} />
      </div>
    </section>
  );
}
