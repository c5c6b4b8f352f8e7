/**
 * Simulation of the draft in the editor: open a trial case with data from a generated form, act
 * as a chosen role (buttons for the available actions, forms from their input schemas), move a
 * manual clock, and watch the state on the diagram, the fired timers and the messages. Nothing
 * is saved.
 */
import { useMemo, useState, type FormEvent } from 'react';
import { ApiError, type FieldProblem } from '../api.js';
import { activeStates, type DiagramModel } from '../diagram/model.js';
import { StateDiagram } from '../diagram/state-diagram.js';
import { pickLabel, useI18n } from '../i18n/index.js';
import { formatSpan, formatTime } from '../lib/clock.js';
import { caseWords } from '../lib/case-words.js';
import { eventLabels } from '../lib/processes.js';
import type { Simulation } from '../lib/simulation.js';
import { useServerLabels } from '../session.js';
import type { AvailableEvent, JsonSchema } from '../types.js';
import { DataList } from './data-list.js';
import { EventForm } from './event-form.js';
import { Notice, errorText } from './notice.js';
import { SchemaFields, formValue, initialFormState, unplacedProblems, type FormState } from './schema-form.js';
import { SimActivity, SimDeadlines, SimTimers } from './simulate-activity.js';
import './simulate.css';

/** Props: the trial (kept by the editor page), the parsed draft and its diagram. */
export interface SimulatePanelProps {
  simulation: Simulation;
  /** The draft read from its YAML (undefined while it does not parse). */
  document?: Record<string, unknown>;
  model: DiagramModel;
  valid: boolean;
}

const CLOCK_STEPS = ['1h', '1d'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** Roles of the draft, starters first (the opening needs one of them). */
function draftRoles(document: Record<string, unknown> | undefined): { roles: string[]; starters: string[] } {
  const roles = strings(document?.roles);
  const starters = strings(document?.starters);
  const first = starters.length > 0 ? starters : roles;
  return { roles: [...new Set([...first, ...roles])], starters: first };
}

function RolePicker({ id, roles, value, onChange, disabled }: { id: string; roles: string[]; value: string; onChange(role: string): void; disabled?: boolean }) {
  const { t } = useI18n();
  const named = useServerLabels();
  return (
    <div className="field sim-role">
      <label htmlFor={id}>{t('sim.role')}</label>
      <select id={id} value={value} disabled={disabled} onChange={(e) => onChange(e.target.value)}>
        {roles.map((role) => <option key={role} value={role}>{named.role(role)}</option>)}
      </select>
    </div>
  );
}

/** The opening form: the role to open as and the case data. */
function SimulateSetup({ simulation, document }: { simulation: Simulation; document?: Record<string, unknown> }) {
  const { t } = useI18n();
  const schema: JsonSchema = isRecord(document?.data) ? document.data : {};
  const { roles, starters } = draftRoles(document);
  const [role, setRole] = useState(starters[0] ?? '');
  const [state, setState] = useState<FormState>(() => initialFormState(schema));
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [refused, setRefused] = useState<string>();
  const chosen = roles.includes(role) ? role : starters[0] ?? '';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblems([]);
    setRefused(undefined);
    try {
      const error = await simulation.start(formValue(schema, state), chosen);
      if (error) {
        setProblems(Array.isArray(error.details) ? error.details.filter((d): d is FieldProblem => isRecord(d) && typeof d.field === 'string' && typeof d.message === 'string') : []);
        setRefused(error.message);
      }
    } catch {
      // The request failed as a whole; the panel shows simulation.error.
    }
  };

  const stray = unplacedProblems(schema, problems);
  return (
    <form className="sim-setup" onSubmit={submit} noValidate aria-label={t('sim.start')}>
      <RolePicker id="sim-start-role" roles={roles} value={chosen} onChange={setRole} />
      {refused && (
        <Notice kind="error">
          {refused}
          {stray.length > 0 && <ul>{stray.map((p, i) => <li key={i}>{p.field ? `${p.field}: ` : ''}{p.message}</li>)}</ul>}
        </Notice>
      )}
      <fieldset className="field-group">
        <legend>{t('sim.data')}</legend>
        <SchemaFields schema={schema} state={state} problems={problems} onChange={(path, value) => setState((previous) => ({ ...previous, [path]: value }))} />
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={simulation.busy || chosen === ''}>{simulation.busy ? t('sim.starting') : t('sim.start')}</button>
      </div>
    </form>
  );
}

/** Moving the trial clock: +1h, +1d, or any duration. */
function ClockControls({ simulation }: { simulation: Simulation }) {
  const { t } = useI18n();
  const [by, setBy] = useState('');
  const [problem, setProblem] = useState<string>();
  const move = async (amount: string) => {
    setProblem(undefined);
    try {
      await simulation.advance(amount);
      setBy('');
    } catch (caught) {
      setProblem(caught instanceof ApiError && caught.errors.length > 0 ? caught.errors[0].message : errorText(caught));
    }
  };
  return (
    <div className="sim-clock" role="group" aria-label={t('sim.advance')}>
      {CLOCK_STEPS.map((amount) => (
        <button key={amount} type="button" disabled={simulation.busy} aria-label={`${t('sim.advanceBy')} ${amount}`} onClick={() => void move(amount)}>+{amount}</button>
      ))}
      <form className="input-row" onSubmit={(e) => { e.preventDefault(); if (by.trim()) void move(by.trim()); }}>
        <label htmlFor="sim-advance" className="visually-hidden">{t('sim.advanceBy')}</label>
        <input id="sim-advance" value={by} placeholder={t('sim.advanceCustom')} size={12} aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? 'sim-advance-error' : undefined} onChange={(e) => setBy(e.target.value)} />
        <button type="submit" disabled={simulation.busy || by.trim() === ''}>{t('sim.advanceGo')}</button>
      </form>
      {problem && <span id="sim-advance-error" className="field-error" role="alert">{problem}</span>}
    </div>
  );
}

/** The Simulate tab. */
export function SimulatePanel({ simulation, document, model, valid }: SimulatePanelProps) {
  const { t, language } = useI18n();
  const named = useServerLabels();
  const [open, setOpen] = useState<AvailableEvent>();
  const labels = useMemo(() => eventLabels(document), [document]);
  const stateLabels = useMemo(() => new Map(model.states.map((s) => [s.id, s.label])), [model]);
  const eventLabel = (type: string) => labels.get(type) ?? type;
  const stateLabel = (id: string) => stateLabels.get(id) ?? id;
  const frame = simulation.frame;
  const { roles } = draftRoles(document);
  const schema: JsonSchema = isRecord(document?.data) ? document.data : {};
  const words = useMemo(() => caseWords({ id: 'draft', version: 0, name: '', document, model, dataSchema: schema, stateLabels }, language, t), [document, model, schema, stateLabels, language, t]);
  const failure = simulation.error !== undefined && (!(simulation.error instanceof ApiError) || simulation.error.status !== 422 || simulation.error.diagnostics.length > 0)
    ? simulation.error : undefined;

  if (!simulation.started || !frame) {
    return (
      <div className="simulate">
        <p className="muted">{t('sim.intro')}</p>
        {!valid && <Notice kind="warning">{t('sim.fixFirst')}</Notice>}
        {failure !== undefined && <Notice kind="error">{errorText(failure)}</Notice>}
        {valid && <SimulateSetup simulation={simulation} document={document} />}
      </div>
    );
  }

  const opening = simulation.entries[0]?.frame.now ?? frame.now;
  return (
    <div className="simulate" data-state={frame.state}>
      <div className="sim-status">
        <div>
          <span className="muted">{t('case.state')} </span>
          <span className={`state-pill state-pill-large${frame.status === 'done' ? ' state-pill-done' : ''}`} data-testid="sim-state">{pickLabel(stateLabel(frame.state), language)}</span>
        </div>
        <div className="sim-now">
          <span className="muted">{t('sim.clock')} </span>
          <time dateTime={new Date(frame.now).toISOString()} data-testid="sim-clock">{formatTime(frame.now, language)}</time>
          <span className="muted"> · {t('sim.sinceOpening', { span: formatSpan(frame.now - opening, language) })}</span>
        </div>
        <button type="button" onClick={() => { setOpen(undefined); simulation.reset(); }}>{t('sim.reset')}</button>
      </div>
      {simulation.stale && (
        <Notice kind="info">
          {t('sim.stale')} <button type="button" className="button-quiet sim-link" disabled={!valid || simulation.busy} onClick={() => void simulation.rerun()}>{t('sim.replay')}</button>
        </Notice>
      )}
      {failure !== undefined && <Notice kind="error">{errorText(failure)}</Notice>}

      <section className="sim-section" aria-labelledby="sim-actions-title">
        <div className="sim-section-head">
          <h3 id="sim-actions-title">{t('sim.actions', { role: named.role(simulation.role) })}</h3>
          <RolePicker id="sim-role" roles={roles} value={simulation.role} disabled={simulation.busy}
            onChange={(role) => { setOpen(undefined); void simulation.setRole(role).catch(() => undefined); }} />
        </div>
        {frame.status === 'done' ? <p className="muted">{t('sim.done')}</p> : frame.actions.length === 0 ? <p className="muted">{t('sim.noActions', { role: named.role(simulation.role) })}</p> : (
          <div className="action-buttons">
            {frame.actions.map((action) => (
              <button key={action.type} type="button" className={open?.type === action.type ? 'button-primary' : ''} aria-expanded={open?.type === action.type}
                onClick={() => setOpen(open?.type === action.type ? undefined : action)}>
                {pickLabel(action.label ?? eventLabel(action.type), language)}
              </button>
            ))}
          </div>
        )}
        {open && (
          <EventForm key={`${open.type}-${simulation.entries.length}`} action={{ ...open, label: open.label ?? eventLabel(open.type) }}
            send={async (input) => { await simulation.send(open.type, input); setOpen(undefined); }} onCancel={() => setOpen(undefined)} />
        )}
        <ClockControls simulation={simulation} />
      </section>

      <section className="sim-section" aria-label={t('editor.diagram')}>
        <StateDiagram model={model} active={activeStates(frame.value)} title={t('editor.diagram')} />
      </section>

      <div className="sim-columns">
        <section className="sim-section" aria-labelledby="sim-deadlines-title">
          <h3 id="sim-deadlines-title">{t('sim.deadlines')}</h3>
          <SimDeadlines frame={frame} />
        </section>
        <section className="sim-section" aria-labelledby="sim-timers-title">
          <h3 id="sim-timers-title">{t('sim.timers')}</h3>
          <SimTimers frame={frame} timerLabel={words.timer} />
        </section>
      </div>

      <section className="sim-section" aria-labelledby="sim-activity-title">
        <h3 id="sim-activity-title">{t('sim.activity')}</h3>
        <SimActivity entries={simulation.entries} stateLabel={stateLabel} eventLabel={eventLabel} timerLabel={words.timer} />
      </section>

      <section className="sim-section" aria-labelledby="sim-data-title">
        <h3 id="sim-data-title">{t('sim.data.current')}</h3>
        <DataList data={frame.data} schema={schema} />
      </section>
    </div>
  );
}
