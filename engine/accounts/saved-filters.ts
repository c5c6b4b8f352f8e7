/**
 * Saved inbox filters: a name and the list's query parameters, kept per person and optionally
 * shared with everyone of a unit or of a role.
 */

/** One saved filter. `query` holds the inbox's query parameters (`view`, `process`, `sort`…). */
export interface SavedFilter {
  id: string;
  ownerId: string;
  name: string;
  query: Record<string, string>;
  sharedUnit?: string;
  sharedRole?: string;
  createdAt: number;
}

/** Storage of saved filters. */
export interface SavedFilterStore {
  /** The filters a person sees: their own and those shared with one of their units or roles. */
  list(viewer: { userId: string; units: string[]; roles: string[] }): Promise<SavedFilter[]>;
  get(id: string): Promise<SavedFilter | undefined>;
  save(filter: SavedFilter): Promise<SavedFilter>;
  /** Removes a filter; false when there was none. */
  remove(id: string): Promise<boolean>;
}
