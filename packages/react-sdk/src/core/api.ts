import { type NonceBody, type ProvidersBody, REFRESH_MODE_HEADER, ROUTES } from '@socialkit/contract';
import type { AccountsApi } from './accounts';
import { type ErrorAnswer, networkError, readErrorAnswer, SocialAuthError } from './errors';
import { isPageOrigin } from './origin';
import type { ProviderCredential, ProvidersConfig, RefreshMode, SessionResponse, SocialUser } from './types';

export type FetchLike = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

/** A failed answer, kept whole so callers can read an `account_exists` link token. */
export class ApiFailure extends Error {
  // Set in the constructor, not as a parameter property: with ES2022 class fields that becomes a
  // field, which ES2020 bundles turn into a `defineProperty` helper (see `SocialAuthError`).
  declare readonly answer: ErrorAnswer;

  constructor(answer: ErrorAnswer) {
    super(answer.error.message);
    this.answer = answer;
  }
}

/** The socialkit HTTP contract as plain async functions; every failure is a `SocialAuthError`. */
export interface AuthApi extends CoreApi, AccountsApi {}

/** The calls every page makes: config, nonce, sign-in, refresh and sign-out. */
export interface CoreApi {
  providers(): Promise<ProvidersConfig>;
  nonce(): Promise<string>;
  /** Throws {@link ApiFailure} on an error answer, so `account_exists` keeps its link token. */
  signIn(provider: string, body: ProviderCredential): Promise<SessionResponse>;
  /** `refreshToken` in body mode; in cookie mode the cookie goes instead. */
  refresh(refreshToken?: string): Promise<SessionResponse>;
  /** Ends the refresh token (or cookie) and, with a Bearer, that session's access tokens; `all` ends every session. */
  logout(refreshToken: string | undefined, accessToken?: string, all?: boolean): Promise<void>;
}

/** One configured connection to the socialkit router, shared by {@link CoreApi} and {@link AccountsApi}. */
export interface Transport {
  /** Sends a request; a non-2xx answer throws its `SocialAuthError` (or {@link ApiFailure} with `keepAnswer`). */
  call(path: string, init: RequestInit, token?: string, keepAnswer?: boolean): Promise<Response>;
  /** `call` with a JSON body. */
  post(path: string, body?: object, token?: string, keepAnswer?: boolean): Promise<Response>;
  readonly cookie: boolean;
}

export function createTransport(apiUrl: string, fetchImpl: FetchLike, mode: RefreshMode = 'body'): Transport {
  const base = apiUrl.replace(/\/+$/, '');
  const cookie = mode === 'cookie';

  async function call(path: string, init: RequestInit, token?: string, keepAnswer = false) {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (init.body) headers['Content-Type'] = 'application/json';
    if (token) headers.Authorization = `Bearer ${token}`;
    // The header both asks for the cookie and authorizes its use: a cross-site form cannot set it.
    if (cookie) headers[REFRESH_MODE_HEADER] = 'cookie';
    let response: Response;
    try {
      // Body mode omits ambient cookies: the API token is the only credential. Cookie mode sends
      // the `HttpOnly` refresh cookie: to the page's own origin, or, when chosen explicitly for an
      // API on a sibling origin of the same site, there too (its CORS must allow credentials).
      response = await fetchImpl(`${base}${path}`, {
        credentials: cookie ? (isPageOrigin(apiUrl) ? 'same-origin' : 'include') : 'omit',
        ...init,
        headers,
      });
    } catch (cause) {
      throw networkError(cause);
    }
    if (response.ok) return response;
    const answer = await readErrorAnswer(response);
    throw keepAnswer ? new ApiFailure(answer) : answer.error;
  }

  return {
    call,
    post: (path, body = {}, token, keepAnswer) =>
      call(path, { method: 'POST', body: JSON.stringify(body) }, token, keepAnswer),
    cookie,
  };
}

/** The JSON body of a successful answer, checked with `valid`; anything else is `internal_error`. */
export async function readJson<T>(response: Response, valid: (body: T) => boolean): Promise<T> {
  const body = (await response.json().catch(() => null)) as T;
  if (body === null || typeof body !== 'object' || !valid(body))
    throw new SocialAuthError('internal_error', 'Malformed response from the sign-in server');
  return body;
}

export function createCoreApi({ call, post, cookie }: Transport): CoreApi {
  const session = (response: Response) => readJson<SessionResponse>(response, isSessionBody);
  return {
    async providers() {
      const body = await readJson<ProvidersBody>(await call(ROUTES.providers, { method: 'GET' }), () => true);
      const config: Record<string, ProvidersConfig[string]> = {};
      for (const entry of Array.isArray(body.providers) ? body.providers : []) {
        if (typeof entry?.id === 'string') config[entry.id] = entry;
      }
      return config;
    },
    async nonce() {
      const valid = (body: NonceBody) => typeof body.nonce === 'string';
      return (await readJson(await post(ROUTES.nonce), valid)).nonce;
    },
    signIn: async (provider, body) => session(await post(ROUTES.signIn(provider), body, undefined, true)),
    refresh: async (refreshToken) => session(await post(ROUTES.refresh, cookie ? {} : { refreshToken })),
    async logout(refreshToken, accessToken, all) {
      await post(ROUTES.logout, { ...(cookie ? {} : { refreshToken }), ...(all && { all }) }, accessToken);
    },
  };
}

export function isUser(value: unknown): value is SocialUser {
  const user = value as Partial<SocialUser> | null;
  return typeof user === 'object' && user !== null && typeof user.id === 'string';
}

function isSessionBody(body: Partial<SessionResponse>): boolean {
  return typeof body.token === 'string' && typeof body.expiresIn === 'number' && isUser(body.user);
}
