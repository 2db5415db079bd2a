import { useGoogleLogin, useGoogleOAuth } from '@react-oauth/google';
import { SocialAuthError } from '../../core/errors';
import { useSignInAttempt } from '../../hooks/useSignInAttempt';
import { SignInError } from '../../SignInError';
import { useSocialAuthContext } from '../../social-auth-context';
import type { GoogleLoginButtonProps } from './GoogleLoginButton';

/** Our own styleable button running Google's auth-code popup; the server exchanges the code. */
export function GoogleCodeButton({ label, className, ...props }: GoogleLoginButtonProps & { label: string }) {
  const { messages } = useSocialAuthContext();
  const attempt = useSignInAttempt('google', props);
  // Until Google's script has loaded, a click would open nothing and leave the button busy.
  const { scriptLoadedSuccessfully: ready } = useGoogleOAuth();
  const login = useGoogleLogin({
    flow: 'auth-code',
    onSuccess: ({ code }) => void attempt.complete({ code }),
    onError: ({ error, error_description }) =>
      attempt.fail(
        new SocialAuthError(
          error === 'access_denied' ? 'cancelled' : 'invalid_token',
          error_description ?? 'Google did not return a code',
        ),
      ),
    onNonOAuthError: ({ type }) =>
      attempt.fail(
        type === 'popup_closed'
          ? new SocialAuthError('popup_closed', 'The Google window was closed')
          : new SocialAuthError('sdk_unavailable', `Google sign-in could not open (${type})`),
      ),
  });

  return (
    <div data-provider="google">
      <button
        type="button"
        className={className}
        disabled={attempt.busy || !ready}
        aria-busy={attempt.busy || !ready}
        aria-label={label}
        onClick={() => {
          attempt.begin();
          login();
        }}
      >
        {attempt.busy ? messages.signingIn : label}
      </button>
      <SignInError error={attempt.error} />
    </div>
  );
}
