import type { CSSProperties } from 'react';
import type { SocialButtonProps } from '../../buttons/registry';
import type { ProviderConfig } from '../../core/types';
import { allowsFlow, PopupCodeButton, type PopupRequest, stringField } from '../oidc/PopupCodeButton';
import { GitHubMark } from './GitHubMark';

/** Props of {@link GitHubButton}. */
export interface GitHubButtonProps extends SocialButtonProps {
  /** @default 'dark' */
  theme?: 'dark' | 'light';
  /** `user:email` is what lets the server read the verified primary address. @default 'read:user user:email' */
  scope?: string;
  /** Extra authorization parameters, e.g. `{ prompt: 'select_account' }` or `{ allow_signup: 'false' }`. */
  params?: Readonly<Record<string, string>>;
  style?: CSSProperties;
  unstyled?: boolean;
}

/** github.com's authorization endpoint, used when the server's config names none (GitHub Enterprise does). */
export const GITHUB_AUTHORIZE_URL = 'https://github.com/login/oauth/authorize';

/** GitHub's dark and light button colours (Primer). */
export const GITHUB_STYLES: Readonly<Record<'dark' | 'light', CSSProperties>> = {
  dark: { background: '#24292f', color: '#ffffff', border: '1px solid #24292f' },
  light: { background: '#f6f8fa', color: '#24292f', border: '1px solid rgba(31, 35, 40, 0.15)' },
};

const FONT: CSSProperties = {
  borderRadius: 6,
  font: '600 15px system-ui, BlinkMacSystemFont, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif',
};

/**
 * "Continue with GitHub" with the Invertocat: GitHub's authorization-code popup with PKCE (S256,
 * supported by GitHub since 2025-07); the server exchanges the code with the client secret, since
 * GitHub's token endpoint has no CORS and needs the secret anyway.
 *
 * @example
 * ```tsx
 * <GitHubButton theme="light" onSuccess={() => navigate('/')} />
 * ```
 */
export function GitHubButton({ theme = 'dark', scope, params, ...props }: GitHubButtonProps) {
  const request = (config: ProviderConfig): PopupRequest | null => {
    const clientId = stringField(config, 'clientId');
    if (!clientId || !allowsFlow(config, 'code')) return null;
    return {
      clientId,
      authorizationEndpoint: stringField(config, 'authorizationEndpoint') ?? GITHUB_AUTHORIZE_URL,
      scope: scope ?? 'read:user user:email',
      ...(params ? { params } : {}),
    };
  };
  return (
    <PopupCodeButton
      {...props}
      provider="github"
      request={request}
      defaultLabel="Continue with GitHub"
      logo={<GitHubMark />}
      brandStyle={{ ...GITHUB_STYLES[theme], ...FONT }}
    />
  );
}
