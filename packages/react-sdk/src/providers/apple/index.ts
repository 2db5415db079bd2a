import { defineSocialButton } from '../../buttons/registry';
import { AppleButton } from './AppleButton';

export { APPLE_AUTHORIZE_URL, AppleButton, type AppleButtonProps } from './AppleButton';
export { AppleLogo } from './AppleLogo';
export type { AppleIdAuth, AppleSignInResponse } from './apple-js';

/**
 * The Apple button, for `<SocialAuthProvider buttons>`.
 *
 * @example
 * ```tsx
 * import { appleButton } from '@socialkit/react/apple';
 * <SocialAuthProvider apiUrl="/auth" buttons={[appleButton]}>
 * ```
 */
export const appleButton = defineSocialButton({ id: 'apple', name: 'Apple', Button: AppleButton });
