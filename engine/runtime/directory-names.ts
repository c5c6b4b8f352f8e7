/**
 * Puts the directory's names into text the engine rendered with name markers (see
 * `compile/directory-names.ts`): a unit by the Chinese part of its label, a person by their
 * display name. Done where text leaves the engine — outbox rows as they are committed, titles as
 * they are read — so the step stays pure and replay never depends on the directory.
 */
import { hasNameMarkers, namedIds, withNames, type DirectoryNames } from '../compile/directory-names.js';
import { labelIn } from '../field-rules.js';
import type { SimulationFrame, SimulationResult } from './simulate.js';
import type { CaseCommit } from './store.js';
import { personName, type PeopleDirectory } from './people.js';

/** The names the markers of `texts` need, read from the directory (none without one). */
export async function readNames(people: PeopleDirectory | undefined, texts: readonly string[]): Promise<DirectoryNames | undefined> {
  const marked = texts.filter(hasNameMarkers);
  if (people === undefined || marked.length === 0) return undefined;
  const units = new Set<string>();
  const ids = new Set<string>();
  for (const text of marked) {
    const named = namedIds(text);
    for (const id of named.units) units.add(id);
    for (const id of named.people) ids.add(id);
  }
  const unitLabels = new Map<string, string>();
  if (units.size > 0) {
    for (const unit of await people.units()) if (units.has(unit.id)) unitLabels.set(unit.id, labelIn(unit.label, 'zh'));
  }
  const personNames = new Map<string, string>();
  for (const id of ids) {
    const person = await people.person(id);
    if (person) personNames.set(id, personName(person));
  }
  return { unit: (id) => unitLabels.get(id), person: (id) => personNames.get(id) };
}

/** The texts with their markers named. */
export async function named(people: PeopleDirectory | undefined, texts: readonly string[]): Promise<string[]> {
  if (!texts.some(hasNameMarkers)) return [...texts];
  const names = await readNames(people, texts);
  return texts.map((text) => withNames(text, names));
}

/** One text with its markers named. */
export async function namedText(people: PeopleDirectory | undefined, text: string): Promise<string> {
  return hasNameMarkers(text) ? (await named(people, [text]))[0] : text;
}

/** Names the markers of a commit's outbox rows in place, before they are written. */
export async function nameOutbox(people: PeopleDirectory | undefined, outbox: CaseCommit['outbox']): Promise<void> {
  const texts = outbox.flatMap((row) => (row.subject === undefined ? [row.body] : [row.body, row.subject]));
  if (!texts.some(hasNameMarkers)) return;
  const names = await readNames(people, texts);
  for (const row of outbox) {
    row.body = withNames(row.body, names);
    if (row.subject !== undefined) row.subject = withNames(row.subject, names);
  }
}

/** A simulation's messages with their markers named (the trial itself has no directory). */
export async function namedSimulation(people: PeopleDirectory | undefined, result: SimulationResult): Promise<SimulationResult> {
  const frames = result.start === undefined ? result.steps : [result.start, ...result.steps];
  const texts = frames.flatMap((frame) => frame.notifications.flatMap((message) => (message.subject === undefined ? [message.body] : [message.body, message.subject])));
  if (!texts.some(hasNameMarkers)) return result;
  const names = await readNames(people, texts);
  const nameFrame = (frame: SimulationFrame): SimulationFrame => ({
    ...frame,
    notifications: frame.notifications.map((message) => ({
      ...message, body: withNames(message.body, names), ...(message.subject === undefined ? {} : { subject: withNames(message.subject, names) }),
    })),
  });
  return { ...result, ...(result.start === undefined ? {} : { start: nameFrame(result.start) }), steps: result.steps.map(nameFrame) };
}
