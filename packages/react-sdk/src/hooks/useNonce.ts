import { useState, useSyncExternalStore } from 'react';
import { createNonceObserver, type NonceState } from '../core/nonce';
import { useSocialAuthContext } from '../social-auth-context';

const SERVER_STATE: NonceState = { nonce: null, error: null };
const serverState = () => SERVER_STATE;

/**
 * A server-issued one-time nonce for the next ID-token sign-in, fetched on mount; `renew()`
 * fetches another after every attempt (the server consumes each nonce, and unused ones expire).
 *
 * @example
 * ```tsx
 * const { nonce, renew } = useNonce();
 * ```
 */
export function useNonce() {
  const { client } = useSocialAuthContext();
  const [observer] = useState(() => createNonceObserver(client));
  const state = useSyncExternalStore(observer.subscribe, observer.getState, serverState);
  return { ...state, renew: observer.renew };
}
