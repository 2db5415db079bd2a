import type { CSSProperties } from 'react';
import type { SocialButtonProps } from '../../buttons/registry';
import type { ProviderConfig } from '../../core/types';
import { OidcLogo } from './OidcLogo';
import { allowsFlow, PopupCodeButton, type PopupRequest, stringField } from './PopupCodeButton';

/** Props of {@link OidcButton}. */
export interface OidcButtonProps extends SocialButtonProps {
  /**
   * The provider id, when the server runs the issuer under another one (`oidc({ id: 'okta' })`).
   * @default 'oidc'
   */
  provider?: string;
  /** @default 'openid email profile' */
  scope?: string;
  /** Extra authorization parameters, e.g. `{ prompt: 'login' }` or Keycloak's `kc_idp_hint`. */
  params?: Readonly<Record<string, string>>;
  /**
   * `false` for an issuer whose pages send `Cross-Origin-Opener-Policy` and so cut the popup off
   * from this page: its window then reads as closed while the user signs in, and the answer comes
   * over the same-origin channel only.
   * @default true
   */
  trustClosed?: boolean;
  style?: CSSProperties;
  unstyled?: boolean;
}

/** A neutral look: the issuer's brand is unknown. */
export const OIDC_STYLE: CSSProperties = {
  background: '#ffffff',
  color: '#1f2328',
  border: '1px solid #d0d7de',
  borderRadius: 6,
  font: '600 15px system-ui, "Segoe UI", Roboto, sans-serif',
};

/** "Continue with {name}", `name` being what the server's `oidc({ name })` lists in `GET /providers`. */
export function oidcLabel(config: ProviderConfig | undefined): string {
  return `Continue with ${stringField(config, 'name') ?? 'single sign-on'}`;
}

/**
 * Sign-in with any OpenID Connect issuer the server runs with `oidc()` (Keycloak, Auth0, Okta,
 * authentik…): the popup code flow with PKCE and a server nonce, against the authorization
 * endpoint the server discovered. Its label names the issuer as the server's config does.
 *
 * @example
 * ```tsx
 * <OidcButton provider="okta" onSuccess={() => navigate('/')} />
 * ```
 */
export function OidcButton({ provider = 'oidc', scope, params, trustClosed, ...props }: OidcButtonProps) {
  const request = (config: ProviderConfig): PopupRequest | null => {
    const clientId = stringField(config, 'clientId');
    const authorizationEndpoint = stringField(config, 'authorizationEndpoint');
    if (!clientId || !authorizationEndpoint || !allowsFlow(config, 'code')) return null;
    return {
      clientId,
      authorizationEndpoint,
      scope: scope ?? 'openid email profile',
      nonce: true,
      ...(params ? { params } : {}),
      ...(trustClosed === undefined ? {} : { trustClosed }),
    };
  };
  return (
    <PopupCodeButton
      {...props}
      provider={provider}
      request={request}
      defaultLabel={oidcLabel}
      logo={<OidcLogo />}
      brandStyle={OIDC_STYLE}
    />
  );
}
