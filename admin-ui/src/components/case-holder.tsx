/**
 * Who handles a case: its holder (or the queue it waits in) and unit, with Claim, Release and
 * Assign to… as far as the user may; a refusal of the server is shown as it said it.
 */
import { useState } from 'react';
import { AssignForm } from './assign-form.js';
import { Notice, errorText } from './notice.js';
import { useI18n } from '../i18n/index.js';
import { useServerLabels } from '../session.js';
import { useNames } from '../lib/people.js';
import { assignCase, claimCase, holdAbilities, queueRolesOf, releaseCase } from '../lib/work.js';
import type { CaseView, User } from '../types.js';

/** Props: the case, the user, its process's definition, and what to do with the changed case. */
export interface CaseHolderProps {
  view: CaseView;
  user: User;
  document: Record<string, unknown> | undefined;
  onChange(view: CaseView, message: string): void;
}

/** The holder card. */
export function CaseHolder({ view, user, document, onChange }: CaseHolderProps) {
  const { t } = useI18n();
  const names = useNames();
  const named = useServerLabels();
  const [assigning, setAssigning] = useState(false);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const can = holdAbilities(view, user, document);
  const holder = view.assignee;

  const run = async (change: () => Promise<CaseView>, message: (next: CaseView) => string) => {
    setBusy(true);
    setError(undefined);
    try {
      const next = await change();
      onChange(next, message(next));
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setBusy(false);
    }
  };

  let who: string;
  if (holder === user.username) who = t('holder.you');
  else if (holder !== undefined) who = t('holder.by', { user: names.person(holder) });
  else if (view.status === 'active' && view.actionableRoles.length > 0) who = t('holder.queue', { roles: named.roles(queueRolesOf(view, document)) });
  else who = t('holder.nobody');

  return (
    <section className="card case-holder" aria-labelledby="holder-title">
      <h2 id="holder-title">{t('holder.title')}</h2>
      <p className="holder-who" data-testid="case-holder"><strong>{who}</strong></p>
      {view.unit && <p className="muted">{t('holder.unit', { unit: names.unit(view.unit) })}</p>}
      {error && <Notice kind="error">{error}</Notice>}
      {(can.claim || can.release || can.assign) && (
        <div className="action-buttons">
          {can.claim && (
            <button type="button" className="button-primary" disabled={busy}
              onClick={() => void run(() => claimCase(view.id), () => t('work.claimed', { id: view.id }))}>{t('work.claim')}</button>
          )}
          {can.release && (
            <button type="button" disabled={busy}
              onClick={() => void run(() => releaseCase(view.id), () => t('work.released', { id: view.id }))}>{t('work.release')}</button>
          )}
          {can.assign && (
            <button type="button" disabled={busy} aria-expanded={assigning} onClick={() => setAssigning(!assigning)}>{t('work.assignTo')}</button>
          )}
        </div>
      )}
      {assigning && (
        <AssignForm known={holder ? [holder] : []} onCancel={() => setAssigning(false)}
          assign={async (to, reason) => {
            const next = await assignCase(view.id, to, reason);
            setAssigning(false);
            onChange(next, t('work.assigned', { id: view.id, user: names.person(next.assignee ?? to) }));
          }} />
      )}
    </section>
  );
}
