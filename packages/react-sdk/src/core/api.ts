import { errorFromResponse, networkError, SocialAuthError } from './errors';
import { isSessionResponse } from './session-codec';
import type { GoogleFlow, ProviderCredential, ProvidersConfig, SessionResponse } from './types';

export type FetchLike = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

/** The socialkit HTTP contract as plain async functions; every failure is a `SocialAuthError`. */
export interface AuthApi {
  providers(): Promise<ProvidersConfig>;
  nonce(): Promise<string>;
  signIn(provider: string, credential: ProviderCredential): Promise<SessionResponse>;
  refresh(refreshToken: string): Promise<SessionResponse>;
  /** Ends the refresh token and, when given, the access token (`requireAuth({ checkRevoked })`). */
  logout(refreshToken: string, accessToken?: string): Promise<void>;
}

export function createAuthApi(apiUrl: string, fetchImpl: FetchLike): AuthApi {
  const base = apiUrl.replace(/\/+$/, '');

  async function call(path: string, init: RequestInit): Promise<Response> {
    let response: Response;
    try {
      // `omit` keeps ambient cookies out of it: the API token is the only credential.
      response = await fetchImpl(`${base}${path}`, { credentials: 'omit', ...init });
    } catch (cause) {
      throw networkError(cause);
    }
    if (!response.ok) throw await errorFromResponse(response);
    return response;
  }

  const post = (path: string, body?: object, headers: Record<string, string> = {}) =>
    call(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...headers },
      body: JSON.stringify(body ?? {}),
    });

  async function session(response: Response): Promise<SessionResponse> {
    const body: unknown = await response.json().catch(() => null);
    if (!isSessionResponse(body)) throw new SocialAuthError('internal_error', 'Malformed session response');
    return body;
  }

  return {
    async providers() {
      const response = await call('/providers', { method: 'GET', headers: { Accept: 'application/json' } });
      return parseProviders(await response.json().catch(() => null));
    },
    async nonce() {
      const body = (await (await post('/nonce')).json().catch(() => null)) as { nonce?: unknown } | null;
      if (typeof body?.nonce !== 'string')
        throw new SocialAuthError('internal_error', 'Malformed nonce response');
      return body.nonce;
    },
    signIn: async (provider, credential) =>
      session(await post(`/${encodeURIComponent(provider)}`, credential)),
    refresh: async (refreshToken) => session(await post('/refresh', { refreshToken })),
    async logout(refreshToken, accessToken) {
      await post('/logout', { refreshToken }, accessToken ? { Authorization: `Bearer ${accessToken}` } : {});
    },
  };
}

const GOOGLE_FLOWS: readonly unknown[] = ['idToken', 'accessToken', 'code'] satisfies GoogleFlow[];

interface ProviderEntry {
  id?: unknown;
  clientId?: unknown;
  appId?: unknown;
  flows?: unknown;
}

function parseProviders(body: unknown): ProvidersConfig {
  const list = (body as { providers?: unknown } | null)?.providers;
  const config: ProvidersConfig = {};
  if (!Array.isArray(list)) return config;
  for (const entry of list as ProviderEntry[]) {
    if (entry?.id === 'google' && typeof entry.clientId === 'string') {
      const flows = Array.isArray(entry.flows)
        ? entry.flows.filter((flow): flow is GoogleFlow => GOOGLE_FLOWS.includes(flow))
        : undefined;
      config.google = flows ? { clientId: entry.clientId, flows } : { clientId: entry.clientId };
    }
    if (entry?.id === 'facebook' && typeof entry.appId === 'string') config.facebook = { appId: entry.appId };
  }
  return config;
}
