import type { ProviderId } from './core/types';
import { FacebookLoginButton, type FacebookLoginButtonProps } from './FacebookLoginButton';
import { GoogleLoginButton, type GoogleLoginButtonProps } from './GoogleLoginButton';
import type { SignInCallbacks } from './hooks/useSignInAttempt';
import { SignInError } from './SignInError';
import { useSocialAuthContext } from './social-auth-context';

/** Props of {@link SocialLogin}. */
export interface SocialLoginProps extends SignInCallbacks {
  /**
   * Buttons to show, in order; providers the server does not offer are left out.
   * @default ['google', 'facebook']
   */
  providers?: ProviderId[];
  className?: string;
  /** Extra props for the Google button, e.g. `{ flow: 'code' }`. */
  google?: Omit<GoogleLoginButtonProps, keyof SignInCallbacks>;
  facebook?: Omit<FacebookLoginButtonProps, keyof SignInCallbacks>;
}

/**
 * All configured login buttons in one accessible group.
 *
 * @example
 * ```tsx
 * <SocialLogin providers={['google', 'facebook']} onSuccess={() => navigate('/')} />
 * ```
 */
export function SocialLogin({
  providers = ['google', 'facebook'],
  className,
  google,
  facebook,
  ...callbacks
}: SocialLoginProps) {
  const { providers: config, providersError, messages } = useSocialAuthContext();
  if (!config) {
    return (
      <fieldset className={className} aria-label={messages.loginGroup} aria-busy={!providersError}>
        {providersError ? null : <span role="status">{messages.loadingProviders}</span>}
        <SignInError error={providersError} />
      </fieldset>
    );
  }
  return (
    <fieldset className={className} aria-label={messages.loginGroup}>
      {providers
        .filter((id) => config[id])
        .map((id) =>
          id === 'google' ? (
            <GoogleLoginButton key={id} {...google} {...callbacks} />
          ) : (
            <FacebookLoginButton key={id} {...facebook} {...callbacks} />
          ),
        )}
    </fieldset>
  );
}
