import { isSocialAuthError, SocialAuthError } from './errors';
import { createStore } from './store';
import type { Observable, ProvidersConfig, ProvidersState } from './types';

export type ProvidersObserver = Observable<ProvidersState> & { load(): Promise<ProvidersConfig> };

/**
 * The public provider config as an observable query: given config is ready at once; otherwise the
 * first subscriber (or `load()`) fetches it once, and a failure is kept until the next `load()`.
 */
export function createProvidersObserver(
  fetchConfig: () => Promise<ProvidersConfig>,
  given?: ProvidersConfig,
): ProvidersObserver {
  let pending: Promise<ProvidersConfig> | null = given ? Promise.resolve(given) : null;
  const store = createStore<ProvidersState>(
    { status: given ? 'ready' : 'loading', config: given ?? null, error: null },
    { onActive: () => void load().catch(() => undefined) },
  );

  function load(): Promise<ProvidersConfig> {
    if (pending) return pending;
    if (store.get().status === 'error') store.set({ status: 'loading', config: null, error: null });
    const request = fetchConfig();
    pending = request;
    request.then(
      (config) => store.set({ status: 'ready', config, error: null }),
      (cause: unknown) => {
        pending = null;
        const error = isSocialAuthError(cause)
          ? cause
          : new SocialAuthError('network_error', 'Provider config failed', { cause });
        store.set({ status: 'error', config: null, error });
      },
    );
    return request;
  }

  return { getState: store.get, subscribe: store.subscribe, load };
}
