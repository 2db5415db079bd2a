import { isSocialAuthError, SocialAuthError } from './errors';
import { createStore } from './store';
import type { Observable, SocialAuthClient } from './types';

export interface NonceState {
  /** `null` while a nonce is on its way. */
  nonce: string | null;
  error: SocialAuthError | null;
}

/** A server nonce that renews itself on demand; see {@link createNonceObserver}. */
export interface NonceObserver extends Observable<NonceState> {
  /** Drops the current nonce and fetches another: the server accepts each once, and they expire. */
  renew(): void;
}

/**
 * The one-time server nonce an ID-token button passes to its provider. The first subscriber
 * fetches one; call `renew()` after every attempt, successful or not. Answers to superseded
 * requests are dropped, so a slow response never overwrites a newer nonce.
 *
 * @example
 * ```ts
 * const nonce = createNonceObserver(client);
 * nonce.subscribe(() => initProvider(nonce.getState().nonce));
 * ```
 */
export function createNonceObserver(client: Pick<SocialAuthClient, 'getNonce'>): NonceObserver {
  let request = 0;
  const store = createStore<NonceState>(
    { nonce: null, error: null },
    {
      onActive: () => renew(),
      onIdle: () => {
        request += 1;
      },
    },
  );

  function renew(): void {
    request += 1;
    const mine = request;
    store.set({ nonce: null, error: store.get().error });
    client.getNonce().then(
      (nonce) => mine === request && store.set({ nonce, error: null }),
      (cause: unknown) =>
        mine === request &&
        store.set({
          nonce: null,
          error: isSocialAuthError(cause)
            ? cause
            : new SocialAuthError('network_error', 'Nonce request failed'),
        }),
    );
  }

  return { getState: store.get, subscribe: store.subscribe, renew };
}
