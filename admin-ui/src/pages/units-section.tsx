/** The units directory on the People page: everyone reads it; administrators add and rename units. */
import { useState, type FormEvent } from 'react';
import { ApiError, client, ok } from '../api.js';
import { Notice, errorText } from '../components/notice.js';
import { useI18n } from '../i18n/index.js';
import { useServerLabels } from '../session.js';
import type { OrgDirectory, PublicUser, Unit } from '../types.js';

/** Renames one unit in place. */
function RenameForm({ unit, onSaved, onCancel }: { unit: Unit; onSaved(unit: Unit): void; onCancel(): void }) {
  const { t } = useI18n();
  const [label, setLabel] = useState(unit.label);
  const [error, setError] = useState<unknown>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      onSaved(await ok(client.PATCH('/api/units/{id}', { params: { path: { id: unit.id } }, body: { label } })));
    } catch (caught) {
      setError(caught);
    }
  };
  return (
    <form className="input-row" onSubmit={submit} aria-label={t('units.editOf', { id: unit.id })}>
      <input aria-label={t('units.label')} required value={label} onChange={(e) => setLabel(e.target.value)} />
      <button type="submit" className="button-primary">{t('people.save')}</button>
      <button type="button" onClick={onCancel}>{t('common.cancel')}</button>
      {error !== undefined && <span className="field-error">{errorText(error)}</span>}
    </form>
  );
}

/** The units with their people counts; `admin` adds the forms to add and rename. */
export function UnitsSection({ directory, people, admin, onChanged }: { directory: OrgDirectory; people: PublicUser[]; admin: boolean; onChanged(): void }) {
  const { t } = useI18n();
  const named = useServerLabels();
  const [editing, setEditing] = useState<string>();
  const [id, setId] = useState('');
  const [label, setLabel] = useState('');
  const [error, setError] = useState<unknown>();
  const [added, setAdded] = useState<string>();
  const problems = error instanceof ApiError ? error.errors : [];
  const problemOf = (field: string) => problems.filter((p) => p.field === field).map((p) => p.message).join('; ') || undefined;

  const add = async (event: FormEvent) => {
    event.preventDefault();
    setAdded(undefined);
    try {
      const unit = await ok(client.POST('/api/units', { body: { id: id.trim(), label: label.trim() } }));
      setId('');
      setLabel('');
      setError(undefined);
      setAdded(unit.id);
      onChanged();
    } catch (caught) {
      setError(caught);
    }
  };

  return (
    <section className="card units-section" aria-labelledby="units-title">
      <h2 id="units-title">{t('people.units')}</h2>
      <p className="muted">{t('units.intro', { city: named.roles(directory.cityRoles) || '—', supervisors: named.roles(directory.supervisorRoles) || '—' })}</p>
      <div aria-live="polite">
        {added && <Notice kind="success">{t('units.added', { id: added })}</Notice>}
        {error !== undefined && problems.length === 0 && <Notice kind="error">{errorText(error)}</Notice>}
      </div>
      {directory.units.length === 0 ? <p className="empty">{t('units.empty')}</p> : (
        <div className="table-scroll">
          <table className="cases units-table">
            <thead>
              <tr>
                <th scope="col">{t('units.id')}</th>
                <th scope="col">{t('units.label')}</th>
                <th scope="col">{t('units.people')}</th>
                {admin && <th scope="col"><span className="visually-hidden">{t('units.edit')}</span></th>}
              </tr>
            </thead>
            <tbody>
              {directory.units.map((unit) => (
                <tr key={unit.id}>
                  <td className="case-id">{unit.id}</td>
                  <td>{editing === unit.id
                    ? <RenameForm unit={unit} onCancel={() => setEditing(undefined)} onSaved={() => { setEditing(undefined); onChanged(); }} />
                    : unit.label}</td>
                  <td>{people.filter((person) => person.units.includes(unit.id)).length}</td>
                  {admin && <td>{editing !== unit.id && <button type="button" aria-label={t('units.editOf', { id: unit.id })} onClick={() => setEditing(unit.id)}>{t('units.edit')}</button>}</td>}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {admin && (
        <form className="people-form-row units-add" onSubmit={add} aria-label={t('units.add')}>
          <div className={problemOf('id') ? 'field field-invalid' : 'field'}>
            <label htmlFor="unit-id">{t('units.id')}</label>
            <input id="unit-id" required placeholder="east-district" value={id} onChange={(e) => setId(e.target.value)} />
            {problemOf('id') && <span className="field-error">{problemOf('id')}</span>}
          </div>
          <div className={problemOf('label') ? 'field field-invalid' : 'field'}>
            <label htmlFor="unit-label">{t('units.label')}</label>
            <input id="unit-label" required value={label} onChange={(e) => setLabel(e.target.value)} />
            <span className="field-hint">{t('units.labelHint')}</span>
            {problemOf('label') && <span className="field-error">{problemOf('label')}</span>}
          </div>
          <div className="field units-add-button"><button type="submit" className="button-primary">{t('units.add')}</button></div>
        </form>
      )}
    </section>
  );
}
