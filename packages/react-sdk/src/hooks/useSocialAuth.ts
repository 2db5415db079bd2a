import { useMemo, useSyncExternalStore } from 'react';
import { LOADING_STATE } from '../core/client';
import type { AuthState, SessionsController, SessionsState, SocialAuthClient } from '../core/types';
import { useSocialAuthContext } from '../social-auth-context';

/** What {@link useSocialAuth} returns: the auth state plus the client's actions. */
export interface UseSocialAuthResult extends AuthState {
  signIn: SocialAuthClient['signIn'];
  signOut: SocialAuthClient['signOut'];
  authFetch: SocialAuthClient['authFetch'];
  link: SocialAuthClient['link'];
  unlink: SocialAuthClient['unlink'];
  cancelLink: SocialAuthClient['cancelLink'];
  /** The signed-in devices (load them first) and the actions that end them. */
  sessions: SessionsState & Omit<SessionsController, 'getState' | 'subscribe'>;
}

const serverSnapshot = (): AuthState => LOADING_STATE;

/**
 * The signed-in user, their API token and the actions, from the nearest `<SocialAuthProvider>`.
 * Renders `status: 'loading'` on the server and until the session has been restored.
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
  const { sessions } = client;
  const sessionsState = useSyncExternalStore(sessions.subscribe, sessions.getState, sessions.getState);
  return useMemo(
    () => ({
      ...state,
      signIn: client.signIn,
      signOut: client.signOut,
      authFetch: client.authFetch,
      link: client.link,
      unlink: client.unlink,
      cancelLink: client.cancelLink,
      sessions: {
        ...sessionsState,
        load: sessions.load,
        revoke: sessions.revoke,
        revokeAll: sessions.revokeAll,
      },
    }),
    [state, sessionsState, client, sessions],
  );
}
