/** An API failure as the page shows it: the stable code plus a human message. */
export interface ApiError {
  code: string;
  message: string;
}

export interface Note {
  id: string;
  text: string;
  createdAt: string;
}

type Fetch = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

async function errorOf(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => null)) as { error?: Partial<ApiError> } | null;
  const code = typeof body?.error?.code === 'string' ? body.error.code : `http_${response.status}`;
  const message = typeof body?.error?.message === 'string' ? body.error.message : response.statusText;
  return { code, message };
}

/** Turns a rejected fetch or a thrown SDK error into an {@link ApiError}. */
export function asApiError(cause: unknown): ApiError {
  const code = (cause as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return { code, message: (cause as Error).message };
  return { code: 'network_error', message: 'Could not reach the server.' };
}

async function call<T>(fetch: Fetch, path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(path, { ...init, headers: { Accept: 'application/json', ...init?.headers } });
  if (!response.ok) throw await errorOf(response);
  return (response.status === 204 ? undefined : await response.json()) as T;
}

/** The demo's notes API, called through `authFetch` so the token is attached and refreshed. */
export const notesApi = {
  list: (fetch: Fetch) => call<{ notes: Note[] }>(fetch, '/api/notes').then((body) => body.notes),
  add: (fetch: Fetch, text: string) =>
    call<{ note: Note }>(fetch, '/api/notes', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ text }),
    }).then((body) => body.note),
};

/** Same failure shape for HTTP answers and thrown errors. */
export function isApiError(value: unknown): value is ApiError {
  return (
    typeof (value as ApiError | null)?.code === 'string' && typeof (value as ApiError).message === 'string'
  );
}
