import { type FormEvent, useId, useState } from 'react';
import { useNotes } from '../useNotes';
import { ErrorNotice } from './ErrorNotice';

const MAX_LENGTH = 500;
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** The user's notes and the form to add one; both go through the protected notes API. */
export function NotesPanel() {
  const { notes, loadError, saveError, saving, add, reload } = useNotes();
  const [draft, setDraft] = useState('');
  const fieldId = useId();
  const hintId = useId();
  const length = draft.trim().length;
  const tooLong = length > MAX_LENGTH;

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (await add(draft)) setDraft('');
  };

  return (
    <section className="card notes" aria-labelledby="notes-title">
      <div className="notes-header">
        <h2 id="notes-title">Your notes</h2>
        <button type="button" className="button button-ghost" onClick={reload}>
          Refresh
        </button>
      </div>

      <form className="note-form" onSubmit={onSubmit}>
        <label htmlFor={fieldId}>New note</label>
        <textarea
          id={fieldId}
          name="text"
          rows={3}
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
          aria-describedby={hintId}
          aria-invalid={tooLong}
          placeholder="Write something worth remembering…"
        />
        <div className="note-form-footer">
          <span id={hintId} className={tooLong ? 'counter counter-over' : 'counter'}>
            {length}/{MAX_LENGTH}
          </span>
          <button
            type="submit"
            className="button button-primary"
            disabled={saving || length === 0 || tooLong}
          >
            {saving ? 'Saving…' : 'Add note'}
          </button>
        </div>
        <ErrorNotice error={saveError} context="Could not save the note." />
      </form>

      <ErrorNotice error={loadError} context="Could not load your notes." />
      {notes === null && !loadError ? (
        <p role="status" className="muted">
          Loading notes…
        </p>
      ) : null}
      {notes?.length === 0 ? <p className="muted">No notes yet. Your first one is a sentence away.</p> : null}
      {notes && notes.length > 0 ? (
        <ul className="note-list" aria-label="Notes">
          {notes.map((note) => (
            <li key={note.id} className="note">
              <p className="note-text">{note.text}</p>
              <time className="note-time" dateTime={note.createdAt}>
                {dateFormat.format(new Date(note.createdAt))}
              </time>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
