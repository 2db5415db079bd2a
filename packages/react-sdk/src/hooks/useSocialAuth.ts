import { useMemo, useSyncExternalStore } from 'react';
import { LOADING_STATE } from '../core/client';
import type { AuthState, SocialAuthClient } from '../core/types';
import { useSocialAuthContext } from '../social-auth-context';

/** What {@link useSocialAuth} returns: the auth state plus the client's actions. */
export interface UseSocialAuthResult extends AuthState {
  signIn: SocialAuthClient['signIn'];
  signOut: SocialAuthClient['signOut'];
  authFetch: SocialAuthClient['authFetch'];
}

const serverSnapshot = (): AuthState => LOADING_STATE;

/**
 * The signed-in user, their API token and the actions, from the nearest `<SocialAuthProvider>`.
 * Renders `status: 'loading'` on the server and until storage has been read.
 *
 * @example
 * ```tsx
 * function Account() {
 *   const { status, user, signOut } = useSocialAuth();
 *   if (status !== 'signedIn') return null;
 *   return <button type="button" onClick={signOut}>Sign out {user?.name}</button>;
 * }
 * ```
 */
export function useSocialAuth(): UseSocialAuthResult {
  const { client } = useSocialAuthContext();
  const state = useSyncExternalStore(client.subscribe, client.getState, serverSnapshot);
  return useMemo(
    () => ({ ...state, signIn: client.signIn, signOut: client.signOut, authFetch: client.authFetch }),
    [state, client],
  );
}
