import { type CredentialResponse, GoogleLogin } from '@react-oauth/google';
import { SocialAuthError } from './core/errors';
import type { GoogleFlow } from './core/types';
import { GoogleCodeButton } from './GoogleCodeButton';
import { useNonce } from './hooks/useNonce';
import { type SignInCallbacks, useSignInAttempt } from './hooks/useSignInAttempt';
import { SignInError } from './SignInError';
import { useSocialAuthContext } from './social-auth-context';

/** Props of {@link GoogleLoginButton}. */
export interface GoogleLoginButtonProps extends SignInCallbacks {
  /**
   * `'idToken'` renders Google's own button (GIS) with a server nonce; `'code'` renders our
   * button, styleable with `className`, running the auth-code popup.
   * @default 'idToken'
   */
  flow?: Extract<GoogleFlow, 'idToken' | 'code'>;
  /** Text of our button (code flow) and accessible name of both; defaults to `messages.googleButton`. */
  label?: string;
  className?: string;
  /** GIS button look (idToken flow). */
  theme?: 'outline' | 'filled_blue' | 'filled_black';
  size?: 'large' | 'medium' | 'small';
  text?: 'signin_with' | 'signup_with' | 'continue_with' | 'signin';
  shape?: 'rectangular' | 'pill' | 'circle' | 'square';
  width?: number;
  /** Also show Google One Tap (idToken flow). */
  useOneTap?: boolean;
}

/**
 * Google sign-in. Fetches a one-time nonce before rendering Google's button, posts the ID token
 * to the server, and fetches a fresh nonce after every attempt.
 *
 * @example
 * ```tsx
 * <GoogleLoginButton onSuccess={({ user }) => navigate('/home')} />
 * <GoogleLoginButton flow="code" className="btn btn-google" />
 * ```
 */
export function GoogleLoginButton(props: GoogleLoginButtonProps) {
  const { providers, messages } = useSocialAuthContext();
  const label = props.label ?? messages.googleButton;
  if (!providers?.google) {
    return (
      <button type="button" className={props.className} disabled aria-busy={!providers} aria-label={label}>
        {providers ? label : messages.loadingProviders}
      </button>
    );
  }
  return props.flow === 'code' ? (
    <GoogleCodeButton {...props} label={label} />
  ) : (
    <GoogleIdTokenButton {...props} label={label} />
  );
}

function GoogleIdTokenButton({
  label,
  className,
  onSuccess,
  onError,
  ...look
}: GoogleLoginButtonProps & { label: string }) {
  const { client, messages } = useSocialAuthContext();
  const attempt = useSignInAttempt('google', { onSuccess, onError });
  const { nonce, error: nonceError, renew } = useNonce(client);

  const onCredential = async (response: CredentialResponse) => {
    if (!response.credential) attempt.fail(new SocialAuthError('cancelled', 'Google returned no credential'));
    else await attempt.complete({ idToken: response.credential });
    renew();
  };
  const onGoogleError = () => {
    attempt.fail(new SocialAuthError('cancelled', 'Google sign-in did not complete'));
    renew();
  };

  const error = attempt.error ?? nonceError;
  return (
    <div className={className} aria-busy={attempt.busy || !nonce} data-provider="google">
      {nonce ? (
        // GIS reads the nonce only at initialize: a new key re-initializes it with the fresh one.
        <GoogleLogin
          key={nonce}
          nonce={nonce}
          onSuccess={onCredential}
          onError={onGoogleError}
          containerProps={{
            'aria-label': label,
            style: attempt.busy ? { pointerEvents: 'none', opacity: 0.6 } : {},
          }}
          {...look}
        />
      ) : (
        <button type="button" disabled={!nonceError} aria-label={label} onClick={renew}>
          {nonceError ? label : messages.loadingProviders}
        </button>
      )}
      {attempt.busy ? <span role="status">{messages.signingIn}</span> : null}
      <SignInError error={error} />
    </div>
  );
}
