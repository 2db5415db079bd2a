import type { CSSProperties } from 'react';
import type { SocialButtonProps } from '../../buttons/registry';
import { callbackUrl } from '../../core/popup/authorize-url';
import type { PopupAuthorization } from '../../core/popup/options';
import type { ProviderConfig } from '../../core/types';
import { useNonce } from '../../hooks/useNonce';
import { useSocialAuthContext } from '../../social-auth-context';
import { allowsFlow, PopupCodeButton, type PopupRequest, stringField } from '../oidc/PopupCodeButton';
import { AppleLogo } from './AppleLogo';
import { appleJsSignIn, appleUserJson, loadedAppleJs } from './apple-js';

/** Props of {@link AppleButton}. */
export interface AppleButtonProps extends SocialButtonProps {
  /** Apple's button styles. @default 'black' */
  theme?: 'black' | 'white' | 'white-outline';
  /** Apple's titles: "Sign in with Apple" or "Continue with Apple". @default 'signIn' */
  title?: 'signIn' | 'continue';
  /** @default 'name email' */
  scope?: string;
  style?: CSSProperties;
  unstyled?: boolean;
}

/** Apple's authorization endpoint, used when the server's config names none. */
export const APPLE_AUTHORIZE_URL = 'https://appleid.apple.com/auth/authorize';

/** Apple HIG: black, white, or white with a black outline; the system font; title case. */
export const APPLE_STYLES: Readonly<Record<'black' | 'white' | 'white-outline', CSSProperties>> = {
  black: { background: '#000000', color: '#ffffff', border: '1px solid #000000' },
  white: { background: '#ffffff', color: '#000000', border: '1px solid #ffffff' },
  'white-outline': { background: '#ffffff', color: '#000000', border: '1px solid #000000' },
};

const FONT: CSSProperties = {
  minHeight: 44,
  gap: 6,
  borderRadius: 6,
  font: '500 17px -apple-system, BlinkMacSystemFont, "SF Pro Text", "Helvetica Neue", Helvetica, Arial, sans-serif',
};

/**
 * Sign in with Apple. With Apple JS on the page (`appleid.auth.js`), it runs Apple's popup with a
 * server nonce and posts the ID token; otherwise Apple's authorization page in our popup with
 * `response_mode=form_post`, answered by the router's callback page. The `user` JSON Apple sends on
 * first consent goes along (the server takes the name from it, never the email).
 *
 * @example
 * ```tsx
 * <AppleButton theme="white-outline" title="continue" />
 * ```
 */
export function AppleButton(props: AppleButtonProps) {
  // Apple JS needs its nonce before the click (its window must open synchronously), so it is
  // fetched ahead only when Apple JS is there to use it.
  return loadedAppleJs() ? <AppleJsButton {...props} /> : <AppleBrandedButton {...props} />;
}

function AppleJsButton(props: AppleButtonProps) {
  const { client } = useSocialAuthContext();
  const { nonce, renew } = useNonce();
  const instead = (config: ProviderConfig) => {
    const auth = loadedAppleJs();
    const clientId = stringField(config, 'clientId');
    if (!auth || !nonce || !clientId) return null;
    const redirectUri = callbackUrl(client.apiUrl, 'apple');
    const signIn = appleJsSignIn(auth, { clientId, redirectUri, nonce, scope: props.scope ?? 'name email' });
    renew();
    return signIn.then(({ authorization, user }) => {
      const userJson = appleUserJson(user);
      const extra = userJson ? { user: userJson } : {};
      if (authorization.id_token && allowsFlow(config, 'idToken'))
        return { idToken: authorization.id_token, ...extra };
      return { code: authorization.code, redirectUri, ...extra };
    });
  };
  return <AppleBrandedButton {...props} instead={instead} />;
}

function AppleBrandedButton({
  theme = 'black',
  title = 'signIn',
  scope,
  instead,
  ...props
}: AppleButtonProps & {
  instead?: (config: ProviderConfig) => Promise<Readonly<Record<string, unknown>>> | null;
}) {
  const request = (config: ProviderConfig): PopupRequest | null => {
    const clientId = stringField(config, 'clientId');
    if (!clientId) return null;
    return {
      clientId,
      authorizationEndpoint: stringField(config, 'authorizationEndpoint') ?? APPLE_AUTHORIZE_URL,
      scope: scope ?? 'name email',
      nonce: true,
      // Apple posts the answer (`form_post`) whenever name or email is asked for, and ignores PKCE:
      // the server nonce in the ID token is what binds this code to the browser.
      responseType: 'code id_token',
      pkce: false,
      params: { response_mode: 'form_post' },
    };
  };
  return (
    <PopupCodeButton
      {...props}
      provider="apple"
      request={request}
      toCredential={appleCredential}
      {...(instead ? { instead } : {})}
      defaultLabel={title === 'continue' ? 'Continue with Apple' : 'Sign in with Apple'}
      logo={<AppleLogo />}
      brandStyle={{ ...APPLE_STYLES[theme], ...FONT }}
    />
  );
}

/** The code when the server redeems Apple codes, else the ID token; with the first-consent `user`. */
function appleCredential({ code, idToken, redirectUri, user }: PopupAuthorization, config: ProviderConfig) {
  const extra = user ? { user } : {};
  if (allowsFlow(config, 'code') || !idToken) return { code, redirectUri, ...extra };
  return { idToken, ...extra };
}
