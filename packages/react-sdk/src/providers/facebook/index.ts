import { defineSocialButton } from '../../buttons/registry';
import { FacebookLoginButton } from './FacebookLoginButton';

export { FacebookLoginButton, type FacebookLoginButtonProps } from './FacebookLoginButton';

/**
 * Facebook's button for `<SocialAuthProvider buttons>`; `@greatsumini/react-facebook-login` must be installed.
 *
 * @example
 * ```tsx
 * import { facebookButton } from '@socialkit/react/facebook';
 * <SocialAuthProvider apiUrl="/auth" buttons={[facebookButton]}>…</SocialAuthProvider>
 * ```
 */
export const facebookButton = defineSocialButton({
  id: 'facebook',
  name: 'Facebook',
  Button: FacebookLoginButton,
});
