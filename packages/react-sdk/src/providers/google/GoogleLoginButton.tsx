import { type CredentialResponse, GoogleLogin, GoogleOAuthProvider } from '@react-oauth/google';
import { lazy, Suspense } from 'react';
import type { SocialButtonProps } from '../../buttons/registry';
import { SocialAuthError } from '../../core/errors';
import { useNonce } from '../../hooks/useNonce';
import { useProviderConfig } from '../../hooks/useProviderConfig';
import { useSignInAttempt } from '../../hooks/useSignInAttempt';
import { SignInError } from '../../SignInError';
import { useSocialAuthContext } from '../../social-auth-context';

/** Props of {@link GoogleLoginButton}. */
export interface GoogleLoginButtonProps extends SocialButtonProps {
  /**
   * `'idToken'` renders Google's own button (GIS) with a server nonce; `'code'` renders our
   * button, styleable with `className`, running the auth-code popup.
   * @default 'idToken'
   */
  flow?: 'idToken' | 'code';
  /** GIS button look (idToken flow). */
  theme?: 'outline' | 'filled_blue' | 'filled_black';
  size?: 'large' | 'medium' | 'small';
  text?: 'signin_with' | 'signup_with' | 'continue_with' | 'signin';
  shape?: 'rectangular' | 'pill' | 'circle' | 'square';
  width?: number;
  /** Also show Google One Tap (idToken flow). */
  useOneTap?: boolean;
}

// The code flow is the rarer choice: its button is a chunk of its own, loaded on first render, so a
// page with Google's own button does not ship it.
const GoogleCodeButton = lazy(async () => ({
  default: (await import('./GoogleCodeButton')).GoogleCodeButton,
}));

/**
 * Google sign-in. Loads Google's script for the client ID from the provider config; in the
 * `idToken` flow fetches a one-time nonce before rendering Google's button, posts the ID token to
 * the server, and fetches a fresh nonce after every attempt.
 *
 * @example
 * ```tsx
 * <GoogleLoginButton onSuccess={({ user }) => navigate('/home')} />
 * <GoogleLoginButton flow="code" className="btn btn-google" />
 * ```
 */
export function GoogleLoginButton(props: GoogleLoginButtonProps) {
  const { messages } = useSocialAuthContext();
  const { config, loading } = useProviderConfig('google');
  const label = props.label ?? messages.buttons.google ?? 'Sign in with Google';
  const clientId = config?.clientId;
  if (typeof clientId !== 'string') {
    return (
      <button type="button" className={props.className} disabled aria-busy={loading} aria-label={label}>
        {loading ? messages.loadingProviders : label}
      </button>
    );
  }
  return (
    <GoogleOAuthProvider clientId={clientId}>
      {props.flow === 'code' ? (
        <Suspense fallback={null}>
          <GoogleCodeButton {...props} label={label} />
        </Suspense>
      ) : (
        <GoogleIdTokenButton {...props} label={label} />
      )}
    </GoogleOAuthProvider>
  );
}

function GoogleIdTokenButton({
  label,
  className,
  flow,
  ...props
}: GoogleLoginButtonProps & { label: string }) {
  const { messages } = useSocialAuthContext();
  const { intent, onSuccess, onError, ...look } = props;
  const attempt = useSignInAttempt('google', props);
  const { nonce, error: nonceError, renew } = useNonce();

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
