/**
 * The event inputs of a written process, for the expansion steps that rewrite input schemas.
 */
import { isRecord } from './schema-properties.js';
import type { DocPath } from './source-map.js';

/** Calls `visit` with every event's input schema (nested states included) and its path in the file. */
export function forEachEventInput(process: Record<string, unknown>, visit: (input: Record<string, unknown>, path: DocPath) => void): void {
  const walkStates = (states: unknown, path: DocPath): void => {
    if (!isRecord(states)) return;
    for (const [name, state] of Object.entries(states)) {
      if (!isRecord(state)) continue;
      if (isRecord(state.on)) {
        for (const [event, definition] of Object.entries(state.on)) {
          if (isRecord(definition) && isRecord(definition.input)) visit(definition.input, [...path, name, 'on', event, 'input']);
        }
      }
      walkStates(state.states, [...path, name, 'states']);
    }
  };
  walkStates(process.states, ['states']);
}
