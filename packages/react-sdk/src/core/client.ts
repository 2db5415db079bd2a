import type { Accounts } from './accounts';
import { ApiFailure, createCoreApi, createTransport, type FetchLike } from './api';
import { createAuthFetch } from './auth-fetch';
import { withCrossTabLock } from './cross-tab-lock';
import { isSocialAuthError, networkError, type SocialAuthError } from './errors';
import { DEFAULTS, type SocialAuthClientOptions, validateOptions } from './options';
import { isPageOrigin, originOf } from './origin';
import { createProvidersObserver } from './providers';
import { decodeHint, decodeStoredSession, type SignedInHint, toStoredSession } from './session-codec';
import { resolveStorage } from './storage';
import { createStore } from './store';
import { createTabSync, type TabSync } from './tab-sync';
import type { AuthState, PendingLink, SessionsState, SocialAuthClient, StoredSession } from './types';

/** The state every client starts in, and the one to render on a server. */
export const LOADING_STATE: AuthState = Object.freeze({
  status: 'loading',
  user: null,
  token: null,
  error: null,
  pendingLink: null,
});

const MAX_TIMER_MS = 2 ** 31 - 1;
const RETRY_MS = 15_000;
/** Failures worth retrying: the server was not reached or could not answer. */
const isTransient = (error: unknown) =>
  !isSocialAuthError(error) || error.code === 'network_error' || (error.status ?? 0) >= 500;

/** DESIGN.md: a link token lives at most 10 minutes. */
const LINK_TTL_MS = 10 * 60_000;

const NO_SESSIONS: SessionsState = Object.freeze({ status: 'idle', sessions: [], error: null });

/**
 * Creates the client that holds the whole token lifecycle. Construction touches no browser API,
 * so it is safe during server rendering; work starts on the first `subscribe`/`ready`/action.
 *
 * With `apiUrl` on the page's origin it runs in cookie mode: the refresh token lives in an
 * `HttpOnly` cookie, the access token only in memory, and a reload restores the session with one
 * `POST /refresh`. A cross-origin `apiUrl` uses body mode, keeping the session in `storage`.
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
  const mode = options.refreshMode ?? (isPageOrigin(options.apiUrl) ? 'cookie' : 'body');
  const cookieMode = mode === 'cookie';
  const storageOption = options.storage ?? DEFAULTS.storage;
  const storage = resolveStorage(storageOption);
  // A memory hint is gone after a reload, so it cannot tell that nobody is signed in.
  const hintSurvivesReload = storageOption !== 'memory';
  const storageKey = options.storageKey ?? DEFAULTS.storageKey;
  const leewayMs = (options.refreshLeewaySeconds ?? DEFAULTS.refreshLeewaySeconds) * 1000;
  const allowedOrigins = options.allowedOrigins ?? DEFAULTS.allowedOrigins;
  const fetchImpl: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const transport = createTransport(options.apiUrl, fetchImpl, mode);
  const api = createCoreApi(transport);
  const store = createStore<AuthState>(LOADING_STATE, { onActive: () => void start(), onIdle: () => stop() });
  const providers = createProvidersObserver(() => api.providers(), options.providers);

  let session: StoredSession | null = null;
  let startPromise: Promise<void> | null = null;
  let refreshInFlight: Promise<StoredSession | null> | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let sync: TabSync | null = null;
  let linkToken: string | null = null;
  let linkTimer: ReturnType<typeof setTimeout> | undefined;

  const refreshAt = (s: StoredSession) => s.expiresAt - Math.min(leewayMs, (s.expiresAt - s.issuedAt) / 2);
  const isStale = (s: StoredSession) => Date.now() >= refreshAt(s);
  const readStored = async () => decodeStoredSession(await storage.getItem(storageKey));
  const readHint = async () => decodeHint(await storage.getItem(storageKey));

  function commit(next: StoredSession | null, error: SocialAuthError | null = null): void {
    session = next;
    schedule(next ? refreshAt(next) - Date.now() : null);
    store.set({
      status: next ? 'signedIn' : 'signedOut',
      user: next?.user ?? null,
      token: next?.token ?? null,
      error,
      pendingLink: store.get().pendingLink,
    });
  }

  function setError(error: unknown): void {
    if (isSocialAuthError(error)) store.set({ ...store.get(), error });
  }

  function setPendingLink(next: PendingLink | null, token: string | null = null): void {
    clearTimeout(linkTimer);
    linkToken = token;
    if (next) {
      linkTimer = setTimeout(() => setPendingLink(null), next.expiresAt - Date.now());
      (linkTimer as { unref?: () => void }).unref?.();
    }
    store.set({ ...store.get(), pendingLink: next });
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

  /** Keeps `next`; other tabs hear of it when who is signed in changed (cookie mode) or always (body mode). */
  async function save(next: StoredSession | null, error: SocialAuthError | null = null): Promise<void> {
    const changedUser = next?.user.id !== session?.user.id;
    if (!next) await storage.removeItem(storageKey);
    else if (!cookieMode) await storage.setItem(storageKey, JSON.stringify(next));
    else if (changedUser)
      await storage.setItem(storageKey, JSON.stringify({ userId: next.user.id } satisfies SignedInHint));
    commit(next, error);
    if (!cookieMode || changedUser) sync?.notify();
  }

  const clearLocal = (error: SocialAuthError | null) => save(null, error);

  async function reload(): Promise<void> {
    const error = store.get().error;
    if (cookieMode) {
      const hint = await readHint();
      if (!hint && (hintSurvivesReload || session)) {
        if (session || store.get().status === 'loading') commit(null, error);
      } else if (!session || hint?.userId !== session.user.id) {
        await refreshSession(session?.token ?? null).catch((cause: unknown) => {
          commit(null, isSocialAuthError(cause) ? cause : null);
          // The cookie may still be good: an outage or a lost connection gets another try.
          if (isTransient(cause)) schedule(RETRY_MS);
        });
      } else schedule(refreshAt(session) - Date.now());
      return;
    }
    const stored = await readStored();
    if (stored && isStale(stored)) {
      await refreshSession(stored.token).catch(() => commit(stored, error));
      return;
    }
    if (stored?.token !== session?.token || store.get().status === 'loading') commit(stored, error);
    else schedule(session ? refreshAt(session) - Date.now() : null);
  }

  /** `staleToken` is the token the caller found unusable; if a better one is known by now, use it. */
  function refreshSession(staleToken: string | null): Promise<StoredSession | null> {
    refreshInFlight ??= withCrossTabLock(
      { name: `${storageKey}.lock`, storage, locks: options.locks },
      async () => {
        // Body mode: another tab may have refreshed while we waited for the lock; storage has its
        // session. Cookie mode: each tab refreshes for itself with the shared cookie, one at a time,
        // so a rotated refresh token is never presented twice.
        const latest = cookieMode ? session : await readStored();
        if (!cookieMode && !latest) {
          if (session) commit(null);
          return null;
        }
        if (latest && latest.token !== staleToken && !isStale(latest)) {
          if (latest.token !== session?.token) commit(latest);
          return latest;
        }
        try {
          const next = toStoredSession(await api.refresh(latest?.refreshToken), Date.now(), mode);
          await save(next);
          return next;
        } catch (error) {
          if (isSocialAuthError(error, 'invalid_refresh_token')) {
            await clearLocal(error);
            return null;
          }
          setError(error);
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

  async function currentToken(): Promise<string | null> {
    await start();
    if (session && isStale(session)) await refreshSession(session.token).catch(() => null);
    return session?.token ?? null;
  }

  const authFetch = createAuthFetch({
    fetch: fetchImpl,
    currentToken,
    refresh: async (staleToken) => (await refreshSession(staleToken))?.token ?? null,
    unrecoverable: (error) => clearLocal(error),
    mayCarryToken(url) {
      const origin = originOf(url);
      return origin !== null && (origin === originOf(options.apiUrl) || allowedOrigins.includes(origin));
    },
  });

  async function signOut(): Promise<void> {
    await start();
    const current = cookieMode ? session : ((await readStored()) ?? session);
    setPendingLink(null);
    sessionsStore.set(NO_SESSIONS);
    await clearLocal(null);
    // Local sign-out must not depend on the server: a failed logout only leaves a token to expire.
    // Cookie mode always asks, so the server clears the cookie even when no token is in memory.
    if (current || cookieMode) await api.logout(current?.refreshToken, current?.token).catch(() => undefined);
  }

  // Devices state lives here so the hook can read it at once; the actions load on first use.
  const sessionsStore = createStore<SessionsState>(NO_SESSIONS);
  let accountsModule: Promise<Accounts> | null = null;
  const accounts = (): Promise<Accounts> =>
    (accountsModule ??= import('./accounts').then(
      ({ createAccounts }) =>
        createAccounts({
          transport,
          currentToken,
          refresh: async (staleToken) => (await refreshSession(staleToken))?.token ?? null,
          async updateUser(user) {
            if (session) await save({ ...session, user });
          },
          logoutEverywhere: (token) => api.logout(session?.refreshToken, token, true),
          signedOutHere: () => clearLocal(null),
          sessions: sessionsStore,
        }),
      (cause: unknown) => {
        // A chunk that failed to load (offline, new deploy) is tried again on the next call.
        accountsModule = null;
        throw networkError(cause);
      },
    ));

  return {
    getState: store.get,
    subscribe: store.subscribe,
    ready: start,
    apiUrl: options.apiUrl,
    refreshMode: mode,
    providers,
    getProviders: providers.load,
    getNonce: () => api.nonce(),
    async signIn(provider, credential) {
      await start();
      const pending = store.get().pendingLink;
      const linking = pending && linkToken && pending.providers.includes(provider) ? linkToken : null;
      try {
        const response = await api.signIn(
          provider,
          linking ? { ...credential, linkToken: linking } : credential,
        );
        setPendingLink(null);
        await save(toStoredSession(response, Date.now(), mode));
        const { user, isNewUser, linked } = response;
        return linked ? { user, isNewUser, linked } : { user, isNewUser };
      } catch (failure) {
        const answer = failure instanceof ApiFailure ? failure.answer : null;
        const error = answer?.error ?? failure;
        if (answer?.linkToken && answer.error.code === 'account_exists') {
          const expiresAt = Date.now() + LINK_TTL_MS;
          setPendingLink({ providers: answer.error.providers ?? [], provider, expiresAt }, answer.linkToken);
        } else if (linking && isSocialAuthError(error, 'invalid_request')) {
          // The link token was refused (used, expired): the prompt would only fail again.
          setPendingLink(null);
        }
        setError(error);
        throw error;
      }
    },
    link: async (provider, credential) => (await accounts()).link(provider, credential),
    unlink: async (provider, subject) => (await accounts()).unlink(provider, subject),
    cancelLink: () => setPendingLink(null),
    sessions: {
      getState: sessionsStore.get,
      subscribe: sessionsStore.subscribe,
      load: async () => (await accounts()).loadSessions(),
      revoke: async (id) => (await accounts()).revokeSession(id),
      revokeAll: async () => (await accounts()).revokeAll(),
    },
    signOut,
    async refresh() {
      await start();
      return (await refreshSession(session?.token ?? null))?.token ?? null;
    },
    authFetch,
    destroy() {
      stop();
      clearTimeout(linkTimer);
    },
  };
}
