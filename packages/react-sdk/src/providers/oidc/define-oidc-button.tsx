import type { ComponentType } from 'react';
import { defineSocialButton, type SocialButtonProps } from '../../buttons/registry';
import { OidcButton } from './OidcButton';

/**
 * The button for an `oidc()` provider registered under `id`; `name` is its name in sentences
 * (the button's own label comes from the server's config). Like any component definition, call
 * it once at module level, not during render.
 *
 * @example
 * ```tsx
 * const oktaButton = defineOidcButton('okta', 'Okta');
 * <SocialAuthProvider apiUrl="/auth" buttons={[oidcButton, oktaButton]}>
 * ```
 */
export function defineOidcButton(id: string, name = 'single sign-on') {
  const button: ComponentType<SocialButtonProps> = (props) => <OidcButton {...props} provider={id} />;
  button.displayName = `OidcButton(${id})`;
  return defineSocialButton({ id, name, Button: button });
}

/** The button for the `oidc()` provider under its default id, `oidc`. */
export const oidcButton = defineOidcButton('oidc');
