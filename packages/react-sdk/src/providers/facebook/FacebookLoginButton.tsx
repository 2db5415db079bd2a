import FacebookLoginExport from '@greatsumini/react-facebook-login';
import type { SocialButtonProps } from '../../buttons/registry';
import { SocialAuthError } from '../../core/errors';
import { useProviderConfig } from '../../hooks/useProviderConfig';
import { useSignInAttempt } from '../../hooks/useSignInAttempt';
import { SignInError } from '../../SignInError';
import { useSocialAuthContext } from '../../social-auth-context';

// The library ships CommonJS only: bundlers hand us the component, Node's ESM loader the exports object.
const FacebookLogin =
  (FacebookLoginExport as unknown as { default?: typeof FacebookLoginExport }).default ?? FacebookLoginExport;

/** Props of {@link FacebookLoginButton}. */
export interface FacebookLoginButtonProps extends SocialButtonProps {
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
  ...props
}: FacebookLoginButtonProps) {
  const { messages } = useSocialAuthContext();
  const { config, loading } = useProviderConfig('facebook');
  const attempt = useSignInAttempt('facebook', props);
  const name = label ?? messages.buttons.facebook ?? 'Continue with Facebook';
  const appId = config?.appId;

  if (typeof appId !== 'string') {
    return (
      <button type="button" className={className} disabled aria-busy={loading} aria-label={name}>
        {loading ? messages.loadingProviders : name}
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
