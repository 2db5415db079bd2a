import { useSyncExternalStore } from 'react';
import type { SignInCallbacks, SignInIntent } from './buttons/registry';
import { LOADING_STATE } from './core/client';
import type { ProviderId } from './core/types';
import { useProviders } from './hooks/useProviderConfig';
import { format } from './messages';
import { SignInError } from './SignInError';
import { useSocialAuthContext } from './social-auth-context';

/** Props of {@link SocialLogin}. */
export interface SocialLoginProps extends SignInCallbacks {
  /**
   * Provider ids to show, in order; ids the server does not offer, or with no registered button,
   * are left out.
   * @default every registered button, in registration order
   */
  providers?: ProviderId[];
  /** `'link'` adds the chosen provider to the signed-in user instead of signing in. @default 'signIn' */
  intent?: SignInIntent;
  /** Extra props per provider id, e.g. `{ [id]: { flow: 'code' } }`. */
  buttonProps?: Record<ProviderId, Record<string, unknown>>;
  className?: string;
}

const loading = () => LOADING_STATE;

/**
 * The registered login buttons in one accessible group. While a sign-in waits to be linked to an
 * existing account, it says so and shows only the buttons that can prove that account.
 *
 * @example
 * ```tsx
 * <SocialLogin providers={['acme', 'github']} onSuccess={() => navigate('/')} />
 * ```
 */
export function SocialLogin({ providers, intent, buttonProps, className, ...callbacks }: SocialLoginProps) {
  const { client, messages, buttons } = useSocialAuthContext();
  const { config, error } = useProviders();
  const { pendingLink } = useSyncExternalStore(client.subscribe, client.getState, loading);
  if (!config) {
    return (
      <fieldset className={className} aria-label={messages.loginGroup} aria-busy={!error}>
        {error ? null : <span role="status">{messages.loadingProviders}</span>}
        <SignInError error={error} />
      </fieldset>
    );
  }
  const linking = intent !== 'link' && pendingLink;
  const ids = linking ? pendingLink.providers : (providers ?? [...buttons.keys()]);
  const nameOf = (id: string) => messages.providerNames[id] ?? buttons.get(id)?.name ?? id;
  return (
    <fieldset className={className} aria-label={messages.loginGroup}>
      {linking ? (
        <p role="status">
          {format(messages.pendingLink, {
            existing: pendingLink.providers.map(nameOf).join(messages.or),
            pending: nameOf(pendingLink.provider),
          })}{' '}
          <button type="button" onClick={client.cancelLink}>
            {messages.cancelLink}
          </button>
        </p>
      ) : null}
      {ids.map((id) => {
        const Button = config[id] ? buttons.get(id)?.Button : undefined;
        return Button ? <Button key={id} intent={intent} {...buttonProps?.[id]} {...callbacks} /> : null;
      })}
    </fieldset>
  );
}
