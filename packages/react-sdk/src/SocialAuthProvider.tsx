import { type ReactNode, useMemo, useState } from 'react';
import { createButtonRegistry, type SocialButton } from './buttons/registry';
import { createSocialAuthClient } from './core/client';
import type { SocialAuthClientOptions } from './core/options';
import type { SocialAuthClient } from './core/types';
import { mergeMessages, type SocialAuthMessagesInput } from './messages';
import { SocialAuthContext, type SocialAuthContextValue } from './social-auth-context';

/** Props of {@link SocialAuthProvider}. Options are read once, on mount. */
export interface SocialAuthProviderProps
  extends Partial<Omit<SocialAuthClientOptions, 'locks' | 'storageKey'>> {
  /** Where the socialkit router is mounted, e.g. `"/auth"`. Required unless `client` is given. */
  apiUrl?: string;
  /** A client made with `createSocialAuthClient`, to share it with non-React code; the client options are then ignored. */
  client?: SocialAuthClient;
  /**
   * The buttons `<SocialLogin>` can show, registered by their provider id, e.g.
   * `[githubButton]` from `@socialkit/react/github`; each provider's entry exports its button.
   * @default []
   */
  buttons?: readonly SocialButton[];
  /** Our own text, for translation; merged over the English defaults. */
  messages?: SocialAuthMessagesInput;
  children?: ReactNode;
}

function createClientFromProps({
  client,
  apiUrl,
  buttons,
  messages,
  children,
  ...options
}: SocialAuthProviderProps) {
  if (client) return client;
  if (!apiUrl) throw new TypeError('<SocialAuthProvider>: pass `apiUrl` (e.g. "/auth") or `client`');
  return createSocialAuthClient({ apiUrl, ...options });
}

/**
 * Provides auth state to `useSocialAuth`, the registered buttons to `<SocialLogin>`, and the
 * client to custom buttons. Safe to render on a server: the client starts in effects.
 *
 * @example
 * ```tsx
 * import { githubButton } from '@socialkit/react/github';
 *
 * <SocialAuthProvider apiUrl="/auth" buttons={[githubButton]}>
 *   <App />
 * </SocialAuthProvider>
 * ```
 */
export function SocialAuthProvider(props: SocialAuthProviderProps) {
  const { messages: messagesInput, buttons: buttonList, children } = props;
  const [client] = useState(() => createClientFromProps(props));
  const [buttons] = useState(() => createButtonRegistry(buttonList));
  const messages = useMemo(() => mergeMessages(messagesInput), [messagesInput]);
  const value = useMemo<SocialAuthContextValue>(
    () => ({ client, messages, buttons }),
    [client, messages, buttons],
  );
  return <SocialAuthContext.Provider value={value}>{children}</SocialAuthContext.Provider>;
}
