/** A note on a case: free text kept in its history (`POST /api/cases/:id/notes`). */
import { useState, type FormEvent } from 'react';
import { Notice, errorText } from './notice.js';
import { useI18n } from '../i18n/index.js';
import { addNote } from '../lib/work.js';
import type { CaseView } from '../types.js';

/** The note form; `onAdded` gets the case after the note. */
export function NoteForm({ caseId, onAdded }: { caseId: string; onAdded(view: CaseView): void }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim()) {
      setError(t('form.missing'));
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const view = await addNote(caseId, text.trim());
      setText('');
      onAdded(view);
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card note-form" onSubmit={submit} noValidate aria-labelledby="note-title">
      <h2 id="note-title">{t('note.title')}</h2>
      {error && <Notice kind="error">{error}</Notice>}
      <div className="field">
        <label htmlFor="note-text">{t('note.text')}</label>
        <textarea id="note-text" rows={3} maxLength={4000} value={text} onChange={(e) => setText(e.target.value)} />
      </div>
      <div className="form-actions">
        <button type="submit" disabled={busy}>{t('note.add')}</button>
      </div>
    </form>
  );
}
