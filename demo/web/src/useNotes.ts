import { useSocialAuth } from '@socialkit/react';
import { useCallback, useEffect, useState } from 'react';
import { type ApiError, asApiError, isApiError, type Note, notesApi } from './api';

export interface NotesState {
  notes: Note[] | null;
  loadError: ApiError | null;
  saveError: ApiError | null;
  saving: boolean;
  add(text: string): Promise<boolean>;
  reload(): void;
}

const failure = (cause: unknown): ApiError => (isApiError(cause) ? cause : asApiError(cause));

/** The signed-in user's notes, loaded and added through `authFetch`. */
export function useNotes(): NotesState {
  const { authFetch } = useSocialAuth();
  const [notes, setNotes] = useState<Note[] | null>(null);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [saveError, setSaveError] = useState<ApiError | null>(null);
  const [saving, setSaving] = useState(false);
  const [generation, setGeneration] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `generation` is the reload trigger
  useEffect(() => {
    let live = true;
    setLoadError(null);
    notesApi.list(authFetch).then(
      (list) => live && setNotes(list),
      (cause: unknown) => live && setLoadError(failure(cause)),
    );
    return () => {
      live = false;
    };
  }, [authFetch, generation]);

  const add = useCallback(
    async (text: string) => {
      setSaving(true);
      setSaveError(null);
      try {
        const note = await notesApi.add(authFetch, text);
        setNotes((current) => [note, ...(current ?? [])]);
        return true;
      } catch (cause) {
        setSaveError(failure(cause));
        return false;
      } finally {
        setSaving(false);
      }
    },
    [authFetch],
  );

  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  return { notes, loadError, saveError, saving, add, reload };
}
