/** The server's words (roles, case statuses) read in one language, as `GET /api/me` labels them. */
import { pickLabel, type Language } from '../i18n/index.js';
import type { ServerLabels } from '../types.js';

/** Names of roles and case statuses in a language (the id when the server has no label). */
export interface ServerWords {
  role(id: string): string;
  /** Several roles as one phrase, joined as the language lists things. */
  roles(ids: readonly string[]): string;
  status(id: string): string;
}

/** The server's labels read in `language`. */
export function serverWords(labels: ServerLabels, language: Language): ServerWords {
  const role = (id: string) => pickLabel(labels.roles[id] ?? id, language);
  return {
    role,
    roles: (ids) => ids.map(role).join(language === 'zh' ? '、' : ', '),
    status: (id) => pickLabel(labels.statuses[id] ?? id, language),
  };
}
