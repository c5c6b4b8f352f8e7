/**
 * The state diagram as SVG: states, clusters for nested and parallel states, transitions,
 * deadline and timer badges, and the case's current states highlighted.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { pickLabel, useI18n } from '../i18n/index.js';
import { BADGE_HEIGHT, LINE_HEIGHT, layoutDiagram, textWidth, type PlacedState } from './layout.js';
import type { Badge, DiagramModel } from './model.js';

const badgeIcon: Record<Badge['kind'], string> = { deadline: '◷', warn: '⚠', escalate: '↑', timer: '↻', pause: '‖' };

/** Props of the diagram. */
export interface StateDiagramProps {
  model: DiagramModel;
  /** States to highlight (the case's current configuration). */
  active?: Set<string>;
  title: string;
}

function BadgeRow({ badges, x, y }: { badges: Badge[]; x: number; y: number }) {
  let cursor = x;
  return (
    <g>
      {badges.map((badge, i) => {
        const width = textWidth(badge.text, 11) + 24;
        const left = cursor;
        cursor += width + 4;
        return (
          <g key={i} className={`badge badge-${badge.kind}`}>
            <rect x={left} y={y} width={width} height={BADGE_HEIGHT} rx={9} />
            <text x={left + 6} y={y + 13}>{badgeIcon[badge.kind]} {badge.text}</text>
          </g>
        );
      })}
    </g>
  );
}

function StateBox({ placed, active, label }: { placed: PlacedState; active: boolean; label: string[] }) {
  const { state, x, y, width, height, badgeRows } = placed;
  const left = x - width / 2;
  const top = y - height / 2;
  const textTop = top + 9 + 13;
  const classes = ['state', `state-${state.kind}`, active ? 'state-active' : ''].join(' ');
  return (
    <g className={classes} data-state={state.id}>
      <title>{state.id}</title>
      <rect x={left} y={top} width={width} height={height} rx={10} />
      {state.kind === 'final' && <rect className="final-inner" x={left + 3} y={top + 3} width={width - 6} height={height - 6} rx={8} />}
      {label.map((line, i) => (
        <text key={i} className="state-label" x={x} y={textTop + i * LINE_HEIGHT} textAnchor="middle">{line}</text>
      ))}
      {badgeRows.map((row, i) => {
        const rowWidth = row.reduce((sum, b) => sum + textWidth(b.text, 11) + 28, -4);
        return <BadgeRow key={i} badges={row} x={x - rowWidth / 2} y={top + 14 + label.length * LINE_HEIGHT + i * (BADGE_HEIGHT + 4)} />;
      })}
    </g>
  );
}

/** Draws a process diagram; each render re-lays it out from the model. */
export function StateDiagram({ model, active, title }: StateDiagramProps) {
  const { language, t } = useI18n();
  const [fit, setFit] = useState(true);
  const layout = useMemo(() => {
    const shownBadge = (b: Badge): Badge => (b.label ? { ...b, text: [pickLabel(b.label, language), b.text].filter(Boolean).join(' ') } : b);
    const local = { ...model, states: model.states.map((s) => ({ ...s, badges: s.badges.map(shownBadge) })), notes: model.notes.map(shownBadge) };
    return layoutDiagram(local, (s) => pickLabel(s.label, language));
  }, [model, language]);
  const scroller = useRef<HTMLDivElement>(null);
  const activeKey = active ? [...active].sort().join(',') : '';
  useEffect(() => {
    // A wide diagram scrolls; bring the case's current state into view.
    const box = scroller.current;
    const current = box?.querySelector('.state-active');
    if (!box || !current) return;
    const outer = box.getBoundingClientRect();
    const inner = current.getBoundingClientRect();
    box.scrollLeft += inner.left + inner.width / 2 - (outer.left + outer.width / 2);
  }, [activeKey, layout, fit]);
  const shown = (p: PlacedState) => p.lines;
  if (model.states.length === 0) return null;
  return (
    <div className="diagram-box">
      <button type="button" className="button-quiet diagram-zoom" aria-pressed={!fit} onClick={() => setFit(!fit)}>
        {fit ? t('diagram.actual') : t('diagram.fit')}
      </button>
      <div className="diagram-scroll" ref={scroller}>
        <svg className="diagram" role="img" aria-label={title} viewBox={`0 0 ${layout.width} ${layout.height + 8}`}
          style={{ width: fit ? `min(${layout.width}px, 100%)` : `${layout.width}px`, height: 'auto' }}>
          <defs>
            <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
              <path d="M 0 0 L 10 5 L 0 10 z" className="arrow-head" />
            </marker>
          </defs>
          {layout.clusters.map((cluster) => {
            const left = cluster.x - cluster.width / 2;
            const top = cluster.y - cluster.height / 2;
            const caption = cluster.lines.join(' ') + (cluster.state.kind === 'parallel' ? ' ∥' : '');
            const isActive = active?.has(cluster.state.id) ?? false;
            return (
              <g key={cluster.state.id} className={`cluster cluster-${cluster.state.kind}${isActive ? ' cluster-active' : ''}`} data-state={cluster.state.id}>
                <rect x={left} y={top} width={cluster.width} height={cluster.height} rx={12} />
                <rect className="cluster-caption-bg" x={left + 10} y={top - 9} width={textWidth(caption, 12) + 12} height={18} rx={4} />
                <text className="cluster-caption" x={left + 16} y={top + 4}>{caption}</text>
                {cluster.badgeRows[0] && <BadgeRow badges={cluster.badgeRows[0]} x={left + textWidth(caption, 12) + 30} y={top - 9} />}
              </g>
            );
          })}
          {layout.edges.map((placed, i) => {
            const d = placed.points.map((p, j) => `${j === 0 ? 'M' : 'L'} ${p.x.toFixed(1)} ${p.y.toFixed(1)}`).join(' ');
            const { edge } = placed;
            return (
              <g key={i} className={`edge edge-${edge.kind}${edge.guarded ? ' edge-guarded' : ''}`}>
                <path d={d} markerEnd="url(#arrow)" />
                {edge.label && (
                  <g className="edge-label">
                    <rect x={placed.labelX - placed.labelWidth / 2} y={placed.labelY - 8} width={placed.labelWidth} height={16} rx={3} />
                    <text x={placed.labelX} y={placed.labelY + 4} textAnchor="middle">{edge.kind === 'timer' ? '↻ ' : ''}{pickLabel(edge.label, language)}</text>
                  </g>
                )}
              </g>
            );
          })}
          {layout.start && <circle className="start" cx={layout.start.x} cy={layout.start.y} r={7} />}
          {layout.states.map((placed) => (
            <StateBox key={placed.state.id} placed={placed} active={active?.has(placed.state.id) ?? false} label={shown(placed)} />
          ))}
        </svg>
        {layout.notes.length > 0 && (
          <p className="diagram-notes">
            {layout.notes.map((badge, i) => <span key={i} className={`badge-inline badge-${badge.kind}`}>{badgeIcon[badge.kind]} {badge.text}</span>)}
          </p>
        )}
      </div>
    </div>
  );
}
