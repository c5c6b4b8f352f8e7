/** The sections of the dashboard: one figure each, as a chart, its numbers, and a CSV link. */
import type { ReactNode } from 'react';
import type { ComplaintRateFigure, DeadlineRateFigure, FeeFigure, FigureName, FigureOf, RetentionFigure, SatisfactionFigure, WarningFigure } from '../lib/reports.js';
import { LateCaseList } from './dashboard-late.js';
import { enumLabel, fieldSchema } from '../../../engine/dsl/enum-labels.js';
import { Notice, errorText } from '../components/notice.js';
import { pickLabel, useI18n } from '../i18n/index.js';
import { formatSpan, formatTime } from '../lib/clock.js';
import { useProcessDefinitions } from '../lib/processes.js';
import type { Resource } from '../lib/use-api.js';
import { Link } from '../router.js';
import { BarChart } from './dashboard-chart.js';

/** A figure as `GET /api/reports/<figure>` answers it, with its numbers of type `T`. */
export type FigureAnswer<T> = Pick<FigureOf<FigureName>, 'figure' | 'title' | 'unitLabels'> & { data: T };

const COLORS = { ok: '#2e7d5b', bad: '#c0392b', open: '#8a96a8', accent: '#2f6fd6', warn: '#d68a00' };
const LEVEL_COLORS: Record<string, string> = { blue: '#2f6fd6', yellow: '#e0b400', orange: '#e67e22', red: '#c0392b' };

/** A titled card with its CSV export link, showing loading and errors. */
export function Section<T>({ title, csv, resource, children, wide }: { title: string; csv: string; resource: Resource<FigureAnswer<T>>; children: (data: T) => ReactNode; wide?: boolean }) {
  const { t: tr } = useI18n();
  const id = `dash-${csv.replace(/\W+/g, '-')}`;
  return (
    <section className={wide ? 'card dash-card dash-wide' : 'card dash-card'} aria-labelledby={id}>
      <div className="dash-card-head">
        <h2 id={id}>{title}</h2>
        <a className="button" href={csv} download>{tr('dash.csv')}</a>
      </div>
      {resource.error !== undefined && <Notice kind="error">{errorText(resource.error)}</Notice>}
      {resource.data ? children(resource.data.data) : resource.loading && <p className="muted">…</p>}
    </section>
  );
}

/**
 * A unit's name in the current language: its directory label (`east-district` → `城东分公司 East
 * district`, of which one half shows) from the report's `unitLabels`; `all` is the total.
 */
export function useUnitName(unitLabels: Record<string, string> | undefined): (unit: string) => string {
  const { t: tr, language } = useI18n();
  return (unit) => (unit === 'all' ? tr('dash.total') : pickLabel(unitLabels?.[unit] ?? unit, language));
}

/** A percentage, or a dash when there is none. */
export const pct = (value: number | null) => (value === null ? '—' : `${value}%`);
/** Class of a unit table's row: the total row stands apart, a unit past its line is marked. */
export const rowClass = (unit: string, total: string, flagged?: boolean | null) => [unit === total ? 'dash-total' : '', flagged ? 'dash-over' : ''].filter(Boolean).join(' ') || undefined;
/** A number, or a dash when there is none. */
export const num = (value: number | null) => (value === null ? '—' : String(value));

/** Complaints per 10,000 users by unit against the control line. */
export function ComplaintRateSection({ resource, csv }: { resource: Resource<FigureAnswer<ComplaintRateFigure>>; csv: string }) {
  const { t: tr } = useI18n();
  const unitName = useUnitName(resource.data?.unitLabels);
  return (
    <Section title={tr('dash.complaintRate')} csv={csv} resource={resource}>
      {(data) => (
        <>
          <p className="muted">{tr('dash.complaintRateHint', { line: data.controlLine })} {tr('dash.perMonth', { months: data.period.months })}</p>
          {data.units.every((row) => row.users === null) && <Notice kind="info">{tr('dash.noUsers')}</Notice>}
          {data.total.uncounted > 0 && data.units.some((row) => row.users !== null) && <p className="muted">{tr('dash.uncounted', { n: data.total.uncounted })}</p>}
          <BarChart title={tr('dash.complaintRate')} labels={data.units.map((row) => unitName(row.unit))}
            series={[{ label: tr('dash.complaintRate'), values: data.units.map((row) => row.ratePer10k), color: COLORS.accent }]}
            line={{ label: tr('dash.line'), value: data.controlLine }} />
          <div className="table-scroll"><table className="cases dash-table">
            <thead><tr><th scope="col">{tr('dash.unitCol')}</th><th scope="col">{tr('dash.complaints')}</th><th scope="col">{tr('dash.users')}</th><th scope="col">{tr('dash.rate')}</th></tr></thead>
            <tbody>
              {[...data.units, data.total].map((row) => (
                <tr key={row.unit} className={rowClass(row.unit, data.total.unit, row.overLine)}>
                  <th scope="row">{unitName(row.unit)}</th><td>{row.complaints}</td><td>{num(row.users)}</td><td>{num(row.ratePer10k)}</td>
                </tr>
              ))}
            </tbody>
          </table></div>
        </>
      )}
    </Section>
  );
}

/** A deadline rate (first reply, closed in time) by unit: met, late, open. */
export function DeadlineRateSection({ title, hint, resource, csv }: { title: string; hint?: string; resource: Resource<FigureAnswer<DeadlineRateFigure>>; csv: string }) {
  const { t: tr } = useI18n();
  const unitName = useUnitName(resource.data?.unitLabels);
  return (
    <Section title={title} csv={csv} resource={resource}>
      {(data) => (
        <>
          {hint !== undefined && <p className="muted">{hint}</p>}
          {data.total.rate === null
            ? <p className="muted">{tr('dash.noneDecided', { n: data.total.open })}</p>
            : <p className="dash-big">{pct(data.total.rate)}</p>}
          <BarChart title={title} labels={data.units.map((row) => unitName(row.unit))} stacked
            series={[
              { label: tr('dash.met'), values: data.units.map((row) => row.met), color: COLORS.ok },
              { label: tr('dash.missed'), values: data.units.map((row) => row.missed), color: COLORS.bad },
              { label: tr('dash.open'), values: data.units.map((row) => row.open), color: COLORS.open },
            ]} />
          <div className="table-scroll"><table className="cases dash-table">
            <thead><tr><th scope="col">{tr('dash.unitCol')}</th><th scope="col">{tr('dash.met')}</th><th scope="col">{tr('dash.missed')}</th><th scope="col">{tr('dash.open')}</th><th scope="col">{tr('dash.rate')}</th></tr></thead>
            <tbody>
              {[...data.units, data.total].map((row) => (
                <tr key={row.unit} className={rowClass(row.unit, data.total.unit)}><th scope="row">{unitName(row.unit)}</th><td>{row.met}</td><td>{row.missed}</td><td>{row.open}</td><td>{pct(row.rate)}</td></tr>
              ))}
            </tbody>
          </table></div>
          <LateCaseList cases={data.late} unitName={unitName} />
        </>
      )}
    </Section>
  );
}

/** Satisfaction by unit against its line. */
export function SatisfactionSection({ resource, csv }: { resource: Resource<FigureAnswer<SatisfactionFigure>>; csv: string }) {
  const { t: tr } = useI18n();
  const unitName = useUnitName(resource.data?.unitLabels);
  return (
    <Section title={tr('dash.satisfaction')} csv={csv} resource={resource} wide>
      {(data) => (
        <>
          <p className="muted">{tr('dash.satisfactionHint', { line: data.line })}</p>
          {data.total.responses === 0 && data.total.scored === 0 ? <p className="empty">{tr('dash.noCallbacks')}</p> : (
            <>
              <p className={data.total.belowLine ? 'dash-big dash-bad' : 'dash-big'}>{data.total.score === null ? tr('dash.noScores') : tr('dash.points', { score: data.total.score })}</p>
              <p className="muted">{tr('dash.satisfiedShare', { share: pct(data.total.satisfiedShare), n: data.total.responses })}</p>
              <p className="muted">{tr('dash.satisfactionSources', { routine: data.total.routineScored, n: data.total.scored })}</p>
              <BarChart title={tr('dash.satisfaction')} labels={data.units.map((row) => unitName(row.unit))} max={100}
                series={[{ label: tr('dash.score'), values: data.units.map((row) => row.score), color: COLORS.ok }]}
                line={{ label: tr('dash.line'), value: data.line }} />
              <div className="table-scroll"><table className="cases dash-table">
                <thead><tr><th scope="col">{tr('dash.unitCol')}</th><th scope="col">{tr('dash.scored')}</th><th scope="col">{tr('dash.routineScored')}</th><th scope="col">{tr('dash.score')}</th><th scope="col">{tr('dash.share')}</th></tr></thead>
                <tbody>
                  {[...data.units, data.total].map((row) => (
                    <tr key={row.unit} className={rowClass(row.unit, data.total.unit, row.belowLine)}><th scope="row">{unitName(row.unit)}</th><td>{row.scored}</td><td>{row.routineScored}</td><td>{num(row.score)}</td><td>{pct(row.satisfiedShare)}</td></tr>
                  ))}
                </tbody>
              </table></div>
            </>
          )}
        </>
      )}
    </Section>
  );
}

/** Warnings by level, and the ones past their deadline (whenever raised). */
export function WarningsSection({ resource, csv, now }: { resource: Resource<FigureAnswer<WarningFigure>>; csv: string; now: number }) {
  const { t: tr } = useI18n();
  const unitName = useUnitName(resource.data?.unitLabels);
  const { language } = useI18n();
  // Levels by the labels the warning process declares for its level field.
  const levelSchema = fieldSchema(useProcessDefinitions(['escalation-warning']).get('escalation-warning')?.dataSchema, 'level');
  const levelName = (level: string) => enumLabel(levelSchema, level, language);
  return (
    <Section title={tr('dash.warnings')} csv={csv} resource={resource} wide>
      {(data) => (
        <div className="dash-split">
          <div>
            <BarChart title={tr('dash.warnings')} labels={data.levels.map((row) => levelName(row.level))}
              series={[
                { label: tr('dash.raised'), values: data.levels.map((row) => row.raised), color: COLORS.accent },
                { label: tr('dash.overdue'), values: data.levels.map((row) => row.overdue), color: COLORS.bad },
                { label: tr('dash.climbed'), values: data.levels.map((row) => row.climbed), color: COLORS.warn },
              ]} />
            <ul className="dash-levels">
              {data.levels.map((row) => (
                <li key={row.level}><span className="dash-swatch" style={{ background: LEVEL_COLORS[row.level] ?? COLORS.open }} />
                  {tr('dash.pair', { label: levelName(row.level), value: `${tr('dash.raised')} ${row.raised} · ${tr('dash.open')} ${row.open} · ${tr('dash.overdue')} ${row.overdue}` })}</li>
              ))}
            </ul>
          </div>
          <div>
            <h3>{tr('dash.overdueWarnings')} ({data.overdue.length})</h3>
            {data.overdue.length === 0 ? <p className="muted">{tr('dash.noOverdue')}</p> : (
              <div className="table-scroll">
                <table className="cases">
                  <thead><tr><th scope="col">{tr('col.case')}</th><th scope="col">{tr('dash.level')}</th><th scope="col">{tr('dash.unitCol')}</th><th scope="col">{tr('dash.dueAt')}</th><th scope="col">{tr('dash.overdueBy')}</th></tr></thead>
                  <tbody>
                    {data.overdue.map((row) => (
                      <tr key={row.id}>
                        <td className="case-id"><Link to={`/cases/${encodeURIComponent(row.id)}`}>{row.id}</Link></td>
                        <td>{levelName(row.level)}</td>
                        <td>{row.unit === undefined ? '—' : unitName(row.unit)}</td>
                        <td>{formatTime(row.dueAt, language)}</td>
                        <td className="due due-overdue">{formatSpan(now - row.dueAt, language)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </div>
        </div>
      )}
    </Section>
  );
}

/** Retention cases by unit: retained (checked), awaiting the 30-day check, lost; the share lost and the penalty total. */
export function RetentionSection({ resource, csv }: { resource: Resource<FigureAnswer<RetentionFigure>>; csv: string }) {
  const { t: tr } = useI18n();
  const unitName = useUnitName(resource.data?.unitLabels);
  return (
    <Section title={tr('dash.retention')} csv={csv} resource={resource} wide>
      {(data) => (
        <>
          {/* The penalty per unit goes beside the total, not in a sixth column that would not fit a third of a laptop screen. */}
          <p className="muted">{tr('dash.lostShare')} {pct(data.total.lostShare)} · {tr('dash.penalty', { amount: data.total.penalty })}{data.total.penalty > 0 && ` (${data.units.filter((row) => row.penalty > 0).map((row) => `${unitName(row.unit)} ${row.penalty}`).join(', ')})`}</p>
          <BarChart title={tr('dash.retention')} labels={data.units.map((row) => unitName(row.unit))} stacked
            series={[
              { label: tr('dash.retained'), values: data.units.map((row) => row.retained), color: COLORS.ok },
              { label: tr('dash.awaitingCheck'), values: data.units.map((row) => row.awaitingCheck), color: COLORS.warn },
              { label: tr('dash.lost'), values: data.units.map((row) => row.lost), color: COLORS.bad },
              { label: tr('dash.pending'), values: data.units.map((row) => row.pending), color: COLORS.open },
            ]} />
          <div className="table-scroll"><table className="cases dash-table">
            <thead><tr><th scope="col">{tr('dash.unitCol')}</th><th scope="col">{tr('dash.retained')}</th><th scope="col">{tr('dash.awaitingCheck')}</th><th scope="col">{tr('dash.lost')}</th><th scope="col">{tr('dash.pending')}</th><th scope="col">{tr('dash.lostShare')}</th></tr></thead>
            <tbody>
              {[...data.units, data.total].map((row) => (
                <tr key={row.unit} className={rowClass(row.unit, data.total.unit)}>
                  <th scope="row">{unitName(row.unit)}</th><td>{row.retained}</td><td>{row.awaitingCheck}</td><td>{row.lost}</td><td>{row.pending}</td><td>{pct(row.lostShare)}</td>
                </tr>
              ))}
            </tbody>
          </table></div>
        </>
      )}
    </Section>
  );
}

/** Fee requests: lead time, spend against budget by unit, and requests by state. */
export function FeesSection({ resource, csv }: { resource: Resource<FigureAnswer<FeeFigure>>; csv: string }) {
  const { t: tr } = useI18n();
  const unitName = useUnitName(resource.data?.unitLabels);
  const { language } = useI18n();
  const stateLabels = useProcessDefinitions(['fee-approval']).get('fee-approval')?.stateLabels;
  return (
    <Section title={tr('dash.fees')} csv={csv} resource={resource}>
      {(data) => (
        <>
          <p className="muted">{data.leadTime.approved === 0 ? tr('dash.noLeadTime') : tr('dash.leadTime', { mean: num(data.leadTime.meanHours), median: num(data.leadTime.medianHours), n: data.leadTime.approved })}</p>
          <p className="muted">{tr('dash.overBudget', { n: data.total.overBudget, tolerance: data.tolerancePercent })}</p>
          <BarChart title={tr('dash.spend')} labels={data.spend.map((row) => unitName(row.unit))}
            series={[
              { label: tr('dash.budget'), values: data.spend.map((row) => row.budget), color: COLORS.open },
              { label: tr('dash.spent'), values: data.spend.map((row) => row.spend), color: COLORS.accent },
            ]} />
          <div className="table-scroll"><table className="cases dash-table">
            <thead><tr><th scope="col">{tr('dash.unitCol')}</th><th scope="col">{tr('dash.reported')}</th><th scope="col">{tr('dash.budget')}</th><th scope="col">{tr('dash.spent')}</th><th scope="col">{tr('dash.used')}</th></tr></thead>
            <tbody>
              {[...data.spend, data.total].map((row) => (
                <tr key={row.unit} className={rowClass(row.unit, data.total.unit, row.overBudget > 0)}>
                  <th scope="row">{unitName(row.unit)}</th><td>{row.requests}</td><td>{row.budget}</td><td>{row.spend}</td><td>{pct(row.used)}</td>
                </tr>
              ))}
            </tbody>
          </table></div>
          <h3>{tr('dash.byState')}</h3>
          {data.byState.length === 0 ? <p className="muted">{tr('dash.none')}</p> : (
            <ul className="dash-levels dash-states">{data.byState.map((row) => <li key={row.state}>{tr('dash.pair', { label: pickLabel(stateLabels?.get(row.state) ?? row.state, language), value: row.requests })}</li>)}</ul>
          )}
        </>
      )}
    </Section>
  );
}
