/** A case as lists show it: its title (one line from its process's `title`), its id beneath. */
import { useI18n } from '../i18n/index.js';
import { Link } from '../router.js';
import type { CaseListItem } from '../types.js';

/** Props: the case, and where its name leads (none: plain text). */
export interface CaseNameProps {
  item: Pick<CaseListItem, 'id' | 'title'>;
  to?: string;
}

/**
 * Title over id. The title is plain text from the server, left for React to escape (it is not
 * HTML-escaped on the server, so it is escaped exactly once). A case without one shows "untitled".
 */
export function CaseName({ item, to }: CaseNameProps) {
  const { t } = useI18n();
  const title = item.title ? <span className="case-name-title">{item.title}</span> : <span className="case-name-title muted">{t('case.untitled')}</span>;
  const id = <span className="case-id">{item.id}</span>;
  if (to === undefined) return <span className="case-name" title={item.title}>{title}{id}</span>;
  return <Link to={to} className="case-name" title={item.title}>{title}{id}</Link>;
}
