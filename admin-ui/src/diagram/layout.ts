/**
 * Lays out a diagram model with dagre: states as boxes, compound and parallel states as
 * clusters around their children, transitions as polylines with their labels placed.
 */
import dagre, { type EdgeLabel, type GraphLabel, type NodeLabel, type Point } from '@dagrejs/dagre';
import type { Badge, DiagramEdge, DiagramModel, DiagramState } from './model.js';

/** A placed box (centre x, y). */
export interface PlacedState {
  state: DiagramState;
  x: number;
  y: number;
  width: number;
  height: number;
  lines: string[];
  badgeRows: Badge[][];
}

/** A placed transition. */
export interface PlacedEdge {
  edge: DiagramEdge;
  points: Array<{ x: number; y: number }>;
  labelX: number;
  labelY: number;
  labelWidth: number;
}

/** The laid-out diagram. */
export interface Layout {
  width: number;
  height: number;
  states: PlacedState[];
  clusters: PlacedState[];
  edges: PlacedEdge[];
  start?: { x: number; y: number };
  /** Badges of process-level clocks not tied to states, as shown. */
  notes: Badge[];
}

const FONT_SIZE = 13;
export const LINE_HEIGHT = 17;
export const BADGE_HEIGHT = 18;
const MAX_TEXT_WIDTH = 150;

/** Approximate rendered width of a text: CJK glyphs are about a full em, latin about 0.6. */
export function textWidth(value: string, size = FONT_SIZE): number {
  let width = 0;
  for (const char of value) width += /[\u2e80-\uffff]/.test(char) ? size : size * 0.6;
  return width;
}

/** Breaks a label into lines no wider than `max`, at spaces, or anywhere in CJK text. */
export function wrapText(value: string, max = MAX_TEXT_WIDTH, size = FONT_SIZE): string[] {
  const lines: string[] = [];
  let line = '';
  const tokens = value.match(/[\u2e80-\uffff]|[^\s\u2e80-\uffff]+|\s+/g) ?? [];
  for (const token of tokens) {
    const candidate = line + token;
    if (line && textWidth(candidate.trimEnd(), size) > max) {
      lines.push(line.trim());
      line = token.trim() ? token : '';
    } else line = candidate;
  }
  if (line.trim()) lines.push(line.trim());
  return lines.length ? lines : [value];
}

function badgeRows(badges: Badge[], max: number): Badge[][] {
  const rows: Badge[][] = [];
  let row: Badge[] = [];
  let width = 0;
  for (const badge of badges) {
    const w = textWidth(badge.text, 11) + 26;
    if (row.length && width + w > max) {
      rows.push(row);
      row = [];
      width = 0;
    }
    row.push(badge);
    width += w + 4;
  }
  if (row.length) rows.push(row);
  return rows;
}

const START = '\u0000start';

/** Lays the model out top to bottom; `label` picks the shown text of a state. */
export function layoutDiagram(model: DiagramModel, label: (state: DiagramState) => string): Layout {
  const graph = new dagre.graphlib.Graph<GraphLabel, NodeLabel, EdgeLabel>({ compound: true, multigraph: true });
  graph.setGraph({ rankdir: 'TB', nodesep: 28, ranksep: 46, edgesep: 12, marginx: 12, marginy: 12 });
  graph.setDefaultEdgeLabel(() => ({}));
  const byId = new Map(model.states.map((s) => [s.id, s]));
  const children = new Map<string, DiagramState[]>();
  for (const state of model.states) {
    if (state.parent) children.set(state.parent, [...(children.get(state.parent) ?? []), state]);
  }
  const isCluster = (s: DiagramState) => s.kind === 'compound' || s.kind === 'parallel';
  const boxes = new Map<string, Omit<PlacedState, 'x' | 'y'>>();

  for (const state of model.states) {
    const lines = wrapText(label(state));
    if (isCluster(state)) {
      graph.setNode(state.id, { width: 0, height: 0, paddingTop: 28 });
      boxes.set(state.id, { state, width: 0, height: 0, lines, badgeRows: badgeRows(state.badges, 400) });
      continue;
    }
    const textW = Math.max(...lines.map((l) => textWidth(l)));
    const rows = badgeRows(state.badges, Math.max(textW, 120));
    const rowW = Math.max(0, ...rows.map((r) => r.reduce((sum, b) => sum + textWidth(b.text, 11) + 30, 0)));
    const width = Math.max(110, textW + 28, rowW + 12);
    const height = 18 + lines.length * LINE_HEIGHT + rows.length * (BADGE_HEIGHT + 4);
    graph.setNode(state.id, { width, height });
    boxes.set(state.id, { state, width, height, lines, badgeRows: rows });
  }
  for (const state of model.states) if (state.parent && byId.has(state.parent)) graph.setParent(state.id, state.parent);

  // dagre cannot route edges to a cluster, so an edge to a compound state goes to its initial leaf.
  const entryLeaf = (id: string): string => {
    const state = byId.get(id);
    const kids = state ? children.get(id) : undefined;
    if (!state || !kids?.length) return id;
    return entryLeaf((kids.find((k) => k.initial) ?? kids[0]).id);
  };
  const exitLeaf = (id: string): string => {
    const kids = children.get(id);
    if (!kids?.length) return id;
    return exitLeaf((kids.find((k) => k.kind === 'final') ?? kids[kids.length - 1]).id);
  };

  if (model.initial && byId.has(model.initial)) {
    graph.setNode(START, { width: 14, height: 14 });
    graph.setEdge(START, entryLeaf(model.initial), { index: -1 }, 'start');
  }
  model.edges.forEach((edge, index) => {
    const w = textWidth(edge.label, 11) + 10;
    graph.setEdge(exitLeaf(edge.from), entryLeaf(edge.to), { width: w, height: 16, labelpos: 'c', index }, `e${index}`);
  });

  dagre.layout(graph);
  const layout: Layout = { width: 0, height: 0, states: [], clusters: [], edges: [], notes: model.notes };
  for (const id of graph.nodes()) {
    const node = graph.node(id);
    const x = node.x ?? 0, y = node.y ?? 0, width = node.width, height = node.height;
    if (id === START) {
      layout.start = { x, y };
      continue;
    }
    const box = boxes.get(id);
    if (!box) continue;
    const placed = { ...box, x, y, width, height };
    if (isCluster(box.state)) layout.clusters.push(placed);
    else layout.states.push(placed);
  }
  for (const ref of graph.edges()) {
    const data = graph.edge(ref);
    const index = typeof data.index === 'number' ? data.index : -1;
    const points = (data.points ?? []).map((p: Point) => ({ x: p.x, y: p.y }));
    if (index < 0) {
      if (layout.start) layout.edges.push({ edge: { from: START, to: ref.w, label: '', guarded: false, kind: 'event' }, points, labelX: 0, labelY: 0, labelWidth: 0 });
      continue;
    }
    layout.edges.push({ edge: model.edges[index], points, labelX: data.x ?? 0, labelY: data.y ?? 0, labelWidth: data.width ?? 0 });
  }
  const size = graph.graph();
  layout.width = Number(size.width) || 200;
  layout.height = Number(size.height) || 100;
  // Clusters nest: draw outer ones first.
  const depth = (s: DiagramState): number => (s.parent ? 1 + depth(byId.get(s.parent) ?? { ...s, parent: undefined }) : 0);
  layout.clusters.sort((a, b) => depth(a.state) - depth(b.state));
  return layout;
}
