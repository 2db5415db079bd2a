import { createAuthApi, type FetchLike } from './api';
import { createAuthFetch } from './auth-fetch';
import { withCrossTabLock } from './cross-tab-lock';
import { isSocialAuthError, type SocialAuthError } from './errors';
import { DEFAULTS, type SocialAuthClientOptions, validateOptions } from './options';
import { decodeStoredSession, encodeStoredSession, toStoredSession } from './session-codec';
import { resolveStorage } from './storage';
import { createStore } from './store';
import { createTabSync, type TabSync } from './tab-sync';
import type { AuthState, ProvidersConfig, SocialAuthClient, StoredSession } from './types';

/** The state every client starts in, and the one to render on a server. */
export const LOADING_STATE: AuthState = Object.freeze({
  status: 'loading',
  user: null,
  token: null,
  error: null,
});

const MAX_TIMER_MS = 2 ** 31 - 1;
const RETRY_MS = 15_000;

/**
 * Creates the client that holds the whole token lifecycle. Construction touches no browser API,
 * so it is safe during server rendering; work starts on the first `subscribe`/`ready`/action.
 *
 * @example
 * ```ts
 * const auth = createSocialAuthClient({ apiUrl: '/auth' });
 * auth.subscribe(() => console.log(auth.getState().status));
 * const notes = await (await auth.authFetch('/api/notes')).json();
 * ```
 */
export function createSocialAuthClient(options: SocialAuthClientOptions): SocialAuthClient {
  validateOptions(options);
  const storage = resolveStorage(options.storage ?? DEFAULTS.storage);
  const storageKey = options.storageKey ?? DEFAULTS.storageKey;
  const leewayMs = (options.refreshLeewaySeconds ?? DEFAULTS.refreshLeewaySeconds) * 1000;
  const fetchImpl: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const api = createAuthApi(options.apiUrl, fetchImpl);
  const store = createStore<AuthState>(LOADING_STATE, { onActive: () => void start(), onIdle: () => stop() });

  let session: StoredSession | null = null;
  let startPromise: Promise<void> | null = null;
  let providersPromise: Promise<ProvidersConfig> | null = null;
  let refreshInFlight: Promise<StoredSession | null> | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let sync: TabSync | null = null;

  const refreshAt = (s: StoredSession) => s.expiresAt - Math.min(leewayMs, (s.expiresAt - s.issuedAt) / 2);
  const isStale = (s: StoredSession) => Date.now() >= refreshAt(s);
  const readStored = async () => decodeStoredSession(await storage.getItem(storageKey));

  function commit(next: StoredSession | null, error: SocialAuthError | null = null): void {
    session = next;
    schedule(next ? refreshAt(next) - Date.now() : null);
    store.set({
      status: next ? 'signedIn' : 'signedOut',
      user: next?.user ?? null,
      token: next?.token ?? null,
      error,
    });
  }

  function schedule(delayMs: number | null): void {
    clearTimeout(timer);
    timer = undefined;
    if (delayMs === null || !startPromise) return;
    timer = setTimeout(
      () => {
        refreshSession(session?.token ?? null).catch(() => schedule(RETRY_MS));
      },
      Math.min(Math.max(delayMs, 0), MAX_TIMER_MS),
    );
    (timer as { unref?: () => void }).unref?.();
  }

  async function save(next: StoredSession | null): Promise<void> {
    if (next) await storage.setItem(storageKey, encodeStoredSession(next));
    else await storage.removeItem(storageKey);
    commit(next);
    sync?.notify();
  }

  async function clearLocal(error: SocialAuthError | null): Promise<void> {
    await storage.removeItem(storageKey);
    commit(null, error);
    sync?.notify();
  }

  async function reload(): Promise<void> {
    const stored = await readStored();
    if (stored && isStale(stored)) {
      await refreshSession(stored.token).catch(() => commit(stored, store.get().error));
      return;
    }
    if (stored?.token !== session?.token || store.get().status === 'loading')
      commit(stored, store.get().error);
    else schedule(session ? refreshAt(session) - Date.now() : null);
  }

  /** `staleToken` is the token the caller found unusable; if storage already holds a better one, use it. */
  function refreshSession(staleToken: string | null): Promise<StoredSession | null> {
    refreshInFlight ??= withCrossTabLock(
      { name: `${storageKey}.lock`, storage, locks: options.locks },
      async () => {
        const latest = await readStored();
        if (!latest) {
          if (session) commit(null);
          return null;
        }
        if (latest.token !== staleToken && !isStale(latest)) {
          if (latest.token !== session?.token) commit(latest);
          return latest;
        }
        try {
          const next = toStoredSession(await api.refresh(latest.refreshToken), Date.now());
          await save(next);
          return next;
        } catch (error) {
          if (isSocialAuthError(error, 'invalid_refresh_token')) {
            await clearLocal(error);
            return null;
          }
          if (isSocialAuthError(error)) store.set({ ...store.get(), error });
          throw error;
        }
      },
    ).finally(() => {
      refreshInFlight = null;
    });
    return refreshInFlight;
  }

  function start(): Promise<void> {
    if (!startPromise) {
      const run: Promise<void> = Promise.resolve().then(() => {
        if (startPromise !== run) return;
        sync = createTabSync(storageKey, () => void reload());
        return reload();
      });
      startPromise = run;
    }
    return startPromise;
  }

  function stop(): void {
    clearTimeout(timer);
    sync?.close();
    sync = null;
    startPromise = null;
  }

  const authFetch = createAuthFetch({
    fetch: fetchImpl,
    currentToken: async () => {
      await start();
      if (session && isStale(session)) await refreshSession(session.token).catch(() => null);
      return session?.token ?? null;
    },
    refresh: async (staleToken) => (await refreshSession(staleToken))?.token ?? null,
    unrecoverable: (error) => clearLocal(error),
  });

  return {
    getState: store.get,
    subscribe: store.subscribe,
    ready: start,
    getProviders() {
      providersPromise ??= options.providers ? Promise.resolve(options.providers) : api.providers();
      providersPromise.catch(() => {
        providersPromise = null;
      });
      return providersPromise;
    },
    getNonce: () => api.nonce(),
    async signIn(provider, credential) {
      await start();
      try {
        const response = await api.signIn(provider, credential);
        await save(toStoredSession(response, Date.now()));
        return { user: response.user, isNewUser: response.isNewUser };
      } catch (error) {
        if (isSocialAuthError(error)) store.set({ ...store.get(), error });
        throw error;
      }
    },
    async signOut() {
      await start();
      const current = (await readStored()) ?? session;
      await clearLocal(null);
      // Local sign-out must not depend on the server: a failed logout only leaves a token to expire.
      if (current) await api.logout(current.refreshToken, current.token).catch(() => undefined);
    },
    async refresh() {
      await start();
      return (await refreshSession(session?.token ?? null))?.token ?? null;
    },
    authFetch,
    destroy: stop,
  };
}
