import FacebookLoginExport from '@greatsumini/react-facebook-login';
import { SocialAuthError } from './core/errors';
import { type SignInCallbacks, useSignInAttempt } from './hooks/useSignInAttempt';
import { SignInError } from './SignInError';
import { useSocialAuthContext } from './social-auth-context';

// The library ships CommonJS only: bundlers hand us the component, Node's ESM loader the exports object.
const FacebookLogin =
  (FacebookLoginExport as unknown as { default?: typeof FacebookLoginExport }).default ?? FacebookLoginExport;

/** Props of {@link FacebookLoginButton}. */
export interface FacebookLoginButtonProps extends SignInCallbacks {
  /** Text and accessible name; defaults to `messages.facebookButton`. */
  label?: string;
  className?: string;
  /** @default 'public_profile,email' */
  scope?: string;
  /** SDK locale. @default 'en_US' */
  language?: string;
}

/**
 * Facebook sign-in through the Facebook JS SDK; posts `{accessToken, userID}` to the server,
 * which checks the token belongs to this app and this user.
 *
 * @example
 * ```tsx
 * <FacebookLoginButton className="btn btn-facebook" onError={(err) => track(err.code)} />
 * ```
 */
export function FacebookLoginButton({
  label,
  className,
  scope = 'public_profile,email',
  language,
  onSuccess,
  onError,
}: FacebookLoginButtonProps) {
  const { providers, messages } = useSocialAuthContext();
  const attempt = useSignInAttempt('facebook', { onSuccess, onError });
  const name = label ?? messages.facebookButton;
  const appId = providers?.facebook?.appId;

  if (!appId) {
    return (
      <button type="button" className={className} disabled aria-busy={!providers} aria-label={name}>
        {providers ? name : messages.loadingProviders}
      </button>
    );
  }
  return (
    <div data-provider="facebook">
      <FacebookLogin
        appId={appId}
        scope={scope}
        language={language}
        onSuccess={({ accessToken, userID }) => void attempt.complete({ accessToken, userID })}
        onFail={({ status }) =>
          attempt.fail(
            status === 'loginCancelled'
              ? new SocialAuthError('cancelled', 'Facebook sign-in was cancelled')
              : new SocialAuthError('sdk_unavailable', 'The Facebook SDK did not load'),
          )
        }
        render={({ onClick }) => (
          <button
            type="button"
            className={className}
            disabled={attempt.busy}
            aria-busy={attempt.busy}
            aria-label={name}
            onClick={() => {
              attempt.begin();
              onClick?.();
            }}
          >
            {attempt.busy ? messages.signingIn : name}
          </button>
        )}
      />
      <SignInError error={attempt.error} />
    </div>
  );
}
