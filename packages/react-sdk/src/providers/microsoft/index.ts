import { defineSocialButton } from '../../buttons/registry';
import { MicrosoftButton } from './MicrosoftButton';

export {
  MICROSOFT_AUTHORITY,
  MicrosoftButton,
  type MicrosoftButtonProps,
  microsoftAuthorizeUrl,
} from './MicrosoftButton';
export { MicrosoftLogo } from './MicrosoftLogo';

/**
 * The Microsoft button, for `<SocialAuthProvider buttons>`.
 *
 * @example
 * ```tsx
 * import { microsoftButton } from '@socialkit/react/microsoft';
 * <SocialAuthProvider apiUrl="/auth" buttons={[microsoftButton]}>
 * ```
 */
export const microsoftButton = defineSocialButton({
  id: 'microsoft',
  name: 'Microsoft',
  Button: MicrosoftButton,
});
