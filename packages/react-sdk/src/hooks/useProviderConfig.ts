import { useSyncExternalStore } from 'react';
import type { ProviderConfig, ProviderId, ProvidersState } from '../core/types';
import { useSocialAuthContext } from '../social-auth-context';

/** The public provider config, loading `GET /providers` on first use unless it was given. */
export function useProviders(): ProvidersState {
  const { providers } = useSocialAuthContext().client;
  return useSyncExternalStore(providers.subscribe, providers.getState, providers.getState);
}

/**
 * One provider's public config (e.g. its client ID): `undefined` while loading or when the server
 * does not offer that provider (`loading` tells which).
 *
 * @example
 * ```tsx
 * const { config } = useProviderConfig('acme');
 * const clientId = typeof config?.clientId === 'string' ? config.clientId : null;
 * ```
 */
export function useProviderConfig(id: ProviderId): { config: ProviderConfig | undefined; loading: boolean } {
  const { status, config } = useProviders();
  return { config: config?.[id], loading: status === 'loading' };
}
