/**
 * The people and units the signed-in user can see (`GET /api/users`, `GET /api/units`), to
 * name a holder by their display name and a unit by its label. Loaded once a minute at most and
 * shared by every component; a server without them leaves usernames and unit ids as they are.
 */
import { useEffect, useState } from 'react';
import { client, done, ok } from '../api.js';
import { pickLabel, useI18n } from '../i18n/index.js';
import type { PublicUser, Unit } from '../types.js';

/** What the UI knows of the organisation. */
export interface Directory {
  people: PublicUser[];
  units: Unit[];
}

const EMPTY: Directory = { people: [], units: [] };
const FRESH_MS = 60_000;
let cached: { at: number; directory: Promise<Directory> } | undefined;

/** Reads the people the caller may see, and whose absence they may set. */
export function readUsers(signal?: AbortSignal) {
  return ok(client.GET('/api/users', { signal }));
}

/** Marks a person back from their absence. */
export function clearAbsence(id: string): Promise<void> {
  return done(client.DELETE('/api/users/{id}/absence', { params: { path: { id } } }));
}

async function loadDirectory(): Promise<Directory> {
  let failed = false;
  const [users, units] = await Promise.all([
    readUsers().catch(() => { failed = true; return { items: [] }; }),
    ok(client.GET('/api/units')).catch(() => { failed = true; return { units: [] }; }),
  ]);
  // A refused load (before signing in, or a role that may not list people) is asked again next time, not kept for a minute.
  if (failed) cached = undefined;
  return { people: users.items, units: units.units };
}

/** The directory, loaded on first use and again when it is over a minute old. */
export function useDirectory(): Directory {
  const [directory, setDirectory] = useState<Directory>(EMPTY);
  useEffect(() => {
    let live = true;
    if (!cached || Date.now() - cached.at > FRESH_MS) cached = { at: Date.now(), directory: loadDirectory() };
    void cached.directory.then((loaded) => { if (live) setDirectory(loaded); });
    return () => { live = false; };
  }, []);
  return directory;
}

/** Names people by their display name (else username) and units by their label in the current language. */
export function useNames(): { person(username: string): string; unit(id: string): string; directory: Directory } {
  const directory = useDirectory();
  const { language } = useI18n();
  const byUsername = new Map(directory.people.map((p) => [p.username, p]));
  const units = new Map(directory.units.map((u) => [u.id, u.label]));
  return {
    person(username) {
      return byUsername.get(username)?.displayName || username;
    },
    unit(id) {
      const label = units.get(id);
      return label ? pickLabel(label, language) : id;
    },
    directory,
  };
}
