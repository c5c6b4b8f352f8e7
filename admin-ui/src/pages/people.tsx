/**
 * The People page: who works in which unit, how to reach them, and who stands in while
 * someone is away. Administrators see everyone and add people and units; supervisors see the
 * people of their units and mark them away.
 */
import { useState } from 'react';
import { client, ok } from '../api.js';
import { Notice, errorText } from '../components/notice.js';
import type { MessageKey } from '../i18n/en.js';
import { pickLabel, useI18n } from '../i18n/index.js';
import { formatTime, useNow } from '../lib/clock.js';
import { clearAbsence, readUsers } from '../lib/people.js';
import { useApi } from '../lib/use-api.js';
import { useServerLabels, useSession } from '../session.js';
import type { PublicUser } from '../types.js';
import { AbsenceForm, AddPersonForm, UnitsForm } from './people-forms.js';
import { UnitsSection } from './units-section.js';
import './people.css';

/** One line saying whether someone is away now or will be; `people` names the stand-in. */
function AbsenceText({ person, people }: { person: PublicUser; people: PublicUser[] }) {
  const { t, language } = useI18n();
  const now = useNow(60_000);
  const absence = person.absence;
  if (person.disabled) return <span className="person-status person-disabled">{t('people.disabled')}</span>;
  if (!absence || absence.until <= now) return <span className="person-status">{t('people.active')}</span>;
  const standIn = people.find((other) => other.id === absence.delegateId);
  const delegate = standIn?.displayName ?? absence.delegate ?? absence.delegateId;
  const text = absence.from <= now
    ? t('people.awayUntil', { until: formatTime(absence.until, language), delegate })
    : t('people.awayFrom', { from: formatTime(absence.from, language), until: formatTime(absence.until, language), delegate });
  return (
    <span className="person-status person-away">
      {text}{absence.reason && <span className="muted"> · {absence.reason}</span>}
    </span>
  );
}

/** The People page. */
export function PeoplePage() {
  const { t, language } = useI18n();
  const { user: me } = useSession();
  const named = useServerLabels();
  const users = useApi(['/api/users'], readUsers);
  const directory = useApi(['/api/units'], (signal) => ok(client.GET('/api/units', { signal })));
  const [open, setOpen] = useState<{ id: string; form: 'units' | 'away' }>();
  const [unitFilter, setUnitFilter] = useState('');
  const [message, setMessage] = useState<{ key: MessageKey; user?: string }>();
  const [error, setError] = useState<unknown>();
  if (!me) return null;
  const admin = me.rights.administer;
  const manageable = new Set(users.data?.manageable ?? []);
  const people = users.data?.items ?? [];
  const org = directory.data;
  const labelOf = (id: string) => pickLabel(org?.units.find((unit) => unit.id === id)?.label ?? id, language);
  const shown = unitFilter ? people.filter((person) => person.units.includes(unitFilter)) : people;

  const saved = (key: MessageKey, user?: string) => {
    setOpen(undefined);
    setError(undefined);
    setMessage({ key, user });
    users.reload();
  };
  const markBack = async (person: PublicUser) => {
    try {
      await clearAbsence(person.id);
      saved('people.saved');
    } catch (caught) {
      setError(caught);
    }
  };

  return (
    <section aria-labelledby="people-title" className="people-page">
      <div className="page-head">
        <div>
          <h1 id="people-title">{t('nav.people')}</h1>
          <p className="muted">{admin ? t('people.intro') : t('people.introSupervisor')}</p>
        </div>
        {org && org.units.length > 0 && (
          <div className="field">
            <label htmlFor="people-unit">{t('people.filterUnit')}</label>
            <select id="people-unit" value={unitFilter} onChange={(e) => setUnitFilter(e.target.value)}>
              <option value="">{t('people.allUnits')}</option>
              {org.units.map((unit) => <option key={unit.id} value={unit.id}>{pickLabel(unit.label, language)}</option>)}
            </select>
          </div>
        )}
      </div>
      <div aria-live="polite">
        {message && <Notice kind="success">{t(message.key, message.user === undefined ? undefined : { user: message.user })}</Notice>}
        {(error ?? users.error ?? directory.error) !== undefined && <Notice kind="error">{errorText(error ?? users.error ?? directory.error)}</Notice>}
      </div>
      {users.loading && !users.data ? <p className="muted">{t('common.loading')}</p> : shown.length === 0 ? <p className="empty">{t('people.empty')}</p> : (
        <div className="table-scroll">
          <table className="cases people-table">
            <thead>
              <tr>
                <th scope="col">{t('people.name')}</th>
                <th scope="col">{t('people.roles')}</th>
                <th scope="col">{t('people.units')}</th>
                <th scope="col">{t('people.email')}</th>
                <th scope="col">{t('people.status')}</th>
                <th scope="col"><span className="visually-hidden">{t('people.markAway')}</span></th>
              </tr>
            </thead>
            <tbody>
              {shown.map((person) => {
                const canManage = manageable.has(person.id);
                const away = person.absence !== undefined;
                return (
                  <tr key={person.id} data-person={person.username}>
                    <td>
                      <strong>{person.displayName ?? person.username}</strong>
                      {person.displayName && <div className="muted case-id">{person.username}</div>}
                    </td>
                    <td>{named.roles(person.roles)}</td>
                    <td>{person.units.length === 0 ? <span className="muted">{t('people.noUnit')}</span> : person.units.map(labelOf).join(', ')}</td>
                    <td>{person.email ? <a href={`mailto:${person.email}`}>{person.email}</a> : <span className="muted">{t('common.none')}</span>}</td>
                    <td><AbsenceText person={person} people={people} /></td>
                    <td><div className="people-actions">
                      {admin && org && <button type="button" aria-label={t('people.editUnitsOf', { user: person.username })} onClick={() => setOpen({ id: person.id, form: 'units' })}>{t('people.editUnits')}</button>}
                      {canManage && !person.disabled && <button type="button" aria-label={t('people.markAwayOf', { user: person.username })} onClick={() => setOpen({ id: person.id, form: 'away' })}>{t('people.markAway')}</button>}
                      {canManage && away && <button type="button" aria-label={t('people.backOf', { user: person.username })} onClick={() => void markBack(person)}>{t('people.back')}</button>}
                    </div></td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {open && org && (() => {
        const person = people.find((p) => p.id === open.id);
        if (!person) return null;
        return open.form === 'units'
          ? <UnitsForm key={person.id} person={person} units={org.units} onCancel={() => setOpen(undefined)} onSaved={() => saved('people.saved')} />
          : <AbsenceForm key={person.id} person={person} people={people} title={t('people.markAwayOf', { user: person.displayName ?? person.username })} onCancel={() => setOpen(undefined)} onSaved={() => saved('people.saved')} />;
      })()}
      <div className="people-lower">
        {admin && org && <AddPersonForm units={org.units} onAdded={(user) => saved('people.created', user.username)} />}
        {org && <UnitsSection directory={org} people={people} admin={admin} onChanged={() => { directory.reload(); users.reload(); }} />}
      </div>
    </section>
  );
}
