import type { FetchLike } from './api';
import { errorFromResponse, type SocialAuthError } from './errors';

export interface AuthFetchDeps {
  fetch: FetchLike;
  /** The token to send, refreshed first if it is about to expire. */
  currentToken(): Promise<string | null>;
  /** Refreshes because `staleToken` was refused; `null` when the session is gone. */
  refresh(staleToken: string): Promise<string | null>;
  /** Called when a fresh token is refused too: the session cannot be recovered. */
  unrecoverable(error: SocialAuthError): Promise<void>;
  /** Whether this URL may receive the access token: the API's origin and the allowed ones only. */
  mayCarryToken(url: string): boolean;
}

function isRequest(input: RequestInfo | URL): input is Request {
  return typeof Request !== 'undefined' && input instanceof Request;
}

/** A 401 from a socialkit guard: Bearer challenge or one of our token codes. */
async function refusedToken(response: Response): Promise<SocialAuthError | null> {
  if (response.status !== 401) return null;
  const error = await errorFromResponse(response.clone());
  const challenged = /^Bearer\b/i.test(response.headers.get('WWW-Authenticate') ?? '');
  return challenged || error.code === 'token_expired' || error.code === 'invalid_token' ? error : null;
}

export function createAuthFetch(deps: AuthFetchDeps) {
  return async function authFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    // SECURITY.md (v2): a URL outside the API's and the allowed origins never sees the token, and
    // its 401 is its own business: no refresh, no sign-out.
    if (!deps.mayCarryToken(isRequest(input) ? input.url : String(input))) return deps.fetch(input, init);
    const send = (token: string | null) => {
      const headers = new Headers(init?.headers ?? (isRequest(input) ? input.headers : undefined));
      if (token) headers.set('Authorization', `Bearer ${token}`);
      return deps.fetch(isRequest(input) ? input.clone() : input, { ...init, headers });
    };
    const token = await deps.currentToken();
    const response = await send(token);
    // A stream body is consumed by the first attempt and cannot be replayed.
    if (!token || init?.body instanceof ReadableStream || !(await refusedToken(response))) return response;

    const fresh = await deps.refresh(token).catch(() => null);
    if (!fresh) return response;
    const retried = await send(fresh);
    const refused = await refusedToken(retried);
    if (refused) await deps.unrecoverable(refused);
    return retried;
  };
}
