import type { CSSProperties } from 'react';
import type { SocialButtonProps } from '../../buttons/registry';
import type { ProviderConfig } from '../../core/types';
import { allowsFlow, PopupCodeButton, type PopupRequest, stringField } from '../oidc/PopupCodeButton';
import { MicrosoftLogo } from './MicrosoftLogo';

/** Props of {@link MicrosoftButton}. */
export interface MicrosoftButtonProps extends SocialButtonProps {
  /** Microsoft's light or dark sign-in button. @default 'light' */
  theme?: 'light' | 'dark';
  /** `profile` carries `oid`, which the server keys users by. @default 'openid profile email' */
  scope?: string;
  /** @default `{ prompt: 'select_account' }` */
  params?: Readonly<Record<string, string>>;
  /**
   * Whether the popup's `closed` flag can be believed. Microsoft Entra cuts popups off from their
   * opener (Cross-Origin-Opener-Policy) for apps registered after January 2027, and a cut-off
   * window reads as closed while the user is still signing in; so by default the button waits for
   * the callback over the same-origin channel until the timeout or the next click.
   * @default false
   */
  trustClosed?: boolean;
  style?: CSSProperties;
  unstyled?: boolean;
}

/** The global Entra ID authority, used when the server's config names none (sovereign clouds do). */
export const MICROSOFT_AUTHORITY = 'https://login.microsoftonline.com';

/** Microsoft's button themes: Segoe UI 600 15px, 41px high, 12px padding and gap, square corners. */
export const MICROSOFT_STYLES: Readonly<Record<'light' | 'dark', CSSProperties>> = {
  light: { background: '#ffffff', color: '#5e5e5e', border: '1px solid #8c8c8c' },
  dark: { background: '#2f2f2f', color: '#ffffff', border: '1px solid #2f2f2f' },
};

const FONT: CSSProperties = { borderRadius: 0, font: '600 15px "Segoe UI", system-ui, sans-serif' };

/** `{authority}/{tenant}/oauth2/v2.0/authorize`, unless the server names the endpoint itself. */
export function microsoftAuthorizeUrl(config: ProviderConfig): string {
  const explicit = stringField(config, 'authorizationEndpoint');
  if (explicit) return explicit;
  const authority = (stringField(config, 'authority') ?? MICROSOFT_AUTHORITY).replace(/\/+$/, '');
  return `${authority}/${encodeURIComponent(stringField(config, 'tenant') ?? 'common')}/oauth2/v2.0/authorize`;
}

/**
 * "Sign in with Microsoft" with the four-square logo, in Microsoft's light or dark theme: the
 * v2.0 authorization-code popup with PKCE and a server nonce, no MSAL. The server exchanges the
 * code with the client secret and checks the ID token's issuer against its own tenant.
 *
 * @example
 * ```tsx
 * <MicrosoftButton theme="dark" onSuccess={() => navigate('/')} />
 * ```
 */
export function MicrosoftButton({
  theme = 'light',
  scope,
  params,
  trustClosed,
  ...props
}: MicrosoftButtonProps) {
  const request = (config: ProviderConfig): PopupRequest | null => {
    const clientId = stringField(config, 'clientId');
    if (!clientId || !allowsFlow(config, 'code')) return null;
    return {
      clientId,
      authorizationEndpoint: microsoftAuthorizeUrl(config),
      scope: scope ?? 'openid profile email',
      nonce: true,
      trustClosed: trustClosed ?? false,
      params: params ?? { prompt: 'select_account' },
    };
  };
  return (
    <PopupCodeButton
      {...props}
      provider="microsoft"
      request={request}
      defaultLabel="Sign in with Microsoft"
      logo={<MicrosoftLogo />}
      brandStyle={{ ...MICROSOFT_STYLES[theme], ...FONT }}
    />
  );
}
