import { defineSocialButton } from '../../buttons/registry';
import { GoogleLoginButton } from './GoogleLoginButton';

export { GoogleLoginButton, type GoogleLoginButtonProps } from './GoogleLoginButton';

/**
 * Google's button for `<SocialAuthProvider buttons>`; `@react-oauth/google` must be installed.
 *
 * @example
 * ```tsx
 * import { googleButton } from '@socialkit/react/google';
 * <SocialAuthProvider apiUrl="/auth" buttons={[googleButton]}>…</SocialAuthProvider>
 * ```
 */
export const googleButton = defineSocialButton({ id: 'google', name: 'Google', Button: GoogleLoginButton });
