import { createContext, useContext } from 'react';
import type { SocialAuthError } from './core/errors';
import type { ProvidersConfig, SocialAuthClient } from './core/types';
import type { SocialAuthMessages } from './messages';

export interface SocialAuthContextValue {
  client: SocialAuthClient;
  /** `null` while `GET /providers` is loading. */
  providers: ProvidersConfig | null;
  providersError: SocialAuthError | null;
  messages: SocialAuthMessages;
}

export const SocialAuthContext = createContext<SocialAuthContextValue | null>(null);

export function useSocialAuthContext(): SocialAuthContextValue {
  const value = useContext(SocialAuthContext);
  if (!value) throw new Error('socialkit: wrap your app in <SocialAuthProvider apiUrl="/auth">');
  return value;
}
