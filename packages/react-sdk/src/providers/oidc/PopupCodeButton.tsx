import type { CSSProperties, ReactNode } from 'react';
import type { SocialButtonProps } from '../../buttons/registry';
import type { PopupAuthorization, PopupCodeFlowOptions } from '../../core/popup/options';
import { runAttempt, runPopupAttempt } from '../../core/popup/popup-attempt';
import { codeCredential } from '../../core/popup/popup-sign-in';
import type { ProviderConfig } from '../../core/types';
import { useProviderConfig } from '../../hooks/useProviderConfig';
import { useSignInAttempt } from '../../hooks/useSignInAttempt';
import { SignInError } from '../../SignInError';
import { useSocialAuthContext } from '../../social-auth-context';

/** The authorization request of one provider, without the parts the button fills in. */
export type PopupRequest = Omit<PopupCodeFlowOptions, 'provider' | 'apiUrl' | 'signal'>;

/** Props of {@link PopupCodeButton}. */
export interface PopupCodeButtonProps extends SocialButtonProps {
  /** The provider id the server routes (`POST /:id`, `/callback/:id`). */
  provider: string;
  /** The authorization request from the provider's public config; `null` when the config cannot run it. */
  request: (config: ProviderConfig) => PopupRequest | null;
  /** Text when neither `label` nor `messages.buttons[provider]` is set. */
  defaultLabel: string | ((config: ProviderConfig | undefined) => string);
  /** The brand mark, before the text. */
  logo?: ReactNode;
  /** Brand look; `className` and `style` add to it, `unstyled` drops it. */
  brandStyle?: CSSProperties;
  style?: CSSProperties;
  /** Render without the brand style, for apps that style the button themselves. */
  unstyled?: boolean;
  /** What to post from the popup's answer. @default `{code, codeVerifier, redirectUri, user}` */
  toCredential?: (
    authorization: PopupAuthorization,
    config: ProviderConfig,
  ) => Readonly<Record<string, unknown>>;
  /**
   * Runs instead of the popup when it returns a promise (e.g. Apple JS when loaded); must open its
   * window synchronously. Resolves to the credential to post.
   */
  instead?: (config: ProviderConfig) => Promise<Readonly<Record<string, unknown>>> | null;
}

/** Layout every brand style builds on: logo and text centred in one row. */
export const BUTTON_BASE_STYLE: CSSProperties = {
  display: 'inline-flex',
  alignItems: 'center',
  justifyContent: 'center',
  gap: 12,
  boxSizing: 'border-box',
  minHeight: 41,
  padding: '0 12px',
  cursor: 'pointer',
  lineHeight: 1,
};

const DISABLED_STYLE: CSSProperties = { cursor: 'default', opacity: 0.6 };

/** `config[key]` when it is a non-empty string. */
export function stringField(config: ProviderConfig | undefined, key: string): string | undefined {
  const value = config?.[key];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** Whether the server enabled a flow; a config without `flows` enables every flow it supports. */
export function allowsFlow(config: ProviderConfig | undefined, flow: string): boolean {
  const flows = config?.flows;
  return !Array.isArray(flows) || flows.includes(flow);
}

/**
 * A login button for any provider the server runs with the popup authorization-code flow (PKCE):
 * reads the provider's public config, opens the popup on click, and signs in — or links, with
 * `intent="link"` — with the code. The GitHub, Microsoft and OIDC buttons are this with a brand.
 *
 * @example
 * ```tsx
 * <PopupCodeButton
 *   provider="acme"
 *   defaultLabel="Continue with Acme"
 *   request={(config) => ({ clientId: String(config.clientId), scope: 'openid email',
 *     authorizationEndpoint: String(config.authorizationEndpoint), nonce: true })}
 * />
 * ```
 */
export function PopupCodeButton(props: PopupCodeButtonProps) {
  const { provider, label, className, logo, unstyled } = props;
  const { client, messages } = useSocialAuthContext();
  const { config, loading } = useProviderConfig(provider);
  const attempt = useSignInAttempt(provider, props);
  const request = config ? props.request(config) : null;
  const text =
    label ??
    messages.buttons[provider] ??
    (typeof props.defaultLabel === 'function' ? props.defaultLabel(config) : props.defaultLabel);
  const usable = config !== undefined && request !== null;

  function onClick() {
    if (!config || !request) return;
    const instead = props.instead?.(config);
    if (instead) {
      void runAttempt(attempt, () => instead);
      return;
    }
    const toCredential = props.toCredential;
    void runPopupAttempt(
      attempt,
      { ...request, provider, apiUrl: client.apiUrl },
      () => client.getNonce(),
      toCredential ? (authorization) => toCredential(authorization, config) : codeCredential,
    );
  }

  const style: CSSProperties | undefined = unstyled
    ? props.style
    : { ...BUTTON_BASE_STYLE, ...props.brandStyle, ...(usable ? {} : DISABLED_STYLE), ...props.style };
  return (
    <div data-provider={provider}>
      <button
        type="button"
        className={className}
        style={style}
        // Stays clickable while a window is open: a click starts over, which is the way out when a
        // provider's window cannot be watched (see `trustClosed`).
        disabled={!usable}
        aria-busy={attempt.busy || loading}
        aria-label={text}
        onClick={onClick}
      >
        {logo}
        <span>{attempt.busy ? messages.signingIn : text}</span>
      </button>
      <SignInError error={attempt.error} />
    </div>
  );
}
