/**
 * Turns a parsed process document (possibly half-written, as it is being edited) into the
 * states, clusters, transitions and badges the diagram draws. Pure; tolerant of any shape.
 */

/** A badge on a state: a deadline, a warning or escalation mark, or a timer. */
export interface Badge {
  kind: 'deadline' | 'warn' | 'escalate' | 'timer' | 'pause';
  text: string;
  /** Name of a process-level deadline the badge belongs to (may be bilingual). */
  label?: string;
}

/** A state in the diagram. Compound and parallel states are drawn as clusters. */
export interface DiagramState {
  id: string;
  label: string;
  parent?: string;
  kind: 'atomic' | 'final' | 'compound' | 'parallel';
  initial: boolean;
  badges: Badge[];
}

/** A transition: an event (or `onDone`) from one state to another. */
export interface DiagramEdge {
  from: string;
  to: string;
  label: string;
  guarded: boolean;
  kind: 'event' | 'done' | 'timer';
}

/** Everything the diagram shows. */
export interface DiagramModel {
  states: DiagramState[];
  edges: DiagramEdge[];
  initial?: string;
  /** Process-level deadline clocks not tied to listed states, shown as a legend. */
  notes: Badge[];
}

type Doc = Record<string, unknown>;

function isDoc(value: unknown): value is Doc {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

/** A duration as written: `24h`, or `ƒ` for a computed one. */
function durationText(value: unknown): string {
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (isDoc(value) && typeof value.expr === 'string') return 'ƒ';
  return '?';
}

function deadlineBadges(deadline: Doc, name?: string): Badge[] {
  const badges: Badge[] = [{ kind: 'deadline', text: durationText(deadline.within), label: name ? text(deadline.label) ?? name : undefined }];
  if (isDoc(deadline.warn)) badges.push({ kind: 'warn', text: `${durationText(deadline.warn.at)}` });
  if (Array.isArray(deadline.escalate)) {
    for (const rung of deadline.escalate) if (isDoc(rung)) badges.push({ kind: 'escalate', text: durationText(rung.at) });
  }
  return badges;
}

function targetsOf(target: unknown): Array<{ to: string; guarded: boolean }> {
  if (typeof target === 'string') return [{ to: target, guarded: false }];
  if (!Array.isArray(target)) return [];
  const out: Array<{ to: string; guarded: boolean }> = [];
  for (const branch of target) {
    if (isDoc(branch) && typeof branch.to === 'string') out.push({ to: branch.to, guarded: typeof branch.if === 'string' });
  }
  return out;
}

/** Builds the diagram model of a parsed process document. */
export function buildDiagram(document: unknown): DiagramModel {
  const model: DiagramModel = { states: [], edges: [], notes: [] };
  if (!isDoc(document) || !isDoc(document.states)) return model;
  model.initial = text(document.initial);
  const byId = new Map<string, DiagramState>();

  const visit = (states: Doc, parent: DiagramState | undefined, initial: string | undefined) => {
    for (const [id, raw] of Object.entries(states)) {
      const def = isDoc(raw) ? raw : {};
      const children = isDoc(def.states) ? def.states : undefined;
      const kind: DiagramState['kind'] = children && Object.keys(children).length > 0
        ? (def.parallel === true ? 'parallel' : 'compound')
        : def.final === true ? 'final' : 'atomic';
      const state: DiagramState = {
        id, label: text(def.label) ?? id, parent: parent?.id, kind,
        initial: parent?.kind === 'parallel' ? false : id === initial, badges: [],
      };
      if (isDoc(def.deadline)) state.badges.push(...deadlineBadges(def.deadline));
      const timerEvents = new Set<string>();
      if (Array.isArray(def.timers)) {
        for (const timer of def.timers) {
          if (!isDoc(timer)) continue;
          const when = timer.in !== undefined ? durationText(timer.in) : timer.at !== undefined ? '@' : '';
          const every = timer.every !== undefined ? ` ↻${durationText(timer.every)}${typeof timer.max === 'number' ? `×${timer.max}` : ''}` : '';
          state.badges.push({ kind: 'timer', text: `${when}${every}`.trim() || (text(timer.id) ?? 'timer') });
          if (typeof timer.send === 'string') timerEvents.add(timer.send);
        }
      }
      model.states.push(state);
      byId.set(id, state);
      if (isDoc(def.on)) {
        for (const [event, rawEvent] of Object.entries(def.on)) {
          const ev = isDoc(rawEvent) ? rawEvent : {};
          const label = text(ev.label) ?? event;
          for (const target of targetsOf(ev.to)) {
            model.edges.push({
              from: id, to: target.to, label, guarded: target.guarded || typeof ev.if === 'string',
              kind: timerEvents.has(event) ? 'timer' : 'event',
            });
          }
        }
      }
      for (const target of targetsOf(def.onDone)) model.edges.push({ from: id, to: target.to, label: 'done', guarded: target.guarded, kind: 'done' });
      if (children) visit(children, state, text(def.initial) ?? Object.keys(children)[0]);
    }
  };
  visit(document.states, undefined, model.initial);

  if (isDoc(document.deadlines)) {
    for (const [name, raw] of Object.entries(document.deadlines)) {
      if (!isDoc(raw)) continue;
      const badges = deadlineBadges(raw, name);
      const active = Array.isArray(raw.activeIn) ? raw.activeIn.filter((s): s is string => typeof s === 'string') : [];
      if (active.length === 0) model.notes.push(...badges);
      for (const stateId of active) byId.get(stateId)?.badges.push(badges[0]);
      if (Array.isArray(raw.pausedIn)) {
        for (const stateId of raw.pausedIn) {
          if (typeof stateId === 'string') byId.get(stateId)?.badges.push({ kind: 'pause', text: '', label: text(raw.label) ?? name });
        }
      }
    }
  }
  model.edges = model.edges.filter((edge) => byId.has(edge.to));
  return model;
}

/** Names of every state active in an XState state value (`{a: {b: 'c'}}` gives a, b, c). */
export function activeStates(value: unknown): Set<string> {
  const names = new Set<string>();
  const walk = (node: unknown) => {
    if (typeof node === 'string') names.add(node);
    else if (isDoc(node)) {
      for (const [key, child] of Object.entries(node)) {
        names.add(key);
        walk(child);
      }
    }
  };
  walk(value);
  return names;
}
