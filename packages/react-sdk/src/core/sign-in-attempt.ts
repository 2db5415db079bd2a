import { isSocialAuthError, SocialAuthError } from './errors';
import { createStore } from './store';
import type { Observable, ProviderCredential, ProviderId, SignInResult, SocialAuthClient } from './types';

export interface SignInAttemptState {
  busy: boolean;
  error: SocialAuthError | null;
}

/** Read at the moment they are needed, so a framework may keep one object and update it. */
export interface SignInAttemptOptions {
  /** `'link'` adds the identity to the signed-in user instead of signing in. @default 'signIn' */
  intent?: 'signIn' | 'link';
  onSuccess?: (result: SignInResult) => void;
  onError?: (error: SocialAuthError) => void;
}

/** One button's attempts: busy while the provider dialog or the server works, then the error if any. */
export interface SignInAttempt extends Observable<SignInAttemptState> {
  /** The provider dialog opened. */
  begin(): void;
  /** The provider handed over a credential: sign in (or link) with it. */
  complete(credential: ProviderCredential): Promise<void>;
  /** The provider dialog failed or was dismissed. */
  fail(cause: unknown): void;
}

const IDLE: SignInAttemptState = Object.freeze({ busy: false, error: null });
const BUSY: SignInAttemptState = Object.freeze({ busy: true, error: null });

/**
 * Busy and error state of one sign-in button, without a framework.
 *
 * @example
 * ```ts
 * const attempt = createSignInAttempt(client, 'acme', { onSuccess: () => location.assign('/') });
 * button.onclick = async () => {
 *   attempt.begin();
 *   await attempt.complete({ idToken: await acmeSdk.signIn() });
 * };
 * ```
 */
export function createSignInAttempt(
  client: Pick<SocialAuthClient, 'signIn' | 'link'>,
  provider: ProviderId,
  options: SignInAttemptOptions = {},
): SignInAttempt {
  const store = createStore<SignInAttemptState>(IDLE);

  function fail(cause: unknown): void {
    const error = isSocialAuthError(cause) ? cause : new SocialAuthError('internal_error', 'Sign-in failed');
    store.set({ busy: false, error });
    options.onError?.(error);
  }

  return {
    getState: store.get,
    subscribe: store.subscribe,
    begin: () => store.set(BUSY),
    fail,
    async complete(credential) {
      store.set(BUSY);
      try {
        const result: SignInResult =
          options.intent === 'link'
            ? { user: await client.link(provider, credential), isNewUser: false }
            : await client.signIn(provider, credential);
        store.set(IDLE);
        options.onSuccess?.(result);
      } catch (cause) {
        fail(cause);
      }
    },
  };
}
