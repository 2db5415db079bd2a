import { GoogleOAuthProvider } from '@react-oauth/google';
import { type ReactNode, useEffect, useMemo, useState } from 'react';
import type { FetchLike } from './core/api';
import { createSocialAuthClient } from './core/client';
import { isSocialAuthError, SocialAuthError } from './core/errors';
import type { StorageOption } from './core/storage';
import type { ProvidersConfig, SocialAuthClient } from './core/types';
import { mergeMessages, type SocialAuthMessagesInput } from './messages';
import { SocialAuthContext, type SocialAuthContextValue } from './social-auth-context';

/** Props of {@link SocialAuthProvider}. Options are read once, on mount. */
export interface SocialAuthProviderProps {
  /** Where the socialkit router is mounted, e.g. `"/auth"`. Required unless `client` is given. */
  apiUrl?: string;
  /** Google config; with `google` or `facebook` set, `GET /providers` is skipped. */
  google?: ProvidersConfig['google'];
  facebook?: ProvidersConfig['facebook'];
  /** @default 'local' */
  storage?: StorageOption;
  /** A client made with `createSocialAuthClient`, to share it with non-React code. */
  client?: SocialAuthClient;
  /** Our own text, for translation; merged over the English defaults. */
  messages?: SocialAuthMessagesInput;
  /** @default 60 */
  refreshLeewaySeconds?: number;
  fetch?: FetchLike;
  children?: ReactNode;
}

function createClientFromProps(props: SocialAuthProviderProps, providers: ProvidersConfig | null) {
  if (props.client) return props.client;
  if (!props.apiUrl) throw new TypeError('<SocialAuthProvider>: pass `apiUrl` (e.g. "/auth") or `client`');
  return createSocialAuthClient({
    apiUrl: props.apiUrl,
    storage: props.storage,
    providers: providers ?? undefined,
    fetch: props.fetch,
    refreshLeewaySeconds: props.refreshLeewaySeconds,
  });
}

/**
 * Provides auth state to `useSocialAuth` and the login buttons, and wraps Google's
 * `GoogleOAuthProvider` when Google is configured. Safe to render on a server.
 *
 * @example
 * ```tsx
 * <SocialAuthProvider apiUrl="/auth" google={{ clientId: GOOGLE_CLIENT_ID }} facebook={{ appId: FB_APP_ID }}>
 *   <App />
 * </SocialAuthProvider>
 * ```
 */
export function SocialAuthProvider(props: SocialAuthProviderProps) {
  const { google, facebook, messages: messagesInput, children } = props;
  const [propsConfig] = useState<ProvidersConfig | null>(() =>
    google || facebook ? { ...(google && { google }), ...(facebook && { facebook }) } : null,
  );
  const [client] = useState(() => createClientFromProps(props, propsConfig));
  const [providers, setProviders] = useState<ProvidersConfig | null>(propsConfig);
  const [providersError, setProvidersError] = useState<SocialAuthError | null>(null);

  useEffect(() => {
    if (propsConfig) return;
    let live = true;
    client.getProviders().then(
      (config) => live && setProviders(config),
      (cause: unknown) =>
        live &&
        setProvidersError(
          isSocialAuthError(cause) ? cause : new SocialAuthError('network_error', 'Provider config failed'),
        ),
    );
    return () => {
      live = false;
    };
  }, [client, propsConfig]);

  const messages = useMemo(() => mergeMessages(messagesInput), [messagesInput]);
  const value = useMemo<SocialAuthContextValue>(
    () => ({ client, providers, providersError, messages }),
    [client, providers, providersError, messages],
  );
  const clientId = providers?.google?.clientId;
  return (
    <SocialAuthContext.Provider value={value}>
      {clientId ? <GoogleOAuthProvider clientId={clientId}>{children}</GoogleOAuthProvider> : children}
    </SocialAuthContext.Provider>
  );
}
