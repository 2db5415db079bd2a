import { useCallback, useState } from 'react';
import { isSocialAuthError, SocialAuthError } from '../core/errors';
import type { ProviderCredential, ProviderId, SocialUser } from '../core/types';
import { useSocialAuthContext } from '../social-auth-context';

/** Result handed to a button's `onSuccess`. */
export interface SignInResult {
  user: SocialUser;
  isNewUser: boolean;
}

/** Callbacks every login button accepts. */
export interface SignInCallbacks {
  onSuccess?: (result: SignInResult) => void;
  onError?: (error: SocialAuthError) => void;
}

/** Busy and error state of one button, shared by the Google and Facebook buttons. */
export function useSignInAttempt(provider: ProviderId, callbacks: SignInCallbacks) {
  const { client } = useSocialAuthContext();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<SocialAuthError | null>(null);
  const { onSuccess, onError } = callbacks;

  const fail = useCallback(
    (cause: unknown) => {
      const wrapped = isSocialAuthError(cause)
        ? cause
        : new SocialAuthError('internal_error', 'Sign-in failed');
      setBusy(false);
      setError(wrapped);
      onError?.(wrapped);
    },
    [onError],
  );

  const begin = useCallback(() => {
    setBusy(true);
    setError(null);
  }, []);

  const complete = useCallback(
    async (credential: ProviderCredential) => {
      begin();
      try {
        const result = await client.signIn(provider, credential);
        setBusy(false);
        onSuccess?.(result);
      } catch (cause) {
        fail(cause);
      }
    },
    [begin, client, fail, onSuccess, provider],
  );

  return { busy, error, begin, complete, fail };
}
