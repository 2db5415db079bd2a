/**
 * Account features — linking and unlinking identities, the signed-in devices list — loaded with
 * `import()` on first use, so a page that only signs in does not ship them.
 */
import { ROUTES, type SessionsBody } from '@socialkit/contract';
import {
  type AuthApi,
  createCoreApi,
  createTransport,
  type FetchLike,
  isUser,
  readJson,
  type Transport,
} from './api';
import { isSocialAuthError, SocialAuthError } from './errors';
import type { Store } from './store';
import type {
  ProviderCredential,
  ProviderId,
  RefreshMode,
  SessionInfo,
  SessionsState,
  SocialUser,
} from './types';

/** The account pages' calls: linked identities and signed-in devices. */
export interface AccountsApi {
  link(token: string, provider: string, credential: ProviderCredential): Promise<SocialUser>;
  unlink(token: string, provider: string, subject: string): Promise<SocialUser>;
  sessions(token: string): Promise<SessionInfo[]>;
  revokeSession(token: string, id: string): Promise<void>;
}

export function createAccountsApi({ call, post }: Transport): AccountsApi {
  const user = async (response: Response) =>
    (await readJson<{ user: SocialUser }>(response, (body) => isUser(body.user))).user;
  return {
    link: async (token, provider, credential) => user(await post(ROUTES.link(provider), credential, token)),
    unlink: async (token, provider, subject) =>
      user(await call(ROUTES.identity(provider, subject), { method: 'DELETE' }, token)),
    async sessions(token) {
      const valid = (body: SessionsBody) => Array.isArray(body.sessions);
      return (await readJson(await call(ROUTES.sessions, { method: 'GET' }, token), valid)).sessions;
    },
    async revokeSession(token, id) {
      await call(ROUTES.session(id), { method: 'DELETE' }, token);
    },
  };
}

/** Every call of the contract on one transport. */
export function createAuthApi(apiUrl: string, fetchImpl: FetchLike, mode: RefreshMode = 'body'): AuthApi {
  const transport = createTransport(apiUrl, fetchImpl, mode);
  return { ...createCoreApi(transport), ...createAccountsApi(transport) };
}

/** What the account features need from the client that loaded them. */
export interface AccountsDeps {
  transport: Transport;
  /** The token to send, refreshed first if it is about to expire; `null` when signed out. */
  currentToken(): Promise<string | null>;
  /** Refreshes because `staleToken` was refused; resolves to the new token, or `null` when signed out. */
  refresh(staleToken: string): Promise<string | null>;
  /** Keeps the user's new identities in the session. */
  updateUser(user: SocialUser): Promise<void>;
  /** Ends every session of the user (`POST /logout` with `all`). */
  logoutEverywhere(token: string): Promise<void>;
  /** This device's session ended: sign out here. */
  signedOutHere(): Promise<void>;
  /** The client's signed-in devices state, which the React hook reads before this module loads. */
  sessions: Store<SessionsState>;
}

/** The account actions of one client. */
export interface Accounts {
  link(provider: ProviderId, credential: ProviderCredential): Promise<SocialUser>;
  unlink(provider: ProviderId, subject: string): Promise<SocialUser>;
  loadSessions(): Promise<SessionInfo[]>;
  revokeSession(id: string): Promise<void>;
  revokeAll(): Promise<void>;
}

export function createAccounts(deps: AccountsDeps): Accounts {
  const api = createAccountsApi(deps.transport);
  const store = deps.sessions;

  /** Runs an API call with the access token; on a refused token, refreshes once and retries. */
  async function withToken<T>(call: (token: string) => Promise<T>): Promise<T> {
    const token = await deps.currentToken();
    if (!token) throw new SocialAuthError('invalid_token', 'Sign in first');
    try {
      return await call(token);
    } catch (error) {
      if (!isSocialAuthError(error, 'token_expired') && !isSocialAuthError(error, 'invalid_token'))
        throw error;
      const fresh = await deps.refresh(token);
      if (!fresh) throw error;
      return call(fresh);
    }
  }

  async function updateUser(user: SocialUser): Promise<SocialUser> {
    await deps.updateUser(user);
    return user;
  }

  /** A failed devices call leaves its error in the devices state. */
  async function run<T>(task: () => Promise<T>): Promise<T> {
    try {
      return await task();
    } catch (error) {
      if (isSocialAuthError(error)) store.set({ ...store.get(), status: 'error', error });
      throw error;
    }
  }

  return {
    link: async (provider, credential) =>
      updateUser(await withToken((token) => api.link(token, provider, credential))),
    unlink: async (provider, subject) =>
      updateUser(await withToken((token) => api.unlink(token, provider, subject))),
    loadSessions: () =>
      run(async () => {
        store.set({ ...store.get(), status: 'loading', error: null });
        const sessions = await withToken((token) => api.sessions(token));
        store.set({ status: 'ready', sessions, error: null });
        return sessions;
      }),
    revokeSession: (id) =>
      run(async () => {
        const current = store.get().sessions.find((session) => session.id === id)?.current;
        await withToken((token) => api.revokeSession(token, id));
        const sessions = store.get().sessions.filter((session) => session.id !== id);
        store.set({ status: 'ready', sessions, error: null });
        if (current) await deps.signedOutHere();
      }),
    revokeAll: () =>
      run(async () => {
        await withToken(deps.logoutEverywhere);
        await deps.signedOutHere();
        store.set({ status: 'ready', sessions: [], error: null });
      }),
  };
}
